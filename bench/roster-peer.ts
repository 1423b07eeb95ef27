import { loadavg } from 'node:os';
import { shanghaiDate } from '../server/platform/date-range';
import { issueToken } from '../server/modules/auth/token';
import { postgresCpuMs, statementsRun } from './proc-cpu';
import { ensurePeer, freePort, NODE22, PEER_DIR, ROOT_DIR, runLoad, startServerProcess, type LoadResult, type ServerProcess } from './peer';
import { seedDay } from './roster';
import { createBenchPlace, seedStaff, seedVolunteers } from './seed';
import { startBenchServer, type BenchResult, type BenchServer } from './support';

/**
 * The roster page side by side with PostGraphile V5: the same database and rows, each server in a
 * process of its own (one at a time), autocannon in another, at 8 and 32 connections.
 */
const SHIFTS = 1000;
const SEATS = 10;
const PAGE = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const GRIDROSTER_QUERY = `query($day: Date!, $first: Int!) {
  shifts(filter: { range: { from: $day, to: $day } }, first: $first) {
    pageInfo { hasNextPage endCursor }
    edges { node { title filled waitlisted roster { status volunteer { name mobile } } } }
  }
}`;

// Amber's schema for the same tables: a grid's shifts by start, each with its assignments and their volunteers.
const PEER_QUERY = `query($grid: Int!, $first: Int!) {
  allShifts(condition: { gridId: $grid }, orderBy: [STARTS_AT_ASC, PRIMARY_KEY_ASC], first: $first) {
    pageInfo { hasNextPage endCursor }
    nodes {
      title filled
      waitlisted: assignmentsByShiftId(condition: { status: WAITLISTED }) { totalCount }
      roster: assignmentsByShiftId(orderBy: [PRIMARY_KEY_ASC]) { nodes { status volunteerByVolunteerId { name mobile } } }
    }
  }
}`;

interface Row { title: string; filled: number; waitlisted: number; roster: { status: string; name: string; mobile: string }[] }

const mask = (mobile: string) => `${mobile.slice(0, 3)}****${mobile.slice(7)}`;

async function post(url: string, body: string, token?: string): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });
  return response.json() as Promise<{ data?: Record<string, unknown>; errors?: unknown[] }>;
}

async function gridrosterRows(url: string, body: string, token: string): Promise<Row[]> {
  const json = await post(url, body, token);
  if (json.errors) throw new Error(JSON.stringify(json.errors));
  const edges = (json.data!.shifts as { edges: { node: { title: string; filled: number; waitlisted: number; roster: { status: string; volunteer: { name: string; mobile: string } }[] } }[] }).edges;
  return edges.map(({ node }) => ({ title: node.title, filled: node.filled, waitlisted: node.waitlisted, roster: node.roster.map((a) => ({ status: a.status, name: a.volunteer.name, mobile: a.volunteer.mobile })) }));
}

async function peerRows(url: string, body: string): Promise<Row[]> {
  const json = await post(url, body);
  if (json.errors) throw new Error(JSON.stringify(json.errors));
  const nodes = (json.data!.allShifts as { nodes: { title: string; filled: number; waitlisted: { totalCount: number }; roster: { nodes: { status: string; volunteerByVolunteerId: { name: string; mobile: string } }[] } }[] }).nodes;
  // PostGraphile has no masking: compare what a coordinator would read.
  return nodes.map((n) => ({ title: n.title, filled: n.filled, waitlisted: n.waitlisted.totalCount, roster: n.roster.nodes.map((a) => ({ status: a.status, name: a.volunteerByVolunteerId.name, mobile: mask(a.volunteerByVolunteerId.mobile) })) }));
}

interface Measured { load: LoadResult; serverMs: number; postgresMs: number; statements: number }

