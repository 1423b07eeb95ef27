import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import { idempotencyKeys } from '../../drizzle/tables';
import type { Db, DbOrTx, Tx } from './db';
import { BadUserInputError, ConflictError } from './errors';

/** Keys are kept at least this long; older ones are deleted now and then. */
export const IDEMPOTENCY_KEEP_HOURS = 48;
const MAX_KEY_LENGTH = 200;

export interface IdempotentRequest {
  accountId: number;
  key: string;
  /** Name of the mutation; the same key used for another operation is a different request. */
  operation: string;
  /** The request's arguments; hashed canonically (sorted keys), so field order does not matter. */
  args: Record<string, unknown>;
}

export type StoredResult = Record<string, unknown>;

export interface IdempotentWork<T, R extends StoredResult> {
  /** The change itself, inside the transaction that also records the key. */
  run: (tx: Tx) => Promise<T>;
  /** What to store so a replay can answer the same: ids, not whole rows. */
  save: (value: T) => R;
  /** Rebuilds the answer from the stored result (a replay). */
  replay: (result: R) => Promise<T>;
}

/** Validates an optional idempotency key argument; blank means none. */
export function cleanIdempotencyKey(key: string | null | undefined, field = 'idempotencyKey'): string | null {
  if (key == null) return null;
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || /[\p{Cc}]/u.test(key)) {
    throw new BadUserInputError({ key: 'text.lengthAndControls', params: { field, max: MAX_KEY_LENGTH } }, field);
  }
  return key;
}

/** sha256 over the operation and its arguments in canonical JSON. */
export function requestHash(operation: string, args: Record<string, unknown>): string {
  return createHash('sha256').update(operation).update('\n').update(canonicalJson(args)).digest('hex');
}

/**
 * Applies `work` once per (account, key). The key row is inserted first in the same transaction
 * as the change, so a concurrent replay with the same key waits on the primary key until the
 * first commits (then reads its result) or rolls back (then runs itself). A failed request
 * stores nothing. Without a request, `work.run` simply runs in a transaction.
 */
export async function idempotent<T, R extends StoredResult>(db: Db, request: IdempotentRequest | null, work: IdempotentWork<T, R>): Promise<T> {
  if (!request) return db.transaction(work.run);
  const hash = requestHash(request.operation, request.args);
  const earlier = await findKey(db, request);
  if (earlier) return work.replay(matching<R>(earlier, hash));
  const outcome = await db.transaction(async (tx): Promise<{ value: T } | { stored: R }> => {
    if (!(await claimKey(tx, request, hash))) {
      const stored = await findKey(tx, request);
      if (stored) return { stored: matching<R>(stored, hash) };
      throw new ConflictError('idempotency.concurrentRequest');
    }
    const value = await work.run(tx);
    await tx.update(idempotencyKeys).set({ result: work.save(value) })
      .where(and(eq(idempotencyKeys.accountId, request.accountId), eq(idempotencyKeys.key, request.key)));
    return { value };
  });
  if ('stored' in outcome) return work.replay(outcome.stored);
  pruneNowAndThen(db);
  return outcome.value;
}

async function findKey(db: DbOrTx, request: IdempotentRequest): Promise<{ requestHash: string; result: unknown } | undefined> {
  const [row] = await db.select({ requestHash: idempotencyKeys.requestHash, result: idempotencyKeys.result })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.accountId, request.accountId), eq(idempotencyKeys.key, request.key)));
  return row;
}

/** True when this transaction now owns the key; false when another committed it first. */
async function claimKey(tx: Tx, request: IdempotentRequest, hash: string): Promise<boolean> {
  const rows = await tx.insert(idempotencyKeys)
    .values({ accountId: request.accountId, key: request.key, operation: request.operation, requestHash: hash, result: {} })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return rows.length > 0;
}

function matching<R>(row: { requestHash: string; result: unknown }, hash: string): R {
  if (row.requestHash !== hash) {
    throw new ConflictError('idempotency.keyReused', 'IDEMPOTENCY_KEY_REUSED');
  }
  return row.result as R;
}

/** About one request in a hundred deletes a bounded batch of expired keys, outside the request's transaction. */
function pruneNowAndThen(db: Db): void {
  if (Math.random() >= 0.01) return;
  const cutoff = sql`now() - make_interval(hours => ${IDEMPOTENCY_KEEP_HOURS})`;
  void db.delete(idempotencyKeys)
    .where(sql`ctid = any(array(select ctid from ${idempotencyKeys} where ${lt(idempotencyKeys.createdAt, cutoff)} limit 1000))`)
    .catch(() => {});
}

function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
