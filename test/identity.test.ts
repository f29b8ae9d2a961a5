import { expect, fixture, html } from '@open-wc/testing';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import { barrier, eventually, part, testBox, uniquePerson, uniqueSessionName, waitForStatus } from './helpers.js';

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

  it('two accounts on one browser (two `user-id`s) keep their own names across the app\'s rooms', async function () {
    this.timeout(40_000);
    const appId = `test.accounts.${Math.random().toString(36).slice(2, 10)}`;
    const chat = (userId: string) => fixture<CroquetChat>(html`<croquet-chat session=${uniqueSessionName('account')} app-id=${appId} box=${testBox()} user-id=${userId}></croquet-chat>`);
    const [first, second] = [uniquePerson(), uniquePerson()];
    const [a1, a2, b] = await Promise.all([chat(first), chat(first), chat(second)]);
    await Promise.all([a1, a2, b].map((el) => waitForStatus(el, 'online')));
    await eventually(() => a1.nickname !== '' && a1.nickname === a2.nickname, 'one account\'s rooms never agreed on a name');
    const other = b.nickname;

    // The first account renames itself in one room: its other room follows, the second account does not.
    part(a1, 'nickname')!.click();
    await a1.updateComplete;
    (part(a1, 'name-input') as HTMLInputElement).value = 'First Account';
    (part(a1, 'rename-form') as HTMLFormElement).requestSubmit();
    await eventually(() => a2.nickname === 'First Account', `the account's other room is ${a2.nickname}`);
    await barrier(b);
    expect(b.nickname).to.equal(other);
  });
});
