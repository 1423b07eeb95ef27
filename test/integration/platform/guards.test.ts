import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/harness';
import { clearRate, consumeRate } from '../../../server/platform/rate-limit';
import { issueCode, MAX_CODE_ATTEMPTS, redeemCode } from '../../../server/platform/one-time-codes';
import { createPlace, createShift, createVolunteer } from '../../support/factories/assignments';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(() => server.stop());

describe('append-only history', () => {
  beforeAll(async () => {
    const place = await createPlace(server);
    await createShift(server, place.gridId);
    const volunteer = await createVolunteer(server, { organizationId: place.orgId });
    await server.sql`insert into hour_adjustments (volunteer_id, hours, reason) values (${volunteer.dbId}, 2, 'paper roster')`;
  });

  const ledgers = [
    { table: 'hour_adjustments', touch: 'reason = reason', stamp: 'created_at' },
    { table: 'roster_events', touch: 'at = at', stamp: 'at' },
  ];
  it.each(ledgers)('PostgreSQL refuses UPDATE, DELETE and TRUNCATE on $table, even for the superuser', async ({ table, touch, stamp }) => {
    const snapshot = () => server.sql.unsafe(`select count(*)::int as n, max(${stamp}) as last from ${table}`);
    const before = await snapshot();
    expect(before[0].n).toBeGreaterThan(0);
    for (const statement of [`update ${table} set ${touch}`, `delete from ${table}`, `truncate ${table} cascade`]) {
      await expect(server.sql.unsafe(statement)).rejects.toMatchObject({ code: '42501' });
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('rate limits counted in PostgreSQL', () => {
  const rule = { bucket: 'test:bucket', limit: 3, windowSeconds: 60 };

  it('allows exactly the limit of 20 racing attempts, and clearing starts over', async () => {
    const decisions = await Promise.all(Array.from({ length: 20 }, () => consumeRate(server.database.db, rule, 'racer')));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(3);
    expect(decisions.filter((d) => !d.allowed).every((d) => d.retryAfterSeconds > 0 && d.retryAfterSeconds <= 60)).toBe(true);
    await clearRate(server.database.db, rule, 'racer');
    expect((await consumeRate(server.database.db, rule, 'racer')).allowed).toBe(true);
  });

  it('counts each key on its own', async () => {
    for (let i = 0; i < 3; i++) await consumeRate(server.database.db, rule, 'one');
    expect((await consumeRate(server.database.db, rule, 'one')).allowed).toBe(false);
    expect((await consumeRate(server.database.db, rule, 'two')).allowed).toBe(true);
  });
});

describe('one-time codes', () => {
  const db = () => server.database.db;
  const issue = (subjectId: number) => issueCode(db(), { purpose: 'TEST', subjectId, ttlSeconds: 600, shape: 'words10' });

  it('accepts the code once, however it is typed, and never again', async () => {
    const { code } = await issue(1);
    const typed = `${code.slice(0, 5).toLowerCase()}-${code.slice(5)}`;
    expect(await redeemCode(db(), db(), 'TEST', 1, typed)).toBe(true);
    expect(await redeemCode(db(), db(), 'TEST', 1, code)).toBe(false);
  });

  it('lets exactly one of ten racing redemptions win', async () => {
    const { code } = await issue(2);
    const wins = await Promise.all(Array.from({ length: 10 }, () => db().transaction((tx) => redeemCode(db(), tx, 'TEST', 2, code))));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it('dies after the wrong guesses it allows, even for the right code', async () => {
    const { code } = await issue(3);
    for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) expect(await redeemCode(db(), db(), 'TEST', 3, 'WRONGWRONG')).toBe(false);
    expect(await redeemCode(db(), db(), 'TEST', 3, code)).toBe(false);
  });

  it('is worth nothing for another subject or purpose, and a new code retires the old one', async () => {
    const { code } = await issue(4);
    expect(await redeemCode(db(), db(), 'TEST', 5, code)).toBe(false);
    expect(await redeemCode(db(), db(), 'OTHER', 4, code)).toBe(false);
    const fresh = await issue(4);
    expect(await redeemCode(db(), db(), 'TEST', 4, code)).toBe(code === fresh.code);
    expect(await redeemCode(db(), db(), 'TEST', 4, fresh.code)).toBe(code !== fresh.code);
  });
});
