/**
 * Ready-made translations for the `strings` property: German and Arabic (the demo's RTL instance).
 * Not part of the drop-in bundle: a page imports the one it needs, e.g.
 * `chat.strings = (await import('croquet-chat/locales.js')).de`, and sets `lang` (and `dir`) to match.
 * Arabic uses all six of its plural forms and Arabic-Indic digits, which is what Intl.PluralRules and
 * Intl.NumberFormat are for.
 */
import { listNames, plural } from './strings.js';
import type { ChatStrings } from './strings.js';

const othersDe = (count: number) => plural('de', count, { one: 'eine weitere Person', other: `${count} weitere` });

export const de: ChatStrings = Object.freeze({
  chat: 'Chat',
  youAre: (name: string) => `Du bist ${name}`,
  rename: 'Umbenennen',
  nameLabel: 'Dein Name',
  save: 'Speichern',
  cancel: 'Abbrechen',
  peopleHere: (count: number) => plural('de', count, { one: '1 Person hier', other: `${count} Personen hier` }),
  participantList: 'Personen in diesem Raum',
  you: '(du)',
  status: Object.freeze({
    connecting: 'Verbinde…',
    online: 'Online',
    reconnecting: 'Verbinde neu…',
    offline: 'Offline',
    error: 'Fehler',
  }),
  messages: 'Nachrichten',
  empty: 'Noch keine Nachrichten.',
  messageLabel: 'Nachricht',
  placeholder: 'Nachricht schreiben',
  send: 'Senden',
  sending: 'Wird gesendet…',
  charactersLeft: (count: number) => `noch ${count}`,
  offlineRetryIn: (seconds: number) => `Offline. Neuer Versuch in ${seconds} s`,
  offlineTrying: 'Offline. Verbinde neu…',
  retryNow: 'Jetzt versuchen',
  nextPostIn: (seconds: number) => `Nächste Nachricht in ${seconds} s`,
  slowModeNextPost: (seconds: number) => `Langsamer Modus: nächste Nachricht in ${seconds} s`,
  composerDisabled: Object.freeze({
    connecting: 'Verbinde… Schreiben geht, sobald der Chat online ist.',
    reconnecting: 'Verbinde neu… Dein Entwurf bleibt erhalten.',
    offline: 'Der Chat ist offline.',
    error: 'Der Chat ist nicht verfügbar.',
  }),
  joined: (names: readonly string[]) => `${listNames('de', names, othersDe)} ${names.length === 1 ? 'ist' : 'sind'} da`,
  left: (names: readonly string[]) => `${listNames('de', names, othersDe)} ${names.length === 1 ? 'ist' : 'sind'} gegangen`,
  renamed: (from: string, to: string) => `${from} heißt jetzt ${to}`,
  typingOne: (name: string) => `${name} schreibt…`,
  typingTwo: (first: string, second: string) => `${first} und ${second} schreiben…`,
  typingMany: 'Mehrere Personen schreiben…',
  newMessages: (count: number) => plural('de', count, { one: '1 neue Nachricht', other: `${count} neue Nachrichten` }),
  reset: Object.freeze({
    user: 'Chat auf Wunsch geleert',
    newcomer: 'Chat für neue Teilnehmer geleert',
    inactivity: 'Chat wegen Inaktivität geleert',
    moderator: 'Chat von der Moderation geleert',
  }),
  clearChat: 'Chat leeren',
  clearConfirm: 'Den Chat für alle leeren?',
  today: 'Heute',
  yesterday: 'Gestern',
  errors: Object.freeze({
    config: 'Der Chat ist nicht richtig eingerichtet.',
    unreachable: 'Der Chat-Server ist nicht erreichbar.',
    password: 'Das Passwort passt nicht zu diesem Raum.',
    timeout: 'Der Chat-Server hat uns nicht rechtzeitig hereingelassen.',
    connection: 'Die Verbindung zum Chat-Server ist abgebrochen.',
    conflict: 'Dieser Raum oder Server wird schon von einem anderen Chat auf dieser Seite benutzt.',
    unknown: 'Im Chat ist etwas schiefgegangen.',
  }),
});

