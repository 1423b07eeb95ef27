import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import type { Message, MessageKey } from '../../platform/i18n';

/** zxcvbn's 0–4 scale; 3 is "safely unguessable" against throttled online guessing and slow offline hashing. */
export const MIN_PASSWORD_SCORE = 3;
export const PASSWORD_LENGTH = { min: 8, max: 128 } as const;

let estimator: ZxcvbnFactory | undefined;

/**
 * zxcvbn's feedback as our catalog keys (`password.warning.*`, `password.suggestion.*`), so the
 * advice is given in the caller's language like every other message.
 */
const FEEDBACK_KEYS = {
  ...english.translations,
  warnings: Object.fromEntries(Object.keys(english.translations.warnings).map((k) => [k, `password.warning.${k}`])),
  suggestions: Object.fromEntries(Object.keys(english.translations.suggestions).map((k) => [k, `password.suggestion.${k}`])),
} as typeof english.translations;

/** Built on first use: the dictionaries take a moment and some memory, and most processes never need them. */
function strength(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    translations: FEEDBACK_KEYS,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...english.dictionary },
  });
  return estimator;
}

/**
 * Why a password is refused, or null when it is good enough: the length bounds, then the strength
 * estimate, which also counts the person's own words (`personal`: mobile, name) as guessable.
 */
export function passwordWeakness(password: string, personal: string[] = []): Message | null {
  if (password.length < PASSWORD_LENGTH.min || password.length > PASSWORD_LENGTH.max) {
    return { key: 'password.length', params: { ...PASSWORD_LENGTH } };
  }
  // Long passphrases are strong on length alone; the estimator's cost grows with length.
  if (password.length > 64 && new Set(password).size > 8) return null;
  const inputs = personal.map((p) => p.trim()).filter(Boolean);
  const result = strength().check(password, inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const advice = (result.feedback.warning || result.feedback.suggestions[0] || 'password.advice.moreWords') as MessageKey;
  return { key: 'password.tooEasy', params: { advice: { key: advice, params: {} } } };
}