async function measure(server: BenchServer, proc: ServerProcess, body: string, connections: number, token?: string, overallRate?: number): Promise<Measured> {
  const headers = token ? { authorization: `Bearer ${token}` } : undefined;
  const cpu0 = proc.cpuMs();
  const pg0 = (await postgresCpuMs(server.database.sql)) ?? NaN;
  const statements0 = (await statementsRun(server.database.sql)) ?? NaN;
  const load = await runLoad({ url: proc.url, connections, seconds: SECONDS, body, headers, overallRate });
  const serverMs = (proc.cpuMs() - cpu0) / load.requests;
  const postgresMs = (((await postgresCpuMs(server.database.sql)) ?? NaN) - pg0) / load.requests;
  const statements = (((await statementsRun(server.database.sql)) ?? NaN) - statements0) / load.requests;
  return { load, serverMs, postgresMs, statements };
}

function gridrosterEnv(server: BenchServer, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env, DATABASE_URL: server.databaseUrl, PORT: String(port), HOST: '127.0.0.1', GRIDROSTER_LOG_LEVEL: 'silent',
    GRIDROSTER_SECRET: 'bench-secret-0123456789', GRIDROSTER_DATA_KEYS: 'k1:bench-data-key-0123456789-0123456789', NODE_ENV: 'production',
  };
}

const startGridroster = (server: BenchServer, node: string, label: string) => {
  const port = freePort();
  return startServerProcess(label, node, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT_DIR, env: gridrosterEnv(server, port), port });
};

const startPeer = (server: BenchServer) => {
  const port = freePort();
  return startServerProcess('PostGraphile V5', NODE22, ['postgraphile-server.mjs'], {
    cwd: PEER_DIR, env: { ...process.env, DATABASE_URL: server.databaseUrl, PORT: String(port), POOL_MAX: '20', NODE_ENV: 'production' }, port,
    // Amber logs schema naming conflicts over our functions (roster_tick…) as recoverable warnings.
    quiet: true,
  });
};

const describe = (m: Measured) =>
  `p50 ${m.load.p50} ms, p99 ${m.load.p99} ms; CPU per request: server ${m.serverMs.toFixed(1)} ms, PostgreSQL ${m.postgresMs.toFixed(1)} ms, load generator ${(m.load.cpuMs / m.load.requests).toFixed(1)} ms; ${m.statements.toFixed(1)} statements per request; ${m.load.requests} requests, ${(m.load.bytes / m.load.requests / 1024).toFixed(0)} KiB each`;

/** Runs `body` against a freshly started server process at each connection count, then stops it. */
async function runServer(server: BenchServer, start: () => Promise<ServerProcess>, body: string, token: string | undefined, label: string, rows: [string, string, string][], results: Map<string, Measured>): Promise<void> {
  const proc = await start();
  try {
    await runLoad({ url: proc.url, connections: 8, seconds: 3, body, headers: token ? { authorization: `Bearer ${token}` } : undefined }); // warm-up
    for (const connections of [8, 32]) {
      const m = await measure(server, proc, body, connections, token);
      results.set(`${label}@${connections}`, m);
      rows.push([`${label}, ${connections} connections`, `${m.load.rps.toFixed(0)} req/s`, describe(m)]);
    }
  } finally {
    await proc.stop();
  }
}

