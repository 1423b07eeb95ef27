import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import * as english from '@zxcvbn-ts/language-en';
import { CATALOGS, LANGUAGES, translate, type MessageKey } from '../../../server/platform/i18n';

/**
 * The message catalogs (server/i18n/*.json) against each other and against the code: a message
 * with no translation, a key the code uses that no catalog holds, or an English sentence handed
 * straight to a typed error fails here (most of it also fails to compile: MessageKey is the keys
 * every catalog has).
 */
const [zh, en] = [CATALOGS['zh-CN'], CATALOGS.en];
const CJK = /[\u3400-\u9fff]/;

/** Every argument a message takes, with its kind (and a select's cases): what it can reveal. */
function argumentsOf(elements: MessageFormatElement[], into = new Map<string, string>()): Map<string, string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    if (el.type === TYPE.tag) {
      argumentsOf(el.children, into);
      continue;
    }
    // A plural's cases are the language's own (Chinese has only `other`); a select's are the value's.
    into.set(el.value, el.type === TYPE.select ? `select(${Object.keys(el.options).sort().join('|')})` : el.type === TYPE.date || el.type === TYPE.time ? 'date' : 'value');
    if (el.type === TYPE.select || el.type === TYPE.plural) for (const option of Object.values(el.options)) argumentsOf(option.value, into);
  }
  return into;
}

function sampleArguments(args: Map<string, string>): Record<string, string | number> {
  return Object.fromEntries([...args].map(([name, kind]) => [name, kind === 'value' ? 2 : kind === 'date' ? Date.now() : 'x']));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const serverSource = sourceFiles('server').map((path) => ({ path, text: readFileSync(path, 'utf8') }));

describe('the message catalogs', () => {
  it('hold the same keys in every language', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    expect(LANGUAGES).toEqual(['zh-CN', 'en']);
  });

  it('give every message the same arguments in every language, so no language says more than another', () => {
    const differing = Object.keys(en).filter((key) => {
      const [a, b] = [argumentsOf(parse(en[key])), argumentsOf(parse(zh[key]))];
      return JSON.stringify([...a].sort()) !== JSON.stringify([...b].sort());
    });
    expect(differing).toEqual([]);
  });

  it('translate every message: Chinese text in zh-CN, none in English, nothing empty', () => {
    const untranslated = Object.keys(zh).filter((key) => !CJK.test(zh[key]));
    const chineseInEnglish = Object.keys(en).filter((key) => CJK.test(en[key]) || en[key].trim() === '');
    expect({ untranslated, chineseInEnglish }).toEqual({ untranslated: [], chineseInEnglish: [] });
  });

  it('render every message in every language with its arguments', () => {
    for (const key of Object.keys(en) as MessageKey[]) {
      const params = sampleArguments(argumentsOf(parse(en[key])));
      for (const language of LANGUAGES) expect(translate(language, { key, params })).not.toMatch(/^\s*$/);
    }
  });

  it('cover every piece of password advice the strength estimator can give', () => {
    const advice = [
      ...Object.keys(english.translations.warnings).map((k) => `password.warning.${k}`),
      ...Object.keys(english.translations.suggestions).map((k) => `password.suggestion.${k}`),
    ];
    expect(advice.filter((key) => !(key in en))).toEqual([]);
  });
});

describe('the code against the catalogs', () => {
  const TYPED = /new (BadUserInputError|ForbiddenError|ConflictError|UnauthenticatedError|QueryLimitError|LocalizedError)\(\s*(['"`])([^'"`]*)\2/g;

  it('hands typed errors catalog keys, never a sentence', () => {
    const raw = serverSource.flatMap(({ path, text }) => [...text.matchAll(TYPED)]
      .filter((m) => !(m[3] in en))
      .map((m) => `${path}: ${m[0]}`));
    expect(raw).toEqual([]);
  });

  it('names only record kinds the catalogs know in NOT_FOUND', () => {
    const unknown = serverSource.flatMap(({ path, text }) => [...text.matchAll(/new NotFoundError\(\s*'(\w+)'/g)]
      .filter((m) => !(`notFound.${m[1]}` in en))
      .map((m) => `${path}: ${m[0]}`));
    expect(unknown).toEqual([]);
  });

  it('uses only keys the catalogs hold, and the catalogs hold no message nothing says', () => {
    const code = serverSource.map((f) => f.text).join('\n');
    const referenced = [...code.matchAll(/'((?:[a-z][A-Za-z]*)(?:\.[A-Za-z]+)+)'/g)].map((m) => m[1])
      .filter((literal) => /^[a-z]+\.[a-z][A-Za-z]*$/.test(literal) && !/\.(ts|js|json|graphql)$/.test(literal));
    const namespaces = new Set(Object.keys(en).map((key) => key.split('.')[0]));
    const missing = [...new Set(referenced)].filter((key) => namespaces.has(key.split('.')[0]) && !(key in en));
    // Families the code builds from a value: record kinds, and zxcvbn's advice (checked above).
    const dynamic = (key: string) => key.startsWith('password.warning.') || key.startsWith('password.suggestion.')
      || (key.startsWith('notFound.') && code.includes(`'${key.slice('notFound.'.length)}'`));
    const unused = Object.keys(en).filter((key) => !code.includes(`'${key}'`) && !dynamic(key));
    expect({ missing, unused }).toEqual({ missing: [], unused: [] });
  });
});
