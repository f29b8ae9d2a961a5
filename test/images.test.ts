import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../src/croquet-chat.js';
import type { CroquetChat } from '../src/croquet-chat.component.js';
import { DEFAULT_STRINGS } from '../src/i18n/strings.js';
import type { ChatMessage, ChatModelOptions } from '../src/types.js';
import { BUSY_ROOM, barrier, eventually, focusedPart, openPeer, part, parts, testBox, uniquePerson, uniqueSessionName, viewOf, waitForStatus, type Peer } from './helpers.js';

// Images as people send and see them, across real pages on the real server: the attach button, a pasted
// image and a dropped one; the thumbnail on the other page, the viewer it opens, the author's alt text;
// a late joiner, and a restart of the server. This page is one person (its keyboard is the one the tests
// type on, and axe checks its document); the iframes are the others.

const S = DEFAULT_STRINGS;

const peers: Peer[] = [];
afterEach(() => {
  for (const peer of peers.splice(0)) peer.close();
});

/** This page and a peer in a fresh room with the rules `rules`, both online and seeing each other. */
async function room(prefix: string, rules: ChatModelOptions = BUSY_ROOM): Promise<{ me: CroquetChat; other: CroquetChat; session: string }> {
  const session = uniqueSessionName(prefix);
  const me = await fixture<CroquetChat>(html`<croquet-chat session=${session} box=${testBox()} user-id=${uniquePerson()} .modelOptions=${rules}></croquet-chat>`);
  const peer = await openPeer({ session, box: testBox() }, undefined, 400, rules);
  peers.push(peer);
  await waitForStatus(me, 'online');
  await waitForStatus(peer.el, 'online');
  await eventually(() => me.users.length === 2 && peer.el.users.length === 2, 'the pages never saw each other');
  return { me, other: peer.el, session };
}

/**
 * A PNG of `width` × `height` (two colours, so it compresses small), as a file named `name`, made in the
 * window of `owner` (its page: Croquet stores only bytes of its own window's ArrayBuffer).
 */
async function png(width: number, height: number, name: string, owner?: Element): Promise<File> {
  const win = (owner?.ownerDocument.defaultView ?? window);
  const canvas = new win.OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#1d4ed8';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#dc2626';
  context.fillRect(width / 4, height / 4, width / 2, height / 2);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return new win.File([blob], name, { type: 'image/png' });
}

/** The post of `el` whose image has the alt text `alt`. */
function imagePost(el: CroquetChat, alt: string): ChatMessage | undefined {
  return el.messages.find((message) => message.image?.alt === alt);
}

/** Waits until `el` shows the image with alt text `alt` loaded in a thumbnail; returns the `<img>`. */
async function loadedThumbnail(el: CroquetChat, alt: string): Promise<HTMLImageElement> {
  let found: HTMLImageElement | undefined;
  await eventually(() => {
    found = parts(el, 'image')
      .map((button) => button.querySelector('img'))
      .find((img): img is HTMLImageElement => img !== null && img.alt === alt && img.complete && img.naturalWidth > 0);
    return found !== undefined;
  }, `the thumbnail "${alt}" never loaded`, 15_000);
  return found!;
}

/** The thumbnail button around `img`. */
function thumbnailOf(img: HTMLImageElement): HTMLButtonElement {
  return img.closest<HTMLButtonElement>('[part~="image"]')!;
}

function viewer(el: CroquetChat): HTMLDialogElement | null {
  return part(el, 'image-viewer') as HTMLDialogElement | null;
}

/** A DataTransfer holding `files` (and `text`, as text/plain), as the clipboard or a drag would. */
function transferOf(files: File[], text?: string): DataTransfer {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  if (text !== undefined) transfer.setData('text/plain', text);
  return transfer;
}

/** Calls `watch` after every change to `el`'s shadow DOM (once per batch) until the returned stop is called. */
function onChanges(el: CroquetChat, watch: (records: MutationRecord[]) => void): () => void {
  const observer = new MutationObserver(watch);
  observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true, attributes: true });
  return () => observer.disconnect();
}

// Assertions on elements compare booleans or numbers: chai would print a failing element whole, and a chat
// element's object graph is too big for that.

