import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../src/croquet-chat.js';
import { eventually, uniqueSessionName, waitForStatus } from './helpers.js';

// A lost connection, for real: this file's page uses a spare server (Croquet allows one server per page)
// that the test runner stops and starts again on the same port and data directory.

const spare = (action: 'start' | 'stop') =>
  executeServerCommand<{ url: string | null; port: number }, { action: string }>('croquet-chat-spare-server', { action });

describe('<croquet-chat> losing its server', () => {
  after(async () => {
    await spare('stop');
  });

  it('shows reconnecting while the server is away and comes back online', async function () {
    this.timeout(60_000);
    const { url } = await spare('start');
    const el = document.createElement('croquet-chat');
    el.session = uniqueSessionName('blip');
    el.box = url!;
    document.body.append(el);
    try {
      await waitForStatus(el, 'online');
      el.send('before the outage');
      await eventually(() => el.messages.length === 1, 'post never arrived');
      const nickname = el.nickname;
      const statuses: string[] = [];
      el.addEventListener('croquet-chat-status', (event) => statuses.push(event.detail.status));

      await spare('stop');
      await waitForStatus(el, 'reconnecting', 15_000);
      await el.updateComplete;
      expect(el.getAttribute('status')).to.equal('reconnecting');
      expect(el.shadowRoot!.querySelector('[part~="status"]')!.textContent).to.equal('Reconnecting…');
      // The outbox keeps what is sent while away, shows it as pending, and posts it once back online.
      expect(el.send('while away')).to.equal(true);
      expect(el.send('and another')).to.equal(true);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelectorAll('[part~="pending-message"]')).to.have.length(2);
      await expect(el).to.be.accessible();

      await spare('start');
      await waitForStatus(el, 'online', 30_000);
      expect(statuses).to.deep.equal(['reconnecting', 'online']);
      await eventually(() => el.messages.length === 3, 'the queued posts never arrived');
      expect(el.messages.map((message) => message.text)).to.deep.equal(['before the outage', 'while away', 'and another']);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelectorAll('[part~="pending-message"]')).to.have.length(0);
      // Same view id after a reconnect, so the room still knows this participant by the same name.
      expect(el.nickname).to.equal(nickname);
    } finally {
      el.remove();
    }
  });
});
