import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import { DEFAULT_STRINGS } from '../src/i18n/strings.js';
import type { Peer } from './helpers.js';
import { barrier, eventually, focusedPart, onlineChat, openPeer, part, parts, testBox, uniquePerson, uniqueSessionName, waitForStatus } from './helpers.js';

// The header as people use it: your name is a button that renames you in place, the participant count
// a toggle for the list of who is here. Two participants: this page and a peer in an iframe.

/** A fresh app id: the chosen name is remembered per app id, and tests must not hand theirs to each other. */
function uniqueAppId(): string {
  return `test.rename.${Math.random().toString(36).slice(2, 10)}`;
}

async function joined(attributes: { session: string; appId: string; userId?: string }): Promise<CroquetChat> {
  const el = await fixture<CroquetChat>(html`<croquet-chat session=${attributes.session} app-id=${attributes.appId} box=${testBox()}
    user-id=${attributes.userId ?? ''}></croquet-chat>`);
  await waitForStatus(el, 'online');
  await el.updateComplete;
  return el;
}

/** Clicks the name button and waits for the rename form. */
async function startRename(el: CroquetChat): Promise<HTMLInputElement> {
  part(el, 'nickname')!.click();
  await el.updateComplete;
  const input = part(el, 'name-input') as HTMLInputElement | null;
  expect(input, 'the rename form shows a name input').to.not.equal(null);
  return input!;
}

/** The rendered system lines (renames, resets) of `el`'s log. */
function systemLines(el: CroquetChat): string[] {
  return parts(el, 'system-message').map((line) => line.querySelector('[part~="text"]')?.textContent ?? '');
}

