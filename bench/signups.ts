import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { print } from 'graphql';
import { SignUpForShiftDocument } from '../client/generated/graphql';
import { toGlobalId } from '../server/platform/ids';
import { runHttpLoad } from './http-load';
import { pgbenchAvailable, runPgbench, type PgbenchResult } from './pgbench';
import { ownCpuMs, postgresCpuMs } from './proc-cpu';
import { createBenchPlace, insertShifts, seedVolunteers, type SeededVolunteers } from './seed';
import { signUpScript, type Captured, type Probe, type ScriptLevel } from './signup-scripts';
import { percentile, startBenchServer, type BenchResult, type BenchServer } from './support';

const LANES = 16;
const SIGN_UP = print(SignUpForShiftDocument);
const LEVELS: [ScriptLevel, string][] = [
  ['core', "pgbench, core SQL: the service's transaction as the server sends it (BEGIN; key claim + locks, pipelined; checks + writes; COMMIT)"],
  ['request', 'pgbench, the whole request (viewer load, the transaction, the response reads, one by one)'],
];

/** The statements one sign-up sends, recorded from the server itself (see signup-scripts.ts). */
interface Recorder { on: boolean; statements: Captured[] }
const NOT_THE_REQUEST = /delete from "idempotency_keys" where ctid|pg_catalog\.pg_type/;

interface Scenario {
  label: string;
  describe: string;
  /** Shift ids lo..hi (contiguous); each sign-up picks one at random. */
  shifts: [number, number];
  perLane: number;
}

interface Run {
  seconds: number;
  count: number;
  latencies: number[];
  seated: number;
  waitlisted: number;
  /** CPU milliseconds spent during the run: bench server process, PostgreSQL, HTTP load generator. */
  cpu: { server: number; postgres: number; loadgen: number };
}

/** Empties the roster so every run starts from the same state. */
async function resetRoster(server: BenchServer): Promise<void> {
  const sql = server.database.sql;
  // The roster log refuses TRUNCATE (append-only triggers); this throwaway bench database lets its
  // superuser skip triggers for the one statement that empties it between runs.
  await sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`truncate assignments, roster_events, idempotency_keys cascade`;
  });
  await sql`update shifts set filled = 0, party_seated = 0 where filled <> 0 or party_seated <> 0`;
  await sql`vacuum analyze shifts, assignments, roster_events, idempotency_keys`;
}

async function rosterState(server: BenchServer): Promise<{ seated: number; waitlisted: number }> {
  const [row] = await server.database.sql<{ seated: number; waitlisted: number; filled: number }[]>`
    select count(*) filter (where status = 'ASSIGNED')::int as seated, count(*) filter (where status = 'WAITLISTED')::int as waitlisted,
           (select sum(filled)::int from shifts) as filled from assignments`;
  if (row.seated !== row.filled) throw new Error(`filled ${row.filled} does not match ${row.seated} seats`);
  return row;
}

const randomIn = ([lo, hi]: [number, number]) => lo + Math.floor(Math.random() * (hi - lo + 1));

async function httpRun(server: BenchServer, people: SeededVolunteers, scenario: Scenario, count: number): Promise<Run> {
  const requests = Array.from({ length: count }, (_, k) => ({
    token: people.tokens[k],
    body: JSON.stringify({ query: SIGN_UP, variables: { shiftId: toGlobalId('Shift', randomIn(scenario.shifts)), idempotencyKey: randomUUID() } }),
  }));
  const before = await cpuNow(server);
  const result = await runHttpLoad({ url: server.url, lanes: LANES, requests });
  const after = await cpuNow(server);
  if (result.errors) throw new Error(`${result.errors} of ${count} sign-ups failed, first: ${result.firstError}`);
  const state = await rosterState(server);
  if (state.seated !== (result.statuses.ASSIGNED ?? 0) || state.seated + state.waitlisted !== count) throw new Error(`roster ${JSON.stringify(state)} does not match answers ${JSON.stringify(result.statuses)}`);
  const cpu = { server: after.server - before.server, postgres: after.postgres - before.postgres, loadgen: result.cpuMs };
  return { seconds: result.seconds, count, latencies: result.latencies, ...state, cpu };
}

