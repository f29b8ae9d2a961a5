import { expect, fixture, html } from '@open-wc/testing';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import { eventually, testBox, uniqueSessionName, waitForStatus } from './helpers.js';

describe('<croquet-chat> identity', () => {
  it('a site id of the longest length still names this person: a name, and own posts marked own', async () => {
    const userId = `${uniqueSessionName('long-user')}-`.padEnd(128, 'x');
    const el = await fixture<CroquetChat>(html`<croquet-chat session=${uniqueSessionName('long-id')} box=${testBox()} user-id=${userId}></croquet-chat>`);
    await waitForStatus(el, 'online');
    expect(el.nickname).to.not.equal('');
    expect(el.users.filter((user) => user.self)).to.have.length(1);
    el.send('mine');
    await eventually(() => el.messages.length === 1, 'the post never arrived');
    expect(el.messages[0].self).to.equal(true);
  });
});
