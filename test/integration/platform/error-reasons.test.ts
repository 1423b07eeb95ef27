import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every TypeScript file of the server. */
function serverFiles(dir = 'server'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? serverFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The top-level arguments of each call `name(…)` in `source`, as source text (strings kept whole). */
function callArguments(source: string, name: string): string[][] {
  const calls: string[][] = [];
  for (let at = source.indexOf(`${name}(`); at >= 0; at = source.indexOf(`${name}(`, at + 1)) {
    const args: string[] = [];
    let depth = 0;
    let current = '';
    let quote: string | null = null;
    for (let i = at + name.length; i < source.length; i++) {
      const c = source[i];
      if (quote) {
        current += c;
        if (c === '\\') current += source[++i];
        else if (c === quote) quote = null;
      } else if (c === "'" || c === '"' || c === '`') {
        quote = c;
        current += c;
      } else if (c === '(' || c === '[' || c === '{') {
        if (depth++ > 0) current += c;
      } else if (c === ')' || c === ']' || c === '}') {
        if (--depth === 0) { args.push(current.trim()); break; }
        current += c;
      } else if (c === ',' && depth === 1) {
        args.push(current.trim());
        current = '';
      } else current += c;
    }
    calls.push(args);
  }
  return calls;
}

const literal = (arg: string | undefined) => /^'([A-Z][A-Z_]+)'$/.exec(arg ?? '')?.[1];

/** Every `extensions.reason` the server can answer with, found in its source. */
function reasonsInCode(): Set<string> {
  const reasons = new Set<string>();
  for (const file of serverFiles()) {
    const source = readFileSync(file, 'utf8');
    for (const args of callArguments(source, 'new ConflictError')) if (literal(args[1])) reasons.add(literal(args[1])!);
    for (const args of callArguments(source, 'new BadUserInputError')) if (literal(args[2])) reasons.add(literal(args[2])!);
    for (const args of callArguments(source, 'new ForbiddenError')) if (literal(args[1])) reasons.add(literal(args[1])!);
    for (const args of callArguments(source, 'super')) if (literal(args[1]) && file.endsWith('rate-limit.ts')) reasons.add(literal(args[1])!);
    for (const match of source.matchAll(/\breason\s*[:=]\s*'([A-Z][A-Z_]+)'/g)) reasons.add(match[1]);
  }
  // Request-shape errors pass their Apollo/graphql-js code on as the reason (platform/errors.ts).
  const shapes = /const REQUEST_SHAPE = new Set\(\[([^\]]*)\]\)/.exec(readFileSync('server/platform/errors.ts', 'utf8'))![1];
  for (const match of shapes.matchAll(/'([A-Z_]+)'/g)) reasons.add(match[1]);
  // Query limits name their reasons in one type (platform/errors.ts QueryLimitReason).
  const limits = /type QueryLimitReason = ([^;]*);/.exec(readFileSync('server/platform/errors.ts', 'utf8'))![1];
  for (const match of limits.matchAll(/'([A-Z_]+)'/g)) reasons.add(match[1]);
  return reasons;
}

function reasonsInDocs(): Set<string> {
  const table = readFileSync('docs/errors.md', 'utf8').split('| reason |')[1];
  return new Set([...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]));
}

describe('the list of error reasons in docs/errors.md', () => {
  it('names every reason the code can answer with, and none it cannot', () => {
    const code = reasonsInCode();
    const docs = reasonsInDocs();
    expect(code.size).toBeGreaterThan(10);
    expect([...code].filter((r) => !docs.has(r)).sort()).toEqual([]);
    expect([...docs].filter((r) => !code.has(r)).sort()).toEqual([]);
  });
});
