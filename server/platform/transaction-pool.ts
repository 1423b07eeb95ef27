import type postgres from 'postgres';
import pLimit from 'p-limit';

/**
 * postgres.js 3.4.9 can send a transaction's BEGIN on a connection without reserving it for the
 * transaction (porsager/postgres #823, #1189; fixes proposed in #1207 and #1218, not released):
 * - a BEGIN pipelined onto a busy connection that it fills (`sent.length === max_pipeline`), or
 *   whose socket is under back-pressure, skips the `onexecute` hook that reserves the connection;
 * - a pool that frees a connection dispatches several queued queries onto it, so a second queued
 *   BEGIN lands on a connection the first one has just reserved.
 * Either way the connection goes back to the pool in a transaction: unrelated queries then run in
 * it, the request fails with UNSAFE_TRANSACTION (INTERNAL), and the backend can sit "idle in
 * transaction" holding locks.
 *
 * We avoid the pattern instead of patching the driver (npm 11 runs no install scripts): top-level
 * transactions get a pool of their own on which nothing else runs, with at most `max` of them
 * under way at once. Then a BEGIN always finds an idle (or closed, reconnecting) connection: it
 * is never pipelined and never queued behind another BEGIN. Connections are not recycled by age
 * (`max_lifetime: null`), so none is ever half-closed when a BEGIN arrives.
 */
export interface TransactionPool {
  /** postgres.js `begin`, gated so that at most `max` transactions hold the pool's connections. */
  begin: postgres.Sql['begin'];
  sql: postgres.Sql;
}

export function transactionPool(sql: postgres.Sql, max: number): TransactionPool {
  const gate = pLimit(max);
  const begin = ((...args: unknown[]) => gate(() => (sql.begin as (...a: unknown[]) => Promise<unknown>)(...args))) as postgres.Sql['begin'];
  return { begin, sql };
}
