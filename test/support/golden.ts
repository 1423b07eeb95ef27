import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';
import type { TestServer } from './harness';

/**
 * Golden SQL: the statements an operation sends to PostgreSQL, kept in a `.sql` file beside its
 * test (as PostGraphile's own suite keeps its snapshots), so a new round trip or N+1 shows up in
 * review as a diff. `GOLDEN_UPDATE=1 npx vitest run <file>` rewrites the files instead of comparing.
 */
const UPDATE = process.env.GOLDEN_UPDATE === '1';

export interface Captured {
  pool: 'request' | 'live';
  sql: string;
}

/**
 * Statements that are not the operation's own: postgres.js's one-time type discovery on a fresh
 * pooled connection, the 1-in-100 prune of expired idempotency keys (random, outside the request),
 * and the live log's ticks (one a second as well as one per commit, so their number is timing).
 */
const NOT_THE_OPERATION = [/pg_catalog\.pg_type/, /delete from "idempotency_keys" where ctid/, /roster_tick\(\)/];

/** One statement on one line, parameters as PostgreSQL numbers them ($1), nothing run-specific. */
export function normalizeStatement(statement: string): string {
  return statement.replace(/\s+/g, ' ').trim()
    // Savepoint names carry postgres.js's per-transaction counter; their place is what matters.
    .replace(/\b(savepoint|rollback to|release savepoint) "?s\d+"?/gi, (_m, verb: string) => `${verb.toLowerCase()} sN`);
}

/** Runs `work` and returns the statements it sent on both pools, in the order they were sent. */
export async function captureStatements(server: TestServer, work: () => Promise<unknown>, settle: () => Promise<unknown> = async () => {}): Promise<Captured[]> {
  const captured: Captured[] = [];
  const requestFrom = server.queries.length;
  const liveFrom = server.liveQueries.length;
  // Order across the two pools: each array keeps its own; request statements come first because
  // the live pool only reacts to what a request committed.
  await work();
  await settle();
  for (const sql of server.queries.slice(requestFrom)) captured.push({ pool: 'request', sql });
  for (const sql of server.liveQueries.slice(liveFrom)) captured.push({ pool: 'live', sql });
  return captured.filter((c) => !NOT_THE_OPERATION.some((pattern) => pattern.test(c.sql)))
    .map((c) => ({ pool: c.pool, sql: normalizeStatement(c.sql) }));
}

/** The file's text: a header that counts, then one statement per line, live-pool ones marked. */
export function goldenText(title: string, statements: Captured[], note?: string): string {
  const live = statements.filter((s) => s.pool === 'live').length;
  const header = `-- ${title}\n-- ${statements.length} statements (${statements.length - live} on the request pools, ${live} on the live pool)\n${note ? `-- ${note}\n` : ''}`;
  return header + statements.map((s) => `${s.pool === 'live' ? '/* live */ ' : ''}${s.sql};`).join('\n') + '\n';
}

/** Compares with (or, under GOLDEN_UPDATE=1, writes) the golden file at `path`. */
export function expectGolden(path: string, title: string, statements: Captured[], note?: string): void {
  const text = goldenText(title, statements, note);
  if (UPDATE || !existsSync(path)) {
    if (!UPDATE) throw new Error(`no golden file ${path}: run with GOLDEN_UPDATE=1 to write it`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return;
  }
  expect(text, `${path} changed; if on purpose, rerun with GOLDEN_UPDATE=1 and review the diff`).toBe(readFileSync(path, 'utf8'));
}
