import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../support/harness';
import { connectDatabase, type Database } from '../../../server/platform/db';

let server: TestServer;

beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server?.stop(); });

const ROUNDS = 5;
const stuckInTransaction = async () => (await server.sql`select count(*)::int as n from pg_stat_activity
  where datname = current_database() and state like 'idle in transaction%'`)[0].n as number;

/**
 * postgres.js 3.4.9 (#823, #1189): on a pool whose two connections are busy, a BEGIN that fills a
 * connection's pipeline (here 3 deep) is written without reserving the connection. Each round
 * sends six reads first, so the BEGIN lands third in line on a busy connection.
 */
async function round(read: (n: number) => Promise<unknown>, transaction: () => Promise<string>): Promise<string> {
  const reads = [0, 1, 2, 3, 4, 5].map(read);
  await new Promise((resolve) => setImmediate(resolve)); // the reads are on the wire (or queued) first
  const outcome = transaction().catch((error) => String(error.code ?? error.message));
  const after = [6, 7, 8].map(read);
  await Promise.allSettled([...reads, ...after]);
  return outcome;
}

describe('transactions beside a busy request pool', () => {
  it("shows why transactions have a pool of their own: postgres.js's begin on the busy pool goes wrong", async () => {
    // max_pipeline is a postgres.js option its types leave out.
    const driver = postgres(server.databaseUrl, { max: 2, max_pipeline: 3, onnotice: () => {} } as postgres.Options<Record<string, never>>);
    try {
      const outcomes: string[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        outcomes.push(await round((n) => driver.unsafe(n < 2 ? 'select pg_sleep(0.05)' : 'select 1').execute(),
          () => driver.begin(async (tx) => (await tx`select 1 as one`)[0].one === 1 ? 'ok' : 'wrong')));
      }
      expect(outcomes).toContain('UNSAFE_TRANSACTION');
      expect(await stuckInTransaction()).toBeGreaterThan(0);
    } finally {
      await driver.end({ timeout: 0 });
    }
  });

  it('runs every transaction of the server on a connection of its own, however busy the request pool', async () => {
    const database: Database = connectDatabase(server.databaseUrl, { max: 2, transactions: 2, live: 1, maxPipeline: 3 });
    try {
      const outcomes: string[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        outcomes.push(await round((n) => database.db.execute(sql.raw(n < 2 ? 'select pg_sleep(0.05)' : 'select 1')).then((r) => r),
          () => database.db.transaction(async (tx) => {
            const [first] = await tx.execute<{ xid: string }>(sql`select pg_current_xact_id()::text as xid`);
            const [second] = await tx.execute<{ xid: string }>(sql`select pg_current_xact_id()::text as xid`);
            return first.xid === second.xid ? 'ok' : 'mixed';
          })));
      }
      expect(outcomes).toEqual(Array(ROUNDS).fill('ok'));
      const [row] = await database.db.execute<{ timeout: string }>(sql`select current_setting('idle_in_transaction_session_timeout') as timeout`);
      expect(row.timeout).toBe('1min');
    } finally {
      await database.close();
    }
    // The driver-only test above left its stuck sessions to the server's timeout; none of ours is stuck.
    const [ours] = await server.sql`select count(*)::int as n from pg_stat_activity
      where datname = current_database() and application_name = 'gridroster' and state like 'idle in transaction%'`;
    expect(ours.n).toBe(0);
  });
});
