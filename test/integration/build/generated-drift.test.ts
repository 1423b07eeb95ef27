import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import * as tables from '../../../drizzle/tables';

/*
 * Generated artefacts are committed with their source; these fail when one was not regenerated.
 * (The emitted schema has its own check in ../schema/schema-drift.test.ts; the typecheck runs as
 * the first step of `npm test`.)
 */
const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

describe('committed generated code', () => {
  it('matches what codegen makes from client/operations today (run npm run codegen after changing an operation)', async () => {
    const { config } = await loadCodegenConfig({ configFilePath: new URL('codegen.yml', root).pathname });
    const cwd = process.cwd();
    process.chdir(new URL('.', root).pathname);
    try {
      const outputs = await generate({ ...config, silent: true, verbose: false }, false);
      expect(outputs.map((o: { filename: string }) => o.filename)).toEqual(['client/generated/graphql.ts']);
      expect(outputs[0].content).toBe(read('client/generated/graphql.ts'));
    } finally {
      process.chdir(cwd);
    }
  });

  it('has a migration for every table change (npm run db:generate would write nothing)', async () => {
    const journal = JSON.parse(read('drizzle/migrations/meta/_journal.json')) as { entries: { idx: number }[] };
    const last = String(journal.entries.at(-1)!.idx).padStart(4, '0');
    const previous = JSON.parse(read(`drizzle/migrations/meta/${last}_snapshot.json`));
    const current = await generateDrizzleJson(tables as Record<string, unknown>, previous.id);
    expect(await generateMigration(previous, current)).toEqual([]);
  });
});
