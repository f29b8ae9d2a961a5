import { expect } from '@open-wc/testing';
import { de } from '../src/i18n/locales.js';
import { noticeLine } from '../src/i18n/notice-line.js';
import { noticeText } from '../src/model/room-entries.js';
import { DEFAULT_STRINGS } from '../src/i18n/strings.js';
import type { ChatNotice } from '../src/types.js';

const NOTICES: ChatNotice[] = [
  { type: 'reset', reason: 'user' },
  { type: 'reset', reason: 'newcomer' },
  { type: 'reset', reason: 'inactivity' },
  { type: 'rename', from: 'Fig', to: 'Ada' },
  { type: 'joined', names: ['Fig'] },
  { type: 'left', names: ['Fig', 'Kiwi'] },
];

describe('noticeLine()', () => {
  it('words every notice in English as the model words it, where the model has one name', () => {
    const lines = NOTICES.map((notice) => noticeLine(notice, DEFAULT_STRINGS));
    expect(lines).to.deep.equal([
      'Chat reset at user request',
      'Chat reset for new participants',
      'Chat reset due to inactivity',
      'Fig is now Ada',
      'Fig joined',
      'Fig and Kiwi left',
    ]);
    for (const notice of NOTICES.slice(0, 5)) expect(noticeLine(notice, DEFAULT_STRINGS)).to.equal(noticeText(notice));
  });

  it('words notices in the reader\'s language', () => {
    expect(noticeLine({ type: 'joined', names: ['Fig', 'Kiwi'] }, de)).to.equal('Fig und Kiwi sind da');
    expect(noticeLine({ type: 'reset', reason: 'inactivity' }, de)).to.equal('Chat wegen Inaktivität geleert');
    expect(noticeLine({ type: 'rename', from: 'Fig', to: 'Ada' }, de)).to.equal('Fig heißt jetzt Ada');
  });
});
