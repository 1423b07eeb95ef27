import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TallyDocument, type TallyGroupBy } from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg } from '../../support/factories';
import { createGrid, dbId } from '../../support/factories/grids';
import { createVolunteers, type VolunteerHandle } from '../../support/factories/assignments';
import { loadViewer } from '../../../server/modules/auth/viewer.loader';
import { adjustHours } from '../../../server/modules/hours/hours.service';
import { approveHoursCorrection, requestHoursCorrection } from '../../../server/modules/hours/correction-request.service';
import { toGlobalId } from '../../../server/platform/ids';
import type { Viewer } from '../../../server/modules/auth/viewer';

/*
 * The rollup is kept by triggers; the ledger (completed assignments and adjustments) is the truth.
 * Random sequences of check-outs, re-timed check-outs, adjustments, approved correction requests,
 * cancellations and duty changes must leave them equal, and every tally grouping must add up to
 * the ledger.
 */
let server: TestServer;
let admin: Viewer;
let people: (VolunteerHandle & { viewer: Viewer })[];
let shiftIds: number[];
const DUTIES = ['CHECKPOINT', 'NUCLEIC_ACID_SAMPLING', 'SUPPLY_DELIVERY'] as const;

beforeAll(async () => {
  server = await startTestServer();
  const village = await createOrg(server, 'COMMUNITY', '海尾村委会');
  const grids = [];
  for (const name of ['海尾村', '网格1', '网格2']) grids.push(dbId((await createGrid(server.admin, village.id, name, 'GRID')).id));
  // 36 two-hour shifts over three days, none overlapping, so any volunteer may hold any of them.
  const rows = await server.sql<{ id: number }[]>`
    insert into shifts (grid_id, title, duty, starts_at, ends_at, capacity, check_in_code)
    select (${grids}::int[])[1 + n % 3], '卡口 ' || n, (${DUTIES as unknown as string[]}::text[])[1 + n % 3]::duty_type,
           '2022-04-08T16:00:00Z'::timestamptz + n * interval '2 hours', '2022-04-08T18:00:00Z'::timestamptz + n * interval '2 hours', 10, '123456'
      from generate_series(0, 35) n order by n returning id`;
  shiftIds = rows.map((r) => r.id);
  const volunteers = await createVolunteers(server, 6, { organizationId: dbId(village.id), namePrefix: '志愿者' });
  await server.sql`insert into teams (organization_id, name, kind) values (${dbId(village.id)}, '海尾村服务队', 'GRID_SERVICE')`;
  await server.sql`insert into team_memberships (team_id, volunteer_id, joined_at, left_at)
    select (select id from teams where name = '海尾村服务队'), id, '2022-04-09T12:00:00Z', case when id % 2 = 0 then '2022-04-10T04:00:00Z'::timestamptz end
      from volunteers where id = any(${volunteers.map((v) => v.dbId)})`;
  const [adminAccount] = await server.sql`select id from accounts where mobile = '13900000000'`;
  admin = (await loadViewer(server.database.db, adminAccount.id))!;
  people = await Promise.all(volunteers.map(async (v) => ({ ...v, viewer: (await loadViewer(server.database.db, v.accountId))! })));
});
afterAll(async () => { await server?.stop(); });

type Op =
  | { kind: 'checkOut'; volunteer: number; shift: number; inMinutes: number; outMinutes: number }
  | { kind: 'retime'; pick: number; outMinutes: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'adjust'; volunteer: number; hours: number; linked: number | null }
  | { kind: 'correction'; pick: number; hours: number }
  | { kind: 'duty'; shift: number; duty: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('checkOut' as const), volunteer: fc.nat(5), shift: fc.nat(35), inMinutes: fc.integer({ min: -60, max: 90 }), outMinutes: fc.integer({ min: -90, max: 120 }) }),
  fc.record({ kind: fc.constant('retime' as const), pick: fc.nat(), outMinutes: fc.integer({ min: -100, max: 100 }) }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('adjust' as const), volunteer: fc.nat(5), hours: fc.integer({ min: -300, max: 300 }).filter((n) => n !== 0), linked: fc.option(fc.nat()) }),
  fc.record({ kind: fc.constant('correction' as const), pick: fc.nat(), hours: fc.integer({ min: 0, max: 600 }) }),
  fc.record({ kind: fc.constant('duty' as const), shift: fc.nat(35), duty: fc.nat(2) }),
);

