import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const catalog = (language: string) => JSON.parse(readFileSync(`client/console/src/i18n/${language}.json`, 'utf8')) as Record<string, string>;

describe('the console catalogs', () => {
  it('hold the same keys in Chinese and English, none empty', () => {
    const zh = catalog('zh-CN');
    const en = catalog('en');
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of [...Object.entries(zh), ...Object.entries(en)]) expect(text.trim(), key).not.toBe('');
  });
});
