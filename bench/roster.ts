import { loadavg } from 'node:os';
import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { CreateAccountDocument } from '../client/generated/graphql';
import { shanghaiDate } from '../server/platform/date-range';
import { ownCpuMs, postgresCpuMs } from './proc-cpu';
import { createBenchPlace, seedVolunteers } from './seed';
import { percentile, startBenchServer, type BenchResult, type BenchServer } from './support';
import type { GraphQLTestClient } from '../test/support/client';

const SHIFTS = 1000;
const SEATS = 10;

interface RosterPage {
  shifts: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: { title: string; filled: number; waitlisted: number; roster: { status: string; volunteer: { name: string; mobile: string } }[] } }[];
  };
}

const DAY_ROSTER = parse(`query($day: Date!, $first: Int!, $after: String) {
  shifts(filter: { range: { from: $day, to: $day } }, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { title filled waitlisted roster { status volunteer { name mobile } } } }
  }
}`) as TypedDocumentNode<RosterPage, { day: string; first: number; after?: string | null }>;

/** One day of 1,000 shifts (06:00–17:00 starts, 4 hours), every seat taken, written in SQL. */
export async function seedDay(server: BenchServer, gridDbId: number, volunteerIds: number, day: string): Promise<void> {
  const sql = server.database.sql;
  const [range] = await sql<{ lo: number; hi: number }[]>`
    with s as (
      insert into shifts (grid_id, title, duty, starts_at, ends_at, capacity, filled, check_in_code)
      select ${gridDbId}::int, '卡口值守 #' || n, 'CHECKPOINT', t0 + (n % 12) * interval '1 hour', t0 + (n % 12 + 4) * interval '1 hour', ${SEATS}::int, ${SEATS}::int, '123456'
        from generate_series(1, ${SHIFTS}::int) n, (select (${day}::date + time '06:00') at time zone 'Asia/Shanghai' as t0) t order by n
      returning id
    ) select min(id)::int as lo, max(id)::int as hi from s`;
  if (range.hi - range.lo + 1 !== SHIFTS) throw new Error('shift ids are not contiguous');
  // Volunteer k sits on shift k / 10: each holds one seat, so no overlap, and filled matches.
  await sql`
    insert into assignments (shift_id, volunteer_id, status, period)
    select s.id, ${volunteerIds}::int + k, 'ASSIGNED', tstzrange(s.starts_at, s.ends_at, '[)')
      from generate_series(0, ${SHIFTS * SEATS - 1}::int) k join shifts s on s.id = ${range.lo}::int + k / ${SEATS}::int order by k`;
  await sql`vacuum analyze shifts, assignments, volunteers`;
}

async function coordinator(server: BenchServer, orgId: string): Promise<GraphQLTestClient> {
  const mobile = '13800000018';
  await server.admin.ok(CreateAccountDocument, { mobile, displayName: '排班员', password: 'bench-coordinator-password', role: 'COORDINATOR', organizationId: orgId });
  return server.anonymous.login(mobile, 'bench-coordinator-password');
}

/** Pages through the whole day; returns each page's milliseconds and checks what came back. */
async function walkDay(client: GraphQLTestClient, day: string, first: number): Promise<number[]> {
  const times: number[] = [];
  let after: string | null = null;
  let shifts = 0;
  let seats = 0;
  do {
    const started = performance.now();
    const page: RosterPage = await client.ok(DAY_ROSTER, { day, first, after });
    times.push(performance.now() - started);
    shifts += page.shifts.edges.length;
    seats += page.shifts.edges.reduce((n, e) => n + e.node.roster.length, 0);
    after = page.shifts.pageInfo.hasNextPage ? page.shifts.pageInfo.endCursor : null;
  } while (after);
  if (shifts !== SHIFTS || seats !== SHIFTS * SEATS) throw new Error(`walk saw ${shifts} shifts and ${seats} seats`);
  return times;
}

/** Repeats `once` until `budgetMs` has passed (at least `min`, at most `max` times). */
async function repeat<T>(budgetMs: number, min: number, max: number, once: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  const started = performance.now();
  while (results.length < max && (results.length < min || performance.now() - started < budgetMs)) results.push(await once());
  return results;
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms`;
};

/** Shift rosters of a whole day as a coordinator: paged walks and a single page. */
export async function rosterBench(): Promise<BenchResult> {
  const load = loadavg()[0].toFixed(1);
  const server = await startBenchServer();
  try {
    const place = await createBenchPlace(server, '三沙社区');
    const people = await seedVolunteers(server, place.orgDbId, SHIFTS * SEATS, false);
    const day = shanghaiDate(new Date(Date.now() + 3 * 86_400_000));
    await seedDay(server, place.gridDbId, people.firstVolunteerId, day);
    const client = await coordinator(server, place.orgId);
    await walkDay(client, day, 100); // warm-up, not measured
    const rows: [string, string, string][] = [];
    for (const first of [100, 50]) {
      const cpu = await cpuNow(server);
      const walks = await repeat(20_000, 5, 40, () => walkDay(client, day, first));
      const pages = walks.flat();
      const totals = walks.map((w) => w.reduce((a, b) => a + b, 0));
      rows.push([`page of ${first} shifts (${first * SEATS} roster rows), paging the whole day`, `${stats(pages)}`,
        `${pages.length} pages over ${walks.length} walks of ${SHIFTS / first} pages; CPU per page: ${await cpuSince(server, cpu, pages.length)}`]);
      rows.push([`whole day (${SHIFTS} shifts, ${SHIFTS * SEATS} roster rows) in pages of ${first}`, `${stats(totals)}`, `${walks.length} sequential walks (with so few, p99 is the slowest walk)`]);
    }
    const cpu = await cpuNow(server);
    const single = await repeat(15_000, 50, 400, async () => (await walkFirstPage(client, day)));
    rows.push(['single page, first: 50 (500 roster rows)', stats(single), `${single.length} sequential requests for the day's first page; CPU per page: ${await cpuSince(server, cpu, single.length)}`]);
    rows.push(['setting', 'one coordinator, sequential requests', `query shifts(filter: { range: { from: day, to: day } }, first, after) { pageInfo { hasNextPage endCursor } edges { node { title filled waitlisted roster { status volunteer { name mobile } } } } } over HTTP (mobiles come back masked for a coordinator); client in the server's process, so "bench process" CPU includes its JSON parsing; seeded in SQL: 10,000 volunteers, 10,000 ASSIGNED rows, filled = 10; 2 shared cores, other work running (1-min load average ${load} at start)`]);
    return { name: `Roster query latency: a day of ${SHIFTS} shifts × ${SEATS} seats as a coordinator`, rows };
  } finally {
    await server.stop();
  }
}

async function walkFirstPage(client: GraphQLTestClient, day: string): Promise<number> {
  const started = performance.now();
  const page = await client.ok(DAY_ROSTER, { day, first: 50 });
  if (page.shifts.edges.length !== 50) throw new Error(`first page has ${page.shifts.edges.length} shifts`);
  return performance.now() - started;
}

async function cpuNow(server: BenchServer): Promise<{ own: number; postgres: number }> {
  return { own: ownCpuMs(), postgres: (await postgresCpuMs(server.database.sql)) ?? NaN };
}

async function cpuSince(server: BenchServer, before: { own: number; postgres: number }, pages: number): Promise<string> {
  const after = await cpuNow(server);
  return `bench process (server + client) ${((after.own - before.own) / pages).toFixed(1)} ms, PostgreSQL ${((after.postgres - before.postgres) / pages).toFixed(1)} ms`;
}