async function completed(pick: number) {
  const rows = await server.sql<{ id: number; volunteer_id: number }[]>`select id, volunteer_id from assignments where status = 'COMPLETED' order by id`;
  return rows.length ? rows[pick % rows.length] : null;
}

async function apply(step: Op): Promise<void> {
  switch (step.kind) {
    case 'checkOut': {
      // Seated and checked in, then checked out: the same two transitions the attendance service makes.
      const [row] = await server.sql<{ id: number }[]>`
        insert into assignments (shift_id, volunteer_id, status, period, checked_in_at)
        select s.id, ${people[step.volunteer].dbId}, 'CHECKED_IN', tstzrange(s.starts_at, s.ends_at, '[)'), s.starts_at + ${step.inMinutes} * interval '1 minute'
          from shifts s where s.id = ${shiftIds[step.shift]} on conflict do nothing returning id`;
      if (row) await server.sql`update assignments set status = 'COMPLETED', checked_out_at = greatest(checked_in_at, upper(period) + ${step.outMinutes} * interval '1 minute') where id = ${row.id}`;
      return;
    }
    case 'retime': {
      const target = await completed(step.pick);
      if (target) await server.sql`update assignments set checked_out_at = greatest(checked_in_at, upper(period) + ${step.outMinutes} * interval '1 minute') where id = ${target.id}`;
      return;
    }
    case 'cancel': {
      const rows = await server.sql<{ id: number }[]>`select id from assignments where status <> 'CANCELLED' order by id`;
      if (rows.length) await server.sql`update assignments set status = 'CANCELLED', cancelled_at = now() where id = ${rows[step.pick % rows.length].id}`;
      return;
    }
    case 'adjust': {
      const target = step.linked == null ? null : await completed(step.linked);
      const volunteerId = target ? target.volunteer_id : people[step.volunteer].dbId;
      await adjustHours(server.database.db, admin, { volunteerId, hours: step.hours / 100, reason: '随机更正', assignmentId: target?.id ?? null });
      return;
    }
    case 'correction': {
      const target = await completed(step.pick);
      const person = target && people.find((p) => p.dbId === target.volunteer_id);
      if (!target || !person) return;
      const request = await requestHoursCorrection(server.database.db, person.viewer, { assignmentId: target.id, period: null, hours: step.hours / 100, reason: '时长不对' })
        .catch(() => null);
      if (request) await approveHoursCorrection(server.database.db, admin, { id: request.id, hours: null, note: null }).catch(() => null);
      return;
    }
    case 'duty':
      await server.sql`update shifts set duty = ${DUTIES[step.duty]} where id = ${shiftIds[step.shift]}`;
  }
}

/** Ledger entries straight from the base tables, independently of the server's own ledger SQL. */
async function ledgerEntries() {
  return server.sql<{ volunteer_id: number; day: string; grid_id: number | null; duty: string | null; adjusted: boolean; organization_id: number | null; minutes: string; person_times: number; at: Date; until: Date }[]>`
    select a.volunteer_id, to_char(s.starts_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, s.grid_id, s.duty::text, false as adjusted, null::int as organization_id,
           a.credited_minutes::numeric::text as minutes, 1 as person_times, s.starts_at as at, s.ends_at as until
      from assignments a join shifts s on s.id = a.shift_id where a.status = 'COMPLETED'
    union all
    select h.volunteer_id, to_char(coalesce(s.starts_at, h.created_at) at time zone 'Asia/Shanghai', 'YYYY-MM-DD'), s.grid_id, s.duty::text, true, h.organization_id,
           (h.hours * 60)::text, 0, coalesce(s.starts_at, h.created_at), coalesce(s.ends_at, h.created_at)
      from hour_adjustments h left join assignments a on a.id = h.assignment_id left join shifts s on s.id = a.shift_id`;
}

type Sums = Map<string, { minutes: number; personTimes: number; entries: number }>;