describe('<croquet-chat> images', () => {
  it('shows an image on the other page as a thumbnail named by its file, scaled to at most 1,600 px, sized before it loads', async function () {
    this.timeout(60_000);
    const { me, other } = await room('images-scaled');
    const statuses = new Set<string>();
    const stopWatchingMe = onChanges(me, () => parts(me, 'upload-status').forEach((status) => statuses.add(status.textContent.replace(/\s+/g, ' ').trim())));
    // The box the thumbnail takes the moment it first shows on the other page, before any byte loaded.
    let firstBox: { width: number; height: number; loaded: boolean } | undefined;
    const stopWatchingOther = onChanges(other, () => {
      const button = part(other, 'image');
      if (!button || firstBox) return;
      const { width, height } = button.getBoundingClientRect();
      firstBox = { width, height, loaded: button.querySelector('img') !== null };
    });

    expect(await me.sendImage(await png(3000, 2000, 'wide landscape.png'))).to.equal(true);
    stopWatchingMe();
    expect([...statuses], 'what the composer said while it sent').to.include(`${S.sendingImage} wide landscape.png`);
    await me.updateComplete;
    expect(part(me, 'upload-status') === null, 'the note goes once the image is posted').to.equal(true);

    const img = await loadedThumbnail(other, 'wide landscape.png');
    stopWatchingOther();
    const post = imagePost(other, 'wide landscape.png')!;
    expect(post.text).to.equal('');
    expect([post.image!.width, post.image!.height]).to.deep.equal([1600, 1067]);
    expect([img.naturalWidth, img.naturalHeight], 'the bytes are scaled, not just the box').to.deep.equal([1600, 1067]);
    const box = thumbnailOf(img).getBoundingClientRect();
    expect(box.width).to.be.at.most(240);
    expect(box.width / box.height).to.be.closeTo(1.5, 0.02);
    expect(firstBox!.loaded, 'the first sight of the thumbnail is before its image loaded').to.equal(false);
    expect([firstBox!.width, firstBox!.height], 'no layout shift when the image arrives').to.deep.equal([box.width, box.height]);
    // The sender sees it too.
    expect((await loadedThumbnail(me, 'wide landscape.png')).naturalWidth).to.equal(1600);
  });

  it('leaves the rows of images as they are when a new post arrives', async function () {
    this.timeout(60_000);
    const { me, other } = await room('images-cheap');
    expect(await other.sendImage(await png(120, 90, 'still.png', other))).to.equal(true);
    const row = thumbnailOf(await loadedThumbnail(me, 'still.png')).closest('[part~="message"]')!;
    await me.updateComplete;
    const touched: Node[] = [];
    const stop = onChanges(me, (records) => touched.push(...records.map((record) => record.target)));
    expect(other.send('and a text after it')).to.equal(true);
    await eventually(() => me.messages.some((message) => message.text === 'and a text after it'), 'the text never arrived');
    await me.updateComplete;
    stop();
    expect(touched.length, 'the new post changed the log').to.be.greaterThan(0);
    expect(touched.filter((node) => row.contains(node)).length, 'changes inside the image row').to.equal(0);
  });

  it('refuses a file that is too large or not an image, says why above the composer, and posts nothing', async function () {
    this.timeout(60_000);
    const { me, other } = await room('images-refused');
    const huge = new File([new Uint8Array(6 * 1024 * 1024)], 'huge.png', { type: 'image/png' });
    expect(await me.sendImage(huge)).to.equal(false);
    await me.updateComplete;
    expect(part(me, 'upload-problem')!.textContent).to.contain('huge.png').and.contain(S.imageTooLarge);
    await expect(me).to.be.accessible();

    expect(await me.sendImage(new File(['just words'], 'notes.txt', { type: 'text/plain' }))).to.equal(false);
    await me.updateComplete;
    expect(part(me, 'upload-problem')!.textContent).to.contain('notes.txt').and.contain(S.imageWrongType);
    expect(parts(me, 'upload-problem')).to.have.length(1);

    // A Blob has no name: the sentence stands alone.
    expect(await me.sendImage(new Blob(['<svg/>'], { type: 'image/svg+xml' }))).to.equal(false);
    await me.updateComplete;
    expect(part(me, 'upload-problem')!.textContent.trim()).to.equal(S.imageWrongType);

    part(me, 'upload-dismiss')!.click();
    await me.updateComplete;
    expect(part(me, 'upload-problem') === null).to.equal(true);

    await barrier(me, other);
    expect(other.messages.filter((message) => message.image !== null)).to.have.length(0);
    expect(parts(other, 'image')).to.have.length(0);
  });

  it('opens the full image in a dialog from the keyboard and gives focus back when it closes', async function () {
    this.timeout(60_000);
    const { me, other } = await room('images-viewer');
    expect(await other.sendImage(await png(800, 600, 'harbour.png', other))).to.equal(true);
    const thumbnail = thumbnailOf(await loadedThumbnail(me, 'harbour.png'));
    expect(thumbnail.getAttribute('aria-label')).to.equal(S.imageLabel('harbour.png'));
    await expect(me).to.be.accessible();

    thumbnail.focus();
    await sendKeys({ press: 'Enter' });
    await me.updateComplete;
    const dialog = viewer(me)!;
    expect(dialog.open && dialog.matches(':modal'), 'a modal dialog').to.equal(true);
    const full = part(me, 'full-image') as HTMLImageElement;
    await eventually(() => full.complete && full.naturalWidth === 800, 'the full image never showed');
    expect(full.alt).to.equal('harbour.png');
    expect(part(me, 'edit-alt') === null, 'only the author may edit the alt text').to.equal(true);
    await expect(me).to.be.accessible();

    await sendKeys({ press: 'Escape' });
    await eventually(() => viewer(me) === null, 'Escape never closed the viewer');
    expect(focusedPart(me)).to.equal('image');

    thumbnail.click();
    await me.updateComplete;
    expect(viewer(me)!.open).to.equal(true);
    part(me, 'image-viewer-close')!.click();
    await me.updateComplete;
    expect(viewer(me) === null).to.equal(true);
    expect(me.shadowRoot!.activeElement === thumbnail, 'focus is back on the thumbnail').to.equal(true);
  });

  it('lets the author edit the alt text; the other page and a late joiner see it', async function () {
    this.timeout(60_000);
    const { me, other, session } = await room('images-alt');
    expect(await me.sendImage(await png(64, 48, 'IMG_0042.png'))).to.equal(true);
    const thumbnail = thumbnailOf(await loadedThumbnail(me, 'IMG_0042.png'));
    await loadedThumbnail(other, 'IMG_0042.png');

    thumbnail.click();
    await me.updateComplete;
    part(me, 'edit-alt')!.click();
    await me.updateComplete;
    expect(focusedPart(me)).to.equal('alt-input');
    expect((part(me, 'alt-input') as HTMLInputElement).value).to.equal('IMG_0042.png');
    await expect(me).to.be.accessible();
    // Escape closes only the form, not the viewer.
    await sendKeys({ press: 'Escape' });
    await me.updateComplete;
    expect(part(me, 'alt-form') === null).to.equal(true);
    expect(viewer(me)?.open).to.equal(true);
    expect(focusedPart(me)).to.equal('edit-alt');

    await sendKeys({ press: 'Enter' }); // "Edit alt text" again, from the keyboard
    await me.updateComplete;
    await sendKeys({ type: 'A red square on blue' }); // the old text is selected: typing replaces it
    await sendKeys({ press: 'Enter' });
    await eventually(() => imagePost(other, 'A red square on blue') !== undefined, 'the new alt text never reached the other page');
    await me.updateComplete;
    expect(part(me, 'alt-form') === null).to.equal(true);
    expect(focusedPart(me)).to.equal('edit-alt');
    expect((part(me, 'full-image') as HTMLImageElement).alt).to.equal('A red square on blue');
    await loadedThumbnail(other, 'A red square on blue');
    await sendKeys({ press: 'Escape' });
    await eventually(() => viewer(me) === null, 'the viewer never closed');

    // Only the author: the room would not take it from anyone else, and the element says no at once.
    const id = imagePost(other, 'A red square on blue')!.id;
    expect(other.setImageAlt(id, 'not mine')).to.equal(false);
    viewOf(other).setAlt(id, 'not mine either'); // as a modified client would: the room refuses it
    await barrier(other, me);
    expect(imagePost(me, 'A red square on blue')?.id).to.equal(id);

    const late = await openPeer({ session, box: testBox() }, undefined, 400, BUSY_ROOM);
    peers.push(late);
    await waitForStatus(late.el, 'online');
    const img = await loadedThumbnail(late.el, 'A red square on blue');
    expect([img.naturalWidth, img.naturalHeight]).to.deep.equal([64, 48]);
  });

  it('sends an image pasted into the message box as a post of its own, keeping the draft', async function () {
    this.timeout(60_000);
    const { me, other } = await room('images-paste');
    const input = part(me, 'input') as HTMLTextAreaElement;
    input.focus();
    await sendKeys({ type: 'look at this' });

    const paste = new ClipboardEvent('paste', { clipboardData: transferOf([await png(40, 40, 'pasted.png')]), bubbles: true, cancelable: true, composed: true });
    input.dispatchEvent(paste);
    expect(paste.defaultPrevented, 'the image is not pasted into the text').to.equal(true);
    await loadedThumbnail(other, 'pasted.png');
    expect(input.value).to.equal('look at this');
    expect(imagePost(me, 'pasted.png')!.text).to.equal('');

    // A clipboard with text as well (copied from a document) pastes its text as usual.
    const withText = new ClipboardEvent('paste', { clipboardData: transferOf([await png(40, 40, 'with text.png')], 'some words'), bubbles: true, cancelable: true, composed: true });
    input.dispatchEvent(withText);
    expect(withText.defaultPrevented).to.equal(false);
    await barrier(me, other);
    expect(imagePost(other, 'with text.png') === undefined).to.equal(true);
  });

  it('answers the post the composer is replying to with an image pasted then, showing the quote, and closes the reply bar', async function () {
    this.timeout(60_000);
    const { me, other } = await room('images-reply');
    expect(other.send('what does the dashboard say?')).to.equal(true);
    await eventually(() => me.messages.some((m) => m.text === 'what does the dashboard say?'), 'the question never arrived');
    const question = me.messages.find((m) => m.text === 'what does the dashboard say?')!;
    const line = me.shadowRoot!.querySelector(`[data-message-id="${question.id}"]`)!;
    line.querySelector<HTMLButtonElement>('[part~="message-actions"]')!.click();
    await me.updateComplete;
    parts(me, 'action').find((item) => item.textContent?.trim() === S.reply)!.click();
    await eventually(() => part(me, 'reply-preview') !== null, 'the reply bar never showed');

    const input = part(me, 'input') as HTMLTextAreaElement;
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transferOf([await png(40, 40, 'answer.png')]), bubbles: true, cancelable: true, composed: true }));
    await loadedThumbnail(other, 'answer.png');
    expect(imagePost(other, 'answer.png')!.replyTo).to.equal(question.id);
    const answer = other.shadowRoot!.querySelector(`[data-message-id="${imagePost(other, 'answer.png')!.id}"]`)!;
    expect(answer.querySelector('[part~="reply-quote"] .quote-text')?.textContent).to.equal('what does the dashboard say?');
    expect(part(me, 'reply-preview') === null, 'the reply bar closed').to.equal(true);
  });

  it('sends images dropped on the widget, with a drop target while files are over it', async function () {
    this.timeout(60_000);
    const { me, other } = await room('images-drop');
    const log = part(me, 'log')!;
    const drag = (type: string, transfer: DataTransfer) => {
      const event = new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true, composed: true });
      log.dispatchEvent(event);
      return event;
    };
    const transfer = transferOf([await png(50, 30, 'dropped.png')]);

    drag('dragenter', transfer);
    await me.updateComplete;
    expect(part(me, 'drop-target')?.textContent?.trim()).to.equal(S.dropImage);
    await expect(me).to.be.accessible();
    drag('dragleave', transfer);
    await me.updateComplete;
    expect(part(me, 'drop-target') === null, 'dragged away again').to.equal(true);

    drag('dragenter', transfer);
    expect(drag('dragover', transfer).defaultPrevented, 'the widget takes the drop').to.equal(true);
    expect(drag('drop', transfer).defaultPrevented, 'the browser does not open the file').to.equal(true);
    await me.updateComplete;
    expect(part(me, 'drop-target') === null).to.equal(true);
    await loadedThumbnail(other, 'dropped.png');

    // Text dragged from the page is not a file: no drop target.
    drag('dragenter', transferOf([], 'a dragged word'));
    await me.updateComplete;
    expect(part(me, 'drop-target') === null).to.equal(true);
  });

  it('sends an image picked with the attach button', async function () {
    this.timeout(60_000);
    const { me, other } = await room('images-picker');
    const button = part(me, 'attach-button') as HTMLButtonElement;
    expect(button.getAttribute('aria-label')).to.equal(S.attachImage);
    const picker = me.shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')!;
    expect(picker.accept.split(',')).to.have.members(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);
    let opened = false;
    picker.addEventListener('click', (event) => {
      opened = true;
      event.preventDefault(); // no native dialog in a test
    });
    button.click();
    expect(opened, 'the button opens the file picker').to.equal(true);

    picker.files = transferOf([await png(30, 60, 'picked.png'), await png(30, 30, 'second.png')]).files;
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    await loadedThumbnail(other, 'picked.png');
    await loadedThumbnail(other, 'second.png');
    expect(other.messages.filter((message) => message.image).map((message) => message.image!.alt)).to.deep.equal(['picked.png', 'second.png']);
  });

  it('shows an image post that waits for its turn dimmed, with its thumbnail, in both densities', async function () {
    this.timeout(60_000);
    const { me, other } = await room('images-pending', { slowMode: 3 });
    for (const density of ['comfortable', 'compact'] as const) {
      me.density = density;
      expect(me.send(`a text first (${density})`)).to.equal(true);
      const sent = me.sendImage(await png(90, 60, `waiting ${density}.png`));
      await eventually(
        () => parts(me, 'pending-message').some((row) => row.querySelector('[part~="image"] img') !== null),
        `no pending image post (${density})`,
      );
      const pending = parts(me, 'pending-message').find((row) => row.querySelector('[part~="image"]'))!;
      const dimmed = pending.querySelector(density === 'compact' ? '[part~="image"]' : '.bubble')!;
      expect(getComputedStyle(dimmed).opacity, `dimmed (${density})`).to.equal('0.75');
      expect(await sent).to.equal(true);
      await loadedThumbnail(other, `waiting ${density}.png`);
      await eventually(() => parts(me, 'pending-message').length === 0, 'the image post never left the outbox');
      await loadedThumbnail(me, `waiting ${density}.png`);
    }
  });

  it('says "Image unavailable" for an image that cannot be loaded', async function () {
    this.timeout(60_000);
    const { me, other } = await room('images-unavailable');
    expect(await other.sendImage(await png(40, 40, 'real.png', other))).to.equal(true);
    await eventually(() => imagePost(other, 'real.png') !== undefined, 'the image never arrived');
    // A modified client posts an image whose handle leads nowhere (the room checks its form, not its bytes).
    const real = imagePost(other, 'real.png')!.image!;
    const broken = { ...real, handle: `${real.handle.slice(0, -8)}AAAAAAAA`, alt: 'ghost.png' };
    viewOf(other).post('', `broken-${Date.now()}`, Date.now(), 0, broken);
    await eventually(() => parts(me, 'image').some((button) => button.textContent.includes(S.imageUnavailable)), 'never said the image is unavailable', 15_000);
    const button = parts(me, 'image').find((candidate) => candidate.textContent.includes('ghost.png'))!;
    expect(button.textContent).to.contain(S.imageUnavailable);
    await expect(me).to.be.accessible();
    button.click();
    await me.updateComplete;
    expect(viewer(me) === null, 'no viewer for an image that is not there').to.equal(true);
  });
});

