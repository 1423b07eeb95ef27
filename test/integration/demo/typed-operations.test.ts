import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as generated from '../../../client/generated/graphql';

/*
 * The demo loader is a client like any other (issue 10): it sends the generated documents of
 * client/operations through the SDK, and no GraphQL text of its own that codegen never checked.
 */
const folder = new URL('../../../server/demo/', import.meta.url);
const sources = readdirSync(folder).filter((name) => name.endsWith('.ts'))
  .map((name) => ({ name, text: readFileSync(new URL(name, folder), 'utf8') }));

describe('the demo loader\'s operations', () => {
  it('are all generated documents sent through the SDK', () => {
    // gql.ts is the transport: it forwards whatever document it is handed.
    const sent = sources.filter(({ name }) => name !== 'gql.ts').flatMap(({ text }) => [...text.matchAll(/\.request\(\s*([\w.]+)/g)].map((m) => m[1]));
    expect(sent.length).toBeGreaterThan(20);
    expect(sent.filter((name) => !(name in generated) || !name.endsWith('Document'))).toEqual([]);
  });

  it('hold no GraphQL text of their own and run nothing in-process', () => {
    for (const { name, text } of sources) {
      expect(text, name).not.toMatch(/['`"]\s*(mutation|query|subscription)\b|['`"]\s*\{\s*\w+\s*[{(]/);
      expect(text, name).not.toMatch(/\b(execute|graphql|parse)\(/);
    }
  });
});