function sumBy<T>(rows: T[], key: (row: T) => string, minutes: (row: T) => number, personTimes: (row: T) => number): Sums {
  const sums: Sums = new Map();
  for (const row of rows) {
    const current = sums.get(key(row)) ?? { minutes: 0, personTimes: 0, entries: 0 };
    sums.set(key(row), { minutes: Math.round((current.minutes + minutes(row)) * 100) / 100, personTimes: current.personTimes + personTimes(row), entries: current.entries + 1 });
  }
  return sums;
}

async function expectRollupEqualsLedger(): Promise<void> {
  const key = (r: { volunteer_id: number; day: string; grid_id: number | null; duty: string | null; adjusted: boolean; organization_id: number | null }) =>
    [r.volunteer_id, r.day, r.grid_id, r.duty, r.adjusted, r.organization_id].join('|');
  const expected = sumBy(await ledgerEntries(), key, (r) => Number(r.minutes), (r) => r.person_times);
  const rollup = await server.sql<{ volunteer_id: number; day: string; grid_id: number | null; duty: string | null; adjusted: boolean; organization_id: number | null; minutes: string; person_times: number; entries: number }[]>`
    select volunteer_id, to_char(day, 'YYYY-MM-DD') as day, grid_id, duty::text, adjusted, organization_id, minutes::text, person_times, entries from hour_rollup`;
  const actual: Sums = new Map(rollup.map((r) => [key(r), { minutes: Number(r.minutes), personTimes: r.person_times, entries: r.entries }]));
  expect(actual).toEqual(expected);
}

describe('the rollup', () => {
  it('always equals the ledger over random check-outs, re-timings, adjustments, corrections, cancellations and duty changes', async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (steps) => {
      for (const step of steps) await apply(step);
      await expectRollupEqualsLedger();
    }), { numRuns: 25, seed: 20220410 });
  });

  it('gives every tally grouping the sums of the ledger', async () => {
    const entries = await ledgerEntries();
    const hours = (sums: Sums) => new Map([...sums].map(([k, v]) => [k, { hours: Math.round(v.minutes / 60 * 100) / 100, personTimes: v.personTimes }]));
    const memberships = await server.sql<{ team_id: number; volunteer_id: number; joined_at: Date; left_at: Date | null }[]>`select team_id, volunteer_id, joined_at, left_at from team_memberships`;
    const affiliations = await server.sql<{ volunteer_id: number; organization_id: number }[]>`select volunteer_id, organization_id from volunteer_affiliations`;
    const expected: Record<TallyGroupBy, Sums> = {
      VOLUNTEER: sumBy(entries, (e) => toGlobalId('Volunteer', e.volunteer_id), (e) => Number(e.minutes), (e) => e.person_times),
      DAY: sumBy(entries, (e) => e.day, (e) => Number(e.minutes), (e) => e.person_times),
      GRID: sumBy(entries.filter((e) => e.grid_id != null), (e) => toGlobalId('Grid', e.grid_id!), (e) => Number(e.minutes), (e) => e.person_times),
      DUTY: sumBy(entries.filter((e) => e.duty != null), (e) => e.duty!, (e) => Number(e.minutes), (e) => e.person_times),
      TEAM: sumBy(entries.flatMap((e) => [...new Set(memberships.filter((m) => m.volunteer_id === e.volunteer_id && m.joined_at <= e.until && (!m.left_at || m.left_at > e.at)).map((m) => m.team_id))].map((team) => ({ ...e, team }))),
        (e) => toGlobalId('Team', e.team), (e) => Number(e.minutes), (e) => e.person_times),
      ORGANIZATION: sumBy(entries.flatMap((e) => affiliations.filter((a) => a.volunteer_id === e.volunteer_id).map((a) => ({ ...e, org: a.organization_id }))),
        (e) => toGlobalId('Organization', e.org), (e) => Number(e.minutes), (e) => e.person_times),
    };
    expect(entries.length).toBeGreaterThan(20);
    for (const groupBy of Object.keys(expected) as TallyGroupBy[]) {
      const { tally } = await server.admin.ok(TallyDocument, { input: { groupBy } });
      expect(new Map(tally.map((r) => [r.key, { hours: r.hours, personTimes: r.personTimes }])), groupBy).toEqual(hours(expected[groupBy]));
    }
  });
});