describe('<croquet-chat> images across a server restart', () => {
  // A spare server the test runner stops and starts again on the same port and data directory (see
  // tools/local-server-plugin.mjs). Croquet takes one server per page, so the people here are iframes.
  const spare = (action: 'start' | 'stop') =>
    executeServerCommand<{ url: string | null; port: number }, { action: string }>('croquet-chat-spare-server', { action });
  after(async () => {
    await spare('stop');
  });

  it('still loads an image after the server restarted, for someone who joins afterwards', async function () {
    this.timeout(120_000);
    const { url } = await spare('start');
    const session = uniqueSessionName('images-restart');
    const sender = await openPeer({ session, box: url! });
    peers.push(sender);
    await waitForStatus(sender.el, 'online');
    expect(await sender.el.sendImage(await png(320, 200, 'before the restart.png', sender.el))).to.equal(true);
    await eventually(() => imagePost(sender.el, 'before the restart.png') !== undefined, 'the image post never arrived');

    await spare('stop');
    await eventually(() => sender.el.status !== 'online', 'the sender never noticed the server left', 15_000);
    await spare('start');
    await waitForStatus(sender.el, 'online', 40_000);

    const late = await openPeer({ session, box: url! });
    peers.push(late);
    await waitForStatus(late.el, 'online', 40_000);
    const img = await loadedThumbnail(late.el, 'before the restart.png');
    expect([img.naturalWidth, img.naturalHeight]).to.deep.equal([320, 200]);
  });
});
