import { readFileSync } from 'node:fs';
import { buildSchema, findBreakingChanges } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printAppSchema } from '../../../server/schema';

describe('schema', () => {
  it('matches the checked-in schema/schema.graphql (run npm run schema:emit after changing resolvers)', async () => {
    const emitted = readFileSync(new URL('../../../schema/schema.graphql', import.meta.url), 'utf8');
    expect(await printAppSchema()).toBe(emitted);
  });

  it('keeps every name and type of the API floor in ../shared/contract/core.graphql', async () => {
    const contractUrl = new URL('../../../../shared/contract/core.graphql', import.meta.url);
    let contract: string;
    try {
      contract = readFileSync(contractUrl, 'utf8');
    } catch {
      contract = readFileSync(new URL('../../../docs/contract/core.graphql', import.meta.url), 'utf8');
    }
    const breaks = findBreakingChanges(buildSchema(contract), buildSchema(await printAppSchema()));
    expect(breaks.map((b) => `${b.type}: ${b.description}`)).toEqual([]);
  });
});