const arabicNumber = new Intl.NumberFormat('ar-EG');
const n = (count: number) => arabicNumber.format(count);
const othersAr = (count: number) =>
  plural('ar', count, { one: 'شخص آخر', two: 'شخصان آخران', few: `${n(count)} آخرين`, other: `${n(count)} آخر` });

export const ar: ChatStrings = Object.freeze({
  chat: 'الدردشة',
  youAre: (name: string) => `أنت ${name}`,
  rename: 'إعادة التسمية',
  nameLabel: 'اسمك',
  save: 'حفظ',
  cancel: 'إلغاء',
  peopleHere: (count: number) =>
    plural('ar', count, {
      zero: 'لا أحد هنا',
      one: 'شخص واحد هنا',
      two: 'شخصان هنا',
      few: `${n(count)} أشخاص هنا`,
      many: `${n(count)} شخصًا هنا`,
      other: `${n(count)} شخص هنا`,
    }),
  participantList: 'الأشخاص في هذه الغرفة',
  you: '(أنت)',
  status: Object.freeze({
    connecting: 'جارٍ الاتصال…',
    online: 'متصل',
    reconnecting: 'جارٍ إعادة الاتصال…',
    offline: 'غير متصل',
    error: 'خطأ',
  }),
  messages: 'الرسائل',
  empty: 'لا توجد رسائل بعد.',
  messageLabel: 'رسالة',
  placeholder: 'اكتب رسالة',
  send: 'إرسال',
  sending: 'جارٍ الإرسال…',
  charactersLeft: (count: number) => `متبقٍ ${n(count)}`,
  offlineRetryIn: (seconds: number) => `غير متصل. إعادة المحاولة خلال ${n(seconds)} ث`,
  offlineTrying: 'غير متصل. جارٍ إعادة الاتصال…',
  retryNow: 'أعد المحاولة الآن',
  nextPostIn: (seconds: number) => `الرسالة التالية خلال ${n(seconds)} ث`,
  slowModeNextPost: (seconds: number) => `الوضع البطيء: الرسالة التالية خلال ${n(seconds)} ث`,
  composerDisabled: Object.freeze({
    connecting: 'جارٍ الاتصال… يمكنك الكتابة عندما تصبح الدردشة متصلة.',
    reconnecting: 'جارٍ إعادة الاتصال… مسودتك محفوظة.',
    offline: 'الدردشة غير متصلة.',
    error: 'الدردشة غير متاحة.',
  }),
  joined: (names: readonly string[]) => `انضم ${listNames('ar', names, othersAr)}`,
  left: (names: readonly string[]) => `غادر ${listNames('ar', names, othersAr)}`,
  renamed: (from: string, to: string) => `${from} أصبح اسمه ${to}`,
  typingOne: (name: string) => `${name} يكتب…`,
  typingTwo: (first: string, second: string) => `${first} و${second} يكتبان…`,
  typingMany: 'عدة أشخاص يكتبون…',
  newMessages: (count: number) =>
    plural('ar', count, {
      one: 'رسالة جديدة واحدة',
      two: 'رسالتان جديدتان',
      few: `${n(count)} رسائل جديدة`,
      many: `${n(count)} رسالة جديدة`,
      other: `${n(count)} رسالة جديدة`,
    }),
  reset: Object.freeze({
    user: 'تم مسح الدردشة بطلب من مستخدم',
    newcomer: 'تم مسح الدردشة للمشاركين الجدد',
    inactivity: 'تم مسح الدردشة بسبب عدم النشاط',
    moderator: 'مسح أحد المشرفين الدردشة',
  }),
  clearChat: 'مسح الدردشة',
  clearConfirm: 'مسح الدردشة للجميع؟',
  today: 'اليوم',
  yesterday: 'أمس',
  errors: Object.freeze({
    config: 'الدردشة غير مُعدة بشكل صحيح.',
    unreachable: 'تعذر الوصول إلى خادم الدردشة.',
    password: 'كلمة المرور لا تطابق كلمة مرور الغرفة.',
    timeout: 'لم يسمح لنا خادم الدردشة بالدخول في الوقت المحدد.',
    connection: 'انقطع الاتصال بخادم الدردشة.',
    conflict: 'هذه الغرفة أو هذا الخادم مستخدم في دردشة أخرى على هذه الصفحة.',
    unknown: 'حدث خطأ في الدردشة.',
  }),
});