describe('<croquet-chat> header', () => {
  let peer: Peer | undefined;
  afterEach(() => {
    peer?.close();
    peer = undefined;
  });

  describe('renaming yourself', () => {
    it('edits the name in place: Enter saves, the other person sees "A is now B", focus returns to the name', async function () {
      this.timeout(30_000);
      const session = uniqueSessionName('rename');
      const appId = uniqueAppId();
      const el = await joined({ session, appId });
      peer = await openPeer({ session, box: testBox(), 'app-id': appId });
      await waitForStatus(peer.el, 'online');
      const before = el.nickname;

      const input = await startRename(el);
      expect(focusedPart(el), 'the name input takes focus').to.equal('name-input');
      expect(input.value, 'it starts from the current name').to.equal(before);
      expect(input.selectionStart === 0 && input.selectionEnd === before.length, 'the current name is selected, so typing replaces it').to.equal(true);
      await sendKeys({ type: 'Grace Hopper' });
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;

      expect(part(el, 'rename-form'), 'the form closes').to.equal(null);
      expect(focusedPart(el), 'focus is back on the name button').to.equal('nickname');
      await eventually(() => el.nickname === 'Grace Hopper', `the room never gave the name (it is ${el.nickname})`);
      await el.updateComplete;
      expect(part(el, 'nickname')!.textContent).to.contain('Grace Hopper');

      // The other person is told, in their log, and their participant data has the new name.
      const line = DEFAULT_STRINGS.renamed(before, 'Grace Hopper');
      await eventually(() => systemLines(peer!.el).includes(line), `the peer never saw "${line}" (it saw ${JSON.stringify(systemLines(peer.el))})`);
      expect(peer.el.users.map((user) => user.nickname)).to.include('Grace Hopper');
      expect(systemLines(el)).to.include(line);
    });

    it('Escape (or Cancel) keeps the name and returns focus to the name button', async function () {
      this.timeout(30_000);
      const session = uniqueSessionName('rename-cancel');
      const appId = uniqueAppId();
      const el = await joined({ session, appId });
      peer = await openPeer({ session, box: testBox(), 'app-id': appId });
      await waitForStatus(peer.el, 'online');
      const before = el.nickname;

      await startRename(el);
      await sendKeys({ type: 'Not my name' });
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(part(el, 'rename-form'), 'Escape closes the form').to.equal(null);
      expect(focusedPart(el)).to.equal('nickname');
      expect(part(el, 'nickname')!.textContent).to.contain(before);

      await startRename(el);
      expect((part(el, 'name-input') as HTMLInputElement).value, 'a new edit starts from the real name, not the abandoned draft').to.equal(before);
      await sendKeys({ type: 'Nor this one' });
      part(el, 'rename-cancel')!.click();
      await el.updateComplete;
      expect(part(el, 'rename-form')).to.equal(null);
      expect(focusedPart(el)).to.equal('nickname');

      // Nothing reached the room: a rename sent on Escape or Cancel would be in both histories before a
      // marker this page posts after them. No rename line on either side, and the name stands.
      await barrier(el, peer.el);
      expect(el.nickname).to.equal(before);
      expect(systemLines(peer.el)).to.deep.equal([]);
      expect(systemLines(el)).to.deep.equal([]);
      expect(peer.el.users.map((user) => user.nickname)).to.include(before);
    });

    it('saving an unchanged name closes the form; a blank one says so and changes nothing', async () => {
      const el = await joined({ session: uniqueSessionName('rename-blank'), appId: uniqueAppId() });
      const before = el.nickname;
      await startRename(el);
      await sendKeys({ press: 'Enter' }); // unchanged
      await el.updateComplete;
      expect(part(el, 'rename-form')).to.equal(null);
      const input = await startRename(el);
      await sendKeys({ type: '   ' }); // replaces the selected name
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(part(el, 'name-problem')!.textContent).to.equal(DEFAULT_STRINGS.nameEmpty);
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(part(el, 'rename-form')).to.equal(null);
      await barrier(el); // a rename sent by either Enter would be in the history before this marker
      expect(el.nickname).to.equal(before);
      expect(systemLines(el)).to.deep.equal([]);
    });

    it('a reload keeps the chosen name: the same person in the room, and this browser in new rooms of the app', async function () {
      this.timeout(40_000);
      const session = uniqueSessionName('rename-reload');
      const appId = uniqueAppId();
      const userId = uniquePerson();
      const el = await joined({ session, appId, userId });
      await startRename(el);
      await sendKeys({ type: 'Chosen Name' });
      await sendKeys({ press: 'Enter' });
      await eventually(() => el.nickname === 'Chosen Name', 'the rename never arrived');
      el.remove();
      await waitForStatus(el, 'offline');

      // Reloaded: a new element (a new Croquet view) for the same person, in the same room.
      const again = await joined({ session, appId, userId });
      expect(again.nickname).to.equal('Chosen Name');
      expect(part(again, 'nickname')!.textContent).to.contain('Chosen Name');
      again.remove();
      await waitForStatus(again, 'offline');

      // A room that never met this person still gets the name: this browser remembers it for the person in the app id…
      const elsewhere = await joined({ session: uniqueSessionName('rename-elsewhere'), appId, userId });
      expect(elsewhere.nickname).to.equal('Chosen Name');
      elsewhere.remove();
      await waitForStatus(elsewhere, 'offline');
      // …and only for that app id.
      const otherApp = await joined({ session: uniqueSessionName('rename-other-app'), appId: uniqueAppId() });
      expect(otherApp.nickname).to.not.equal('Chosen Name');
      expect(otherApp.nickname).to.not.equal('');
      otherApp.remove();
    });

    it('a name the page sets with `nickname` is not remembered as the user\'s choice', async function () {
      this.timeout(30_000);
      const appId = uniqueAppId();
      const el = await fixture<CroquetChat>(html`<croquet-chat session=${uniqueSessionName('page-name')} app-id=${appId} box=${testBox()} nickname="Signed In"></croquet-chat>`);
      await waitForStatus(el, 'online');
      await eventually(() => el.nickname === 'Signed In', 'the page-given name never arrived');
      el.remove();
      const next = await joined({ session: uniqueSessionName('page-name-next'), appId });
      expect(next.nickname).to.not.equal('Signed In');
      next.remove();
    });
  });

  describe('the participant list', () => {
    it('opens from the count: aria-expanded, everyone present by name, your own entry marked', async function () {
      this.timeout(30_000);
      const session = uniqueSessionName('list');
      const el = await onlineChat(session);
      peer = await openPeer({ session, box: testBox() });
      await waitForStatus(peer.el, 'online');
      await eventually(() => el.users.length === 2, 'the peer never arrived');
      await el.updateComplete;

      const toggle = part(el, 'participants')!;
      expect(toggle.localName).to.equal('button');
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      expect(toggle.textContent).to.equal(DEFAULT_STRINGS.peopleHere(2));
      expect(part(el, 'participant-list'), 'closed at first').to.equal(null);

      toggle.focus();
      await sendKeys({ press: 'Enter' }); // as a keyboard user opens it
      await el.updateComplete;
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      const list = part(el, 'participant-list')!;
      expect(toggle.getAttribute('aria-controls')).to.equal(list.id);
      expect(el.shadowRoot!.getElementById(toggle.getAttribute('aria-controls')!)?.getAttribute('part')).to.equal('participant-list');
      const entries = parts(el, 'participant');
      expect(entries.map((entry) => entry.textContent.includes(el.nickname) || entry.textContent.includes(peer!.el.nickname))).to.deep.equal([true, true]);
      expect(entries.map((entry) => entry.textContent.includes(peer!.el.nickname))).to.deep.equal([false, true]); // in order of arrival: you came first
      const self = parts(el, 'participant-self');
      expect(self).to.have.length(1);
      expect(self[0].textContent).to.contain(el.nickname);
      expect(self[0].textContent).to.contain(DEFAULT_STRINGS.you);
      await expect(el).to.be.accessible();

      // It follows the room: a rename and a departure show up while it is open.
      peer.el.nickname = 'Renamed Peer';
      await eventually(() => parts(el, 'participant').some((entry) => entry.textContent.includes('Renamed Peer')), 'the list never showed the rename');
      peer.close();
      peer = undefined;
      await eventually(() => parts(el, 'participant').length === 1, 'the list never lost the peer', 10_000);
      expect(parts(el, 'participant-self')).to.have.length(1);
      expect(toggle.textContent).to.equal(DEFAULT_STRINGS.peopleHere(1));

      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      expect(part(el, 'participant-list')).to.equal(null);
      expect(focusedPart(el), 'focus stays on the toggle').to.equal('participants');
    });

    it('the peer sees its own entry marked, not yours', async function () {
      this.timeout(30_000);
      const session = uniqueSessionName('list-peer');
      const el = await onlineChat(session);
      peer = await openPeer({ session, box: testBox() });
      await waitForStatus(peer.el, 'online');
      await eventually(() => peer!.el.users.length === 2, 'the peer never saw you');
      await peer.el.updateComplete;
      part(peer.el, 'participants')!.click();
      await peer.el.updateComplete;
      const self = parts(peer.el, 'participant-self');
      expect(self).to.have.length(1);
      expect(self[0].textContent).to.contain(peer.el.nickname);
      expect(self[0].textContent).to.not.contain(el.nickname);
    });
  });

  it('is accessible while renaming', async () => {
    const el = await joined({ session: uniqueSessionName('a11y-rename'), appId: uniqueAppId() });
    await startRename(el);
    await expect(el).to.be.accessible();
  });
});
