import { AsyncLocalStorage } from 'node:async_hooks';
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import Negotiator from 'negotiator';
import en from '../i18n/en.json';
import zhCN from '../i18n/zh-CN.json';

/**
 * The languages the server speaks (README: "Languages"). Chinese is the default: a request that
 * names no language, or only languages we do not have, is answered in it.
 */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

/** A key present in every catalog: using one that is missing anywhere does not compile. */
export type MessageKey = keyof typeof en & keyof typeof zhCN;
/** ICU arguments; an argument may itself be a message (a record kind, a status), rendered in the same language. */
export type MessageParams = { [name: string]: string | number | MessageRef };
export type MessageRef = { key: MessageKey; params: MessageParams };
/** What a service says: a catalog key, with its ICU arguments when the message has any. */
export type Message = MessageKey | MessageRef;

/** `Message` in one shape, for code that stores or forwards it. */
export function messageRef(message: Message): MessageRef {
  return typeof message === 'string' ? { key: message, params: {} } : message;
}

export const CATALOGS: Record<Language, Record<string, string>> = { 'zh-CN': zhCN, en };

const cache = createIntlCache();
const intls = new Map<Language, IntlShape>(LANGUAGES.map((language) => [language, createIntl({
  locale: language,
  messages: CATALOGS[language],
  // A missing key or argument is a bug in our code, never something to paper over with the key.
  onError: (error) => { throw error; },
}, cache)]));

export type Translate = (message: Message) => string;

/** Renders a message in `language` (ICU: plurals, selects and numbers formatted for the language). */
export function translate(language: Language, message: Message): string {
  const { key, params } = messageRef(message);
  const values = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'object' ? translate(language, value) : value]));
  return intls.get(language)!.formatMessage({ id: key }, values) as string;
}

export function translator(language: Language): Translate {
  return (message) => translate(language, message);
}

/**
 * The language for an `Accept-Language` value (`en-US,en;q=0.9`, `zh`, `*`), or a bare tag as a
 * graphql-ws client gives it: the client's most preferred language we have, else the default.
 */
export function negotiateLanguage(accepted: unknown): Language {
  if (typeof accepted !== 'string' || accepted.trim() === '') return DEFAULT_LANGUAGE;
  const [best] = new Negotiator({ headers: { 'accept-language': accepted } }).languages([...LANGUAGES]);
  return (best as Language | undefined) ?? DEFAULT_LANGUAGE;
}

/**
 * The language of the HTTP request being served. Apollo calls `formatError` without the request's
 * context, and answers some malformed requests before it builds one; the HTTP handler runs each
 * request inside `inLanguage` so the one exit can still speak the caller's language.
 */
const requestLanguage = new AsyncLocalStorage<Language>();

export function inLanguage<T>(language: Language, work: () => T): T {
  return requestLanguage.run(language, work);
}

export function currentLanguage(): Language {
  return requestLanguage.getStore() ?? DEFAULT_LANGUAGE;
}
