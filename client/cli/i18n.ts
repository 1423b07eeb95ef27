import { createIntl, createIntlCache } from '@formatjs/intl';
import { zh, type MessageId } from './messages/zh';
import { en } from './messages/en';
import type { Language } from './settings';

export type Translate = (id: MessageId, values?: Record<string, string | number>) => string;

const cache = createIntlCache();
const CATALOGS: Record<Language, Record<MessageId, string>> = { zh, en };

/** The command line's own words in one language (ICU messages, @formatjs/intl); the server's come in the same language through Accept-Language. */
export function translator(language: Language, onError: (error: Error) => void = () => {}): Translate {
  const intl = createIntl({ locale: language === 'zh' ? 'zh-CN' : 'en', messages: CATALOGS[language], timeZone: SHANGHAI, onError }, cache);
  // Angle brackets are text here (<file>, <url>), not rich-text tags.
  return (id, values) => intl.formatMessage({ id }, values, { ignoreTag: true });
}

/** Every message id, for the test that each one formats in both languages. */
export const MESSAGE_IDS = Object.keys(zh) as MessageId[];

export const SHANGHAI = 'Asia/Shanghai';

/** An instant as a Shanghai wall-clock time: 2022-04-10 08:00 (or only 08:00). */
export function shanghai(instant: string | Date, part: 'datetime' | 'time' | 'date' = 'datetime'): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: SHANGHAI, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(date).map((p) => [p.type, p.value]));
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}:${parts.minute}`;
  return part === 'date' ? day : part === 'time' ? time : `${day} ${time}`;
}

/** Today's date in Shanghai. */
export function shanghaiToday(now = new Date()): string {
  return shanghai(now, 'date');
}