async function pgbenchRun(server: BenchServer, people: SeededVolunteers, scenario: Scenario, script: string): Promise<Run> {
  const before = await cpuNow(server);
  const result: PgbenchResult = await runPgbench(server.databaseUrl, script, {
    clients: LANES, threads: 2, transactionsPerClient: scenario.perLane, protocol: 'prepared',
    defines: { i: 0, per: scenario.perLane, vbase: people.firstVolunteerId, abase: people.firstAccountId, slo: scenario.shifts[0], shi: scenario.shifts[1] },
  });
  await new Promise((resolve) => setTimeout(resolve, 200)); // let the postmaster reap pgbench's backends
  const after = await cpuNow(server);
  const state = await rosterState(server);
  if (state.seated + state.waitlisted !== result.processed) throw new Error(`pgbench left ${JSON.stringify(state)} after ${result.processed} transactions`);
  const cpu = { server: 0, postgres: after.postgres - before.postgres, loadgen: 0 };
  return { seconds: result.processed / result.tps, count: result.processed, latencies: result.latencies, ...state, cpu };
}

/** One run from an empty roster, leaving it empty for the next. */
async function fresh(server: BenchServer, once: () => Promise<Run>): Promise<Run> {
  await resetRoster(server);
  const run = await once();
  await resetRoster(server);
  return run;
}

const rate = (run: Run) => run.count / run.seconds;

async function cpuNow(server: BenchServer): Promise<{ server: number; postgres: number }> {
  return { server: ownCpuMs(), postgres: (await postgresCpuMs(server.database.sql)) ?? NaN };
}

