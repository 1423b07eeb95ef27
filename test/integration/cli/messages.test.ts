import { describe, expect, it } from 'vitest';
import { MESSAGE_IDS, translator } from '../../../client/cli/i18n';
import { barFormat } from '../../../client/cli/import/run';
import { en } from '../../../client/cli/messages/en';
import { zh as zhCatalog, type MessageId } from '../../../client/cli/messages/zh';
import type { Language } from '../../../client/cli/settings';

/** Every placeholder of the message in either language gets 1: a number for plurals, text for the rest. */
function valuesFor(id: MessageId): Record<string, number> {
  const names = [...`${zhCatalog[id]} ${en[id]}`.matchAll(/\{\s*([A-Za-z_]\w*)\s*[,}]/g)].map((m) => m[1]);
  return Object.fromEntries(names.map((name) => [name, 1]));
}

describe('the command line\'s words', () => {
  for (const language of ['zh', 'en'] as Language[]) {
    it(`formats every message in ${language} without a missing value or a syntax error`, () => {
      const problems: string[] = [];
      const t = translator(language, (error) => problems.push(error.message));
      const formatted = MESSAGE_IDS.map((id) => [id, t(id, valuesFor(id))] as const);
      expect(problems).toEqual([]);
      expect(formatted.filter(([id, text]) => text === id || text.trim() === '')).toEqual([]);
    });
  }

  it('says the same things in Chinese and English, not one language twice', () => {
    const zh = translator('zh');
    const english = translator('en');
    const same = MESSAGE_IDS.filter((id) => /[\u4e00-\u9fff]/.test(zh(id, valuesFor(id))) && zh(id, valuesFor(id)) === english(id, valuesFor(id)));
    expect(same).toEqual([]);
  });

  it('leaves the progress bar\'s own placeholders for cli-progress to fill in', () => {
    for (const language of ['zh', 'en'] as Language[]) {
      expect(barFormat(translator(language, (error) => { throw error; }))).toMatch(/\{bar\}.*\{percentage\}.*\{value\}\/\{total\}.*\{rate\}.*\{eta_formatted\}/);
    }
  });
});
