import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { print } from 'graphql';
import { WebSocketServer } from 'ws';
import { SignUpForShiftDocument } from '../client/generated/graphql';
import { toGlobalId } from '../server/platform/ids';
import { runHttpLoad, type LoadResult } from './http-load';
import { startLoadProcess, type LoadReport } from './live-load';
import { createBenchPlace, insertShifts, seedStaff, seedVolunteers, type SeededVolunteers } from './seed';
import { percentile, startBenchServer, type BenchResult, type BenchServer } from './support';

const SHIFTS = 1000;
const CHANGES_PER_SECOND = 100;
const SECONDS = 20;
const COORDINATORS = 50;
const THROUGHPUT_SIGNUPS = 1600;
const SIZES = [1000, 5000];
const SIGN_UP = print(SignUpForShiftDocument);
/** What a command-post screen follows: the kind and the volunteer of each change on its shift. */
const SUBSCRIPTION = 'subscription Live($filter: RosterFilter!) { rosterChanged(filter: $filter) { cursor kind at assignment { id status volunteer { name mobile } } shift { id title filled } } }';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const wallClock = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function heapNow(): { heap: number; rss: number } {
  for (let i = 0; i < 3; i++) gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heap: heapUsed, rss };
}

const kib = (bytes: number) => (bytes / 1024).toFixed(1);
function latencyText(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms`;
}

interface Setting {
  server: BenchServer;
  shiftIds: string[];
  shiftRange: [number, number];
  coordinators: string[];
  volunteers: SeededVolunteers;
  used: number;
}

/** The floor: one pre-serialized frame written to every socket, 20 times, by a bare `ws` server in this process. */
async function rawFloor(load: ReturnType<typeof startLoadProcess>, sockets: number) {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const before = heapNow();
  await load.send({ type: 'raw', url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, count: sockets });
  const after = heapNow();
  for (let i = 0; i < 20; i++) {
    const frame = JSON.stringify({ ts: wallClock(), pad: 'x'.repeat(300) });
    for (const client of server.clients) client.send(frame);
    await sleep(100);
  }
  await sleep(500);
  const report = (await load.send({ type: 'report' })) as LoadReport;
  await load.send({ type: 'close' });
  await new Promise((resolve) => server.close(resolve));
  return { latencies: report.receipts.map((r) => r.at - Number(r.key)), perSocket: (after.heap - before.heap) / sockets, rss: (after.rss - before.rss) / sockets, received: report.receipts.length };
}

/** N subscribers, one per socket, spread over the shifts; resolves once the server holds them all. */
async function attach(setting: Setting, load: ReturnType<typeof startLoadProcess>, count: number): Promise<void> {
  await load.send({ type: 'subscribe', url: setting.server.url.replace('http', 'ws'), count, tokens: setting.coordinators, shiftIds: setting.shiftIds, query: SUBSCRIPTION });
  for (let waited = 0; setting.server.app.liveSubscriptions() < count; waited += 100) {
    if (waited > 120_000) throw new Error(`only ${setting.server.app.liveSubscriptions()} of ${count} subscriptions registered`);
    await sleep(100);
  }
}

/** Sign-ups by distinct volunteers on random shifts, over HTTP from a child process. */
function signUps(setting: Setting, count: number, ratePerSecond?: number): Promise<LoadResult> {
  const [lo, hi] = setting.shiftRange;
  const requests = Array.from({ length: count }, () => ({
    token: setting.volunteers.tokens[setting.used++],
    body: JSON.stringify({ query: SIGN_UP, variables: { shiftId: toGlobalId('Shift', lo + Math.floor(Math.random() * (hi - lo + 1))), idempotencyKey: randomUUID() } }),
  }));
  return runHttpLoad({ url: setting.server.url, lanes: 16, requests, ratePerSecond });
}

/** Milliseconds from each event's commit (PostgreSQL's commit timestamp) to its receipt. */
async function commitToReceipt(server: BenchServer, receipts: LoadReport['receipts']): Promise<number[]> {
  const positions = [...new Set(receipts.map((r) => (JSON.parse(Buffer.from(r.key, 'base64url').toString()) as number[])[1]))];
  const rows = await server.database.sql<{ position: number; committed: number }[]>`
    select l.position::int as position,
           extract(epoch from pg_xact_commit_timestamp((e.txid::text::numeric % 4294967296)::bigint::text::xid)) * 1000 as committed
      from roster_log l join roster_events e on e.id = l.event_id where l.position = any(${positions}::bigint[])`;
  const committed = new Map(rows.map((r) => [r.position, Number(r.committed)]));
  return receipts.map((r) => r.at - committed.get((JSON.parse(Buffer.from(r.key, 'base64url').toString()) as number[])[1])!);
}

async function transactionsPerSecond(server: BenchServer, seconds: number): Promise<number> {
  const count = async () => Number((await server.database.sql`select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()`)[0].n);
  const before = await count();
  await sleep(seconds * 1000);
  return ((await count()) - before - 1) / seconds;
}

async function measureSize(setting: Setting, load: ReturnType<typeof startLoadProcess>, sockets: number): Promise<[string, string, string][]> {
  const floor = await rawFloor(load, sockets);
  const before = heapNow();
  await attach(setting, load, sockets);
  const after = heapNow();
  const idle = await transactionsPerSecond(setting.server, 5);
  const writes = await signUps(setting, CHANGES_PER_SECOND * SECONDS, CHANGES_PER_SECOND);
  await sleep(2000);
  const report = (await load.send({ type: 'report' })) as LoadReport;
  await load.send({ type: 'close' });
  const latencies = await commitToReceipt(setting.server, report.receipts);
  const p99 = (values: number[]) => percentile([...values].sort((a, b) => a - b), 99);
  const perSocket = (after.heap - before.heap) / sockets;
  return [
    [`${sockets} subscribers: commit → receipt`, latencyText(latencies),
      `${report.receipts.length} events received for ${writes.latencies.length} sign-ups at ${CHANGES_PER_SECOND}/s (${(writes.latencies.length / writes.seconds).toFixed(0)}/s reached); ${writes.errors} sign-ups failed; sockets closed by the server during the run: ${JSON.stringify(report.closes)}; PostgreSQL's commit timestamp to the load process's clock`],
    [`${sockets} sockets: raw ws broadcast (floor)`, latencyText(floor.latencies), `one pre-serialized ~330-byte frame written to all ${sockets} sockets, 20 times, by a bare ws server in the server process; ${floor.received} frames received`],
    [`${sockets} subscribers: p99 against the floor`, `${(p99(latencies) / p99(floor.latencies)).toFixed(2)}×`, 'target ≤ 1.5×'],
    [`${sockets} subscribers: heap per connection`, `${kib(perSocket)} KiB`, `RSS ${kib((after.rss - before.rss) / sockets)} KiB; the raw ws floor ${kib(floor.perSocket)} KiB heap, ${kib(floor.rss)} KiB RSS; target < 20 KiB; after GC, one subscription per socket`],
    [`${sockets} idle subscribers: PostgreSQL transactions`, `${idle.toFixed(1)}/s`, 'the process ticks once a second; nothing per subscriber'],
  ];
}

/** Sign-up throughput with 5,000 subscribers attached against none (target ratio ≥ 0.8). */
async function measureThroughput(setting: Setting, load: ReturnType<typeof startLoadProcess>): Promise<[string, string, string][]> {
  const alone = await signUps(setting, THROUGHPUT_SIGNUPS);
  await attach(setting, load, 5000);
  const watched = await signUps(setting, THROUGHPUT_SIGNUPS);
  const report = (await load.send({ type: 'report' })) as LoadReport;
  await load.send({ type: 'close' });
  const rate = (run: LoadResult) => run.latencies.length / run.seconds;
  return [
    ['sign-ups/s, no subscribers', rate(alone).toFixed(0), `${latencyText(alone.latencies)}; 16 lanes, ${THROUGHPUT_SIGNUPS} sign-ups by distinct volunteers; ${alone.errors} failed`],
    ['sign-ups/s, 5000 subscribers attached', rate(watched).toFixed(0), `${latencyText(watched.latencies)}; ${report.receipts.length} events pushed meanwhile; ${watched.errors} failed`],
    ['throughput ratio (5000 subscribers / none)', (rate(watched) / rate(alone)).toFixed(2), 'target ≥ 0.8'],
  ];
}

/** Live rosters: latency, memory and write throughput with 1,000 and 5,000 subscribers. */
export async function liveBench(): Promise<BenchResult> {
  const load = loadavg()[0].toFixed(1);
  const server = await startBenchServer({ commitTimestamps: true });
  const loadProcess = startLoadProcess();
  try {
    const place = await createBenchPlace(server, '陈埭镇指挥部');
    const shiftRange = await insertShifts(server, place.gridDbId, SHIFTS, 10, '卡口值守');
    const shiftIds = Array.from({ length: SHIFTS }, (_, i) => toGlobalId('Shift', shiftRange[0] + i));
    const coordinators = await seedStaff(server, place.orgDbId, COORDINATORS, 'COORDINATOR');
    const volunteers = await seedVolunteers(server, place.orgDbId, SIZES.length * CHANGES_PER_SECOND * SECONDS + 2 * THROUGHPUT_SIGNUPS + 200, true);
    const setting: Setting = { server, shiftIds, shiftRange, coordinators, volunteers, used: 0 };
    await signUps(setting, 200); // warm-up: JIT, pools, plans; not measured
    const rows: [string, string, string][] = [];
    for (const size of SIZES) rows.push(...(await measureSize(setting, loadProcess, size)));
    rows.push(...(await measureThroughput(setting, loadProcess)));
    rows.push(['setting', `${SHIFTS} shifts, ${COORDINATORS} coordinator accounts`,
      `subscribers spread evenly over the shifts (one subscription per socket, ${COORDINATORS} accounts of one scope: one fan-out group per shift); sign-ups over HTTP from a child process, subscribers in another; server, PostgreSQL and both load processes share the machine's 2 cores with other work (1-min load average ${load} at start)`]);
    return { name: 'Live rosters: commit → receipt, memory and write throughput under 1,000 and 5,000 subscribers', rows };
  } finally {
    await loadProcess.stop();
    await server.stop();
  }
}