function describeRun(run: Run, http: boolean): string {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const per = (ms: number) => (ms / run.count).toFixed(1);
  const cpu = http
    ? `CPU per sign-up: server ${per(run.cpu.server)} ms, PostgreSQL ${per(run.cpu.postgres)} ms, load generator ${per(run.cpu.loadgen)} ms`
    : `PostgreSQL CPU ${per(run.cpu.postgres)} ms per transaction`;
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms; ${cpu}; ${run.seated} seated, ${run.waitlisted} waitlisted`;
}

async function measure(server: BenchServer, people: SeededVolunteers, scenario: Scenario, scripts: Map<ScriptLevel, string> | null): Promise<[string, string, string][]> {
  const count = LANES * scenario.perLane;
  const http = await fresh(server, () => httpRun(server, people, scenario, count));
  console.log(`  ${scenario.label}: HTTP ${rate(http).toFixed(0)}/s`);
  const rows: [string, string, string][] = [[
    `${scenario.label}: HTTP signUpForShift`, `${rate(http).toFixed(0)} sign-ups/s`,
    `${describeRun(http, true)}; ${scenario.describe}; ${count} sign-ups, each by a distinct volunteer account, with an idempotencyKey`,
  ]];
  if (!scripts) return rows;
  for (const [level, title] of LEVELS) {
    const run = await fresh(server, () => pgbenchRun(server, people, scenario, scripts.get(level)!));
    console.log(`  ${scenario.label}: pgbench ${level} ${rate(run).toFixed(0)}/s`);
    rows.push([`${scenario.label}: ${title}`, `${rate(run).toFixed(0)} TPS`, `${describeRun(run, false)}; HTTP/pgbench = ${(rate(http) / rate(run)).toFixed(2)}`]);
  }
  return rows;
}

/** signUpForShift over HTTP with 16 lanes, spread and hot, beside pgbench replaying its SQL. */
export async function signupsBench(): Promise<BenchResult> {
  const load = loadavg()[0].toFixed(1);
  const recorder: Recorder = { on: false, statements: [] };
  const server = await startBenchServer({
    onQuery: (sql, pool, parameters) => { if (recorder.on && pool === 'request' && !NOT_THE_REQUEST.test(sql)) recorder.statements.push({ sql, parameters: [...parameters] }); },
  });
  try {
    const place = await createBenchPlace(server, '霞浦社区');
    const spread = await insertShifts(server, place.gridDbId, 1000, 10, '卡口值守');
    const hotSeat = await insertShifts(server, place.gridDbId, 1, 1000, '核酸采样大点');
    const hotWait = await insertShifts(server, place.gridDbId, 1, 10, '核酸采样小点');
    const scenarios: Scenario[] = [
      { label: '(a) spread', describe: 'random shift among 1,000 shifts × 10 seats', shifts: spread, perLane: 100 },
      { label: '(b1) hot shift, seats', describe: 'one shift with 1,000 seats, so every sign-up is seated', shifts: hotSeat, perLane: 62 },
      { label: '(b2) hot shift, waitlist', describe: 'one shift with 10 seats, so all but 10 are waitlisted', shifts: hotWait, perLane: 63 },
    ];
    const people = await seedVolunteers(server, place.orgDbId, Math.max(...scenarios.map((s) => LANES * s.perLane)), true);
    // Warm-up: JIT, connection pools, plan caches; not measured.
    await fresh(server, () => httpRun(server, people, { ...scenarios[0], perLane: 20 }, LANES * 20));
    console.log('  warmed up');
    const withPgbench = pgbenchAvailable();
    if (!withPgbench) console.log('  pgbench not found: apt-get install postgresql-client (skipping the pgbench rows)');
    const scripts = withPgbench ? await recordScripts(server, people, recorder, hotSeat[0]) : null;
    const rows: [string, string, string][] = [];
    for (const scenario of scenarios) rows.push(...(await measure(server, people, scenario, scripts)));
    if (!withPgbench) rows.push(['pgbench rows', 'skipped', 'pgbench not found: apt-get install postgresql-client']);
    rows.push(['setting', `${LANES} lanes`, `HTTP load from a child process (16 keep-alive connections); pgbench -c 16 -j 2 (-M prepared unless noted) on the same database; server, PostgreSQL, load generator and pgbench share the machine's 2 cores with other work (1-min load average ${load} at start); roster emptied and vacuumed before every run`]);
    return { name: 'signUpForShift throughput: HTTP (16 concurrent volunteers) vs pgbench replaying the same SQL', rows };
  } finally {
    await server.stop();
  }
}

/**
 * One sign-up over HTTP with every statement recorded (the last volunteer, on the hot shift), turned
 * into the pgbench scripts; the roster is emptied afterwards.
 */
async function recordScripts(server: BenchServer, people: SeededVolunteers, recorder: Recorder, shiftId: number): Promise<Map<ScriptLevel, string>> {
  const k = people.tokens.length - 1;
  const [shift] = await server.database.sql<{ starts_at: Date; ends_at: Date }[]>`select starts_at, ends_at from shifts where id = ${shiftId}`;
  const probe: Probe = { shiftId, volunteerId: people.firstVolunteerId + k, accountId: people.firstAccountId + k, key: randomUUID(), startsAt: new Date(shift.starts_at), endsAt: new Date(shift.ends_at) };
  recorder.on = true;
  const response = await fetch(server.url, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${people.tokens[k]}` },
    body: JSON.stringify({ query: SIGN_UP, variables: { shiftId: toGlobalId('Shift', shiftId), idempotencyKey: probe.key } }),
  });
  const body = await response.json() as { errors?: unknown };
  recorder.on = false;
  if (body.errors) throw new Error(`the probe sign-up failed: ${JSON.stringify(body.errors)}`);
  await resetRoster(server);
  const scripts = new Map(LEVELS.map(([level]) => [level, signUpScript(level, recorder.statements, probe)] as const));
  if (process.env.BENCH_SHOW_SCRIPTS) for (const [level, script] of scripts) console.log(`--- ${level}\n${script}`);
  return scripts;
}
