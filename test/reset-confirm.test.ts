import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import { DEFAULT_STRINGS } from '../src/i18n/strings.js';
import type { Peer } from './helpers.js';
import { barrier, eventually, focusedPart, openPeer, part, testBox, uniquePerson, uniqueSessionName, waitForStatus } from './helpers.js';

// reset="confirm": typing /reset asks "Clear the chat for everyone?" before anything happens to the room.
// Both participants carry the rule (pages with other rules are in another session).

/** The confirm bar's buttons, named by the strings table (they have no parts of their own). */
function confirmButton(el: CroquetChat, name: string): HTMLButtonElement {
  const button = [...part(el, 'confirm')!.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === name);
  if (!button) throw new Error(`the confirm bar has no "${name}" button`);
  return button;
}

/** Types /reset into an emptied composer and presses Enter. */
async function askToReset(el: CroquetChat): Promise<void> {
  const input = part(el, 'input') as HTMLTextAreaElement;
  input.focus();
  input.select();
  await sendKeys({ type: '/reset' }); // replaces whatever the draft held
  await sendKeys({ press: 'Enter' });
  await el.updateComplete;
}

describe('<croquet-chat reset="confirm">', () => {
  let peer: Peer | undefined;
  afterEach(() => {
    peer?.close();
    peer = undefined;
  });

  it('asks first: Cancel (or Escape) keeps the history, Clear resets it for everyone', async function () {
    this.timeout(40_000);
    const session = uniqueSessionName('confirm');
    const el = await fixture<CroquetChat>(html`<croquet-chat session=${session} box=${testBox()} user-id=${uniquePerson()} reset="confirm"></croquet-chat>`);
    await waitForStatus(el, 'online');
    peer = await openPeer({ session, box: testBox(), reset: 'confirm' });
    await waitForStatus(peer.el, 'online');
    peer.el.send('keep me');
    await eventually(() => el.messages.length === 1, 'the post never arrived');

    await askToReset(el);
    const bar = part(el, 'confirm')!;
    expect(bar, 'the question shows').to.not.equal(null);
    expect(bar.getAttribute('role')).to.equal('alertdialog');
    expect(bar.textContent).to.contain(DEFAULT_STRINGS.clearConfirm);
    const focused = el.shadowRoot!.activeElement;
    expect(focused?.closest('[part~="confirm"]') !== null && focused?.textContent?.trim() === DEFAULT_STRINGS.cancel, 'focus moves to the safe answer').to.equal(true);
    await expect(el).to.be.accessible();
    // A reset sent on Enter would be in both histories before a marker this page posts after it.
    const asked = await barrier(el, peer.el);
    expect(peer.el.messages.map((m) => m.text), 'nothing happened yet').to.deep.equal(['keep me', asked]);

    confirmButton(el, DEFAULT_STRINGS.cancel).click();
    await el.updateComplete;
    expect(part(el, 'confirm')).to.equal(null);
    expect(focusedPart(el), 'back to writing').to.equal('input');
    const cancelled = await barrier(el, peer.el);
    expect(peer.el.messages.map((m) => m.text)).to.deep.equal(['keep me', asked, cancelled]);
    expect(el.messages.map((m) => m.text)).to.deep.equal(['keep me', asked, cancelled]);

    // Escape answers "no" as well.
    await askToReset(el);
    expect(part(el, 'confirm')).to.not.equal(null);
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(part(el, 'confirm')).to.equal(null);
    expect(focusedPart(el)).to.equal('input');

    await askToReset(el);
    confirmButton(el, DEFAULT_STRINGS.clearChat).click();
    await eventually(() => peer!.el.messages.length === 1 && peer!.el.messages[0].kind === 'system', 'the peer\'s history was never cleared');
    expect(peer.el.messages[0].notice).to.deep.equal({ type: 'reset', reason: 'user' });
    await eventually(() => el.messages.length === 1 && el.messages[0].kind === 'system', 'my history was never cleared');
    await el.updateComplete;
    expect(part(el, 'confirm')).to.equal(null);
    expect((part(el, 'input') as HTMLTextAreaElement).value, '"/reset" does not stay in the composer').to.equal('');
  });

  it('posts other text at once, without asking', async function () {
    this.timeout(20_000);
    const el = await fixture<CroquetChat>(html`<croquet-chat session=${uniqueSessionName('confirm-text')} box=${testBox()} user-id=${uniquePerson()} reset="confirm"></croquet-chat>`);
    await waitForStatus(el, 'online');
    (part(el, 'input') as HTMLTextAreaElement).focus();
    await sendKeys({ type: 'how do I /reset this?' });
    await sendKeys({ press: 'Enter' });
    await eventually(() => el.messages.length === 1, 'the post never arrived');
    await el.updateComplete;
    expect(part(el, 'confirm')).to.equal(null);
    expect(el.messages[0].text).to.equal('how do I /reset this?');
  });
});