export async function rosterPeerBench(): Promise<BenchResult> {
  ensurePeer();
  const load = loadavg()[0].toFixed(1);
  const server = await startBenchServer({ statementStats: true });
  try {
    const place = await createBenchPlace(server, '东石社区');
    const people = await seedVolunteers(server, place.orgDbId, SHIFTS * SEATS, false);
    const day = shanghaiDate(new Date(Date.now() + 3 * 86_400_000));
    await seedDay(server, place.gridDbId, people.firstVolunteerId, day);
    const [coordinator] = await seedStaff(server, place.orgDbId, 1, 'COORDINATOR');
    const [adminRow] = await server.database.sql<{ id: number }[]>`select account_id as id from role_grants where role = 'PLATFORM_ADMIN' limit 1`;
    const admin = (await issueToken(server.deps.keys.token.signing, adminRow.id, 3600)).token;
    const ours = JSON.stringify({ query: GRIDROSTER_QUERY, variables: { day, first: PAGE } });
    const peers = JSON.stringify({ query: PEER_QUERY, variables: { grid: place.gridDbId, first: PAGE } });

    const rows: [string, string, string][] = [];
    const results = new Map<string, Measured>();
    // Same rows first: the peer's first page (mobiles masked as a coordinator reads them) equals ours.
    const peer = await startPeer(server);
    let peerFirst: Row[];
    try {
      peerFirst = await peerRows(peer.url, peers);
    } finally {
      await peer.stop();
    }
    const node20 = await startGridroster(server, process.execPath, 'gridroster');
    try {
      const mine = await gridrosterRows(node20.url, ours, coordinator);
      if (JSON.stringify(mine) !== JSON.stringify(peerFirst)) throw new Error('gridroster and PostGraphile disagree on the first page');
      if (mine.length !== PAGE || mine.some((r) => r.roster.length !== SEATS)) throw new Error('the first page is not 50 shifts of 10');
    } finally {
      await node20.stop();
    }
    rows.push(['same rows', 'checked', `the first page (${PAGE} shifts, ${PAGE * SEATS} roster rows) from PostGraphile, mobiles masked, equals gridroster's as a coordinator`]);

    await runServer(server, () => startPeer(server), peers, undefined, 'PostGraphile V5 (Amber, no scope checks), Node 22', rows, results);
    await runServer(server, () => startGridroster(server, NODE22, 'gridroster'), ours, coordinator, 'gridroster as a coordinator, Node 22', rows, results);
    await runServer(server, () => startGridroster(server, process.execPath, 'gridroster'), ours, coordinator, 'gridroster as a coordinator, Node 20', rows, results);
    await runServer(server, () => startGridroster(server, process.execPath, 'gridroster'), ours, admin, 'gridroster as platform admin, Node 20', rows, results);

    for (const connections of [8, 32]) {
      const peerRun = results.get(`PostGraphile V5 (Amber, no scope checks), Node 22@${connections}`)!;
      for (const node of ['Node 22', 'Node 20']) {
        const mine = results.get(`gridroster as a coordinator, ${node}@${connections}`)!;
        rows.push([`coordinator / PostGraphile, ${node}, ${connections} connections`, `${(mine.load.rps / peerRun.load.rps).toFixed(2)}×`,
          `target ≥ 1.0×; total CPU per request ${(mine.serverMs + mine.postgresMs).toFixed(1)} ms vs PostGraphile's ${(peerRun.serverMs + peerRun.postgresMs).toFixed(1)} ms (target: no more)`]);
      }
    }
    // p99 at the highest rate PostGraphile held (8 connections), paced.
    const rate = Math.floor(results.get('PostGraphile V5 (Amber, no scope checks), Node 22@8')!.load.rps);
    const paced = await startGridroster(server, process.execPath, 'gridroster');
    try {
      await runLoad({ url: paced.url, connections: 8, seconds: 3, body: ours, headers: { authorization: `Bearer ${coordinator}` } });
      const m = await measure(server, paced, ours, 8, coordinator, rate);
      rows.push([`gridroster as a coordinator paced at PostGraphile's ${rate} req/s, Node 20`, `p99 ${m.load.p99} ms`, `target ≤ 50 ms; ${describe(m)}`]);
    } finally {
      await paced.stop();
    }
    rows.push(['setting', `${SECONDS} s per run`, `a day of ${SHIFTS} shifts × ${SEATS} seats seeded in SQL (10,000 volunteers); each server in its own process (gridroster: \`node --import tsx server/main.ts\`, NODE_ENV=production, request pool 20; PostGraphile 5.1.5 Amber on grafserv/node:http, pool 20), one at a time, after a 3 s warm-up; autocannon 8 in its own process; query: ${GRIDROSTER_QUERY.replace(/\s+/g, ' ')}; PostGraphile: ${PEER_QUERY.replace(/\s+/g, ' ')}; server, PostgreSQL and the load generator share the machine's 2 cores with other work (1-min load average ${load} at start)`]);
    return { name: `Roster page side by side with PostGraphile V5: ${PAGE} shifts, ${PAGE * SEATS} roster rows`, rows };
  } finally {
    await server.stop();
  }
}
