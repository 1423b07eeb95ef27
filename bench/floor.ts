import { loadavg } from 'node:os';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { runHttpLoad } from './http-load';
import { ownCpuMs, postgresCpuMs } from './proc-cpu';
import { createBenchPlace, seedVolunteers } from './seed';
import { percentile, startBenchServer, type BenchResult } from './support';

const LANES = 8;
const REQUESTS = 2000;
const WARM_UP = 300;
const BODY = JSON.stringify({ query: '{ __typename }' });

interface Measured { rate: number; p50: number; p99: number; serverCpu: number; postgresCpu: number }

/** `{ __typename }` with a bearer token, as fast as LANES keep-alive connections go. */
async function measure(url: string, token: string, postgresCpu: () => Promise<number>): Promise<Measured> {
  const requests = (n: number) => Array.from({ length: n }, () => ({ token, body: BODY }));
  await runHttpLoad({ url, lanes: LANES, requests: requests(WARM_UP) });
  const [cpu0, pg0] = [ownCpuMs(), await postgresCpu()];
  const result = await runHttpLoad({ url, lanes: LANES, requests: requests(REQUESTS) });
  const [cpu1, pg1] = [ownCpuMs(), await postgresCpu()];
  if (result.errors) throw new Error(`${result.errors} of ${REQUESTS} requests failed, first: ${result.firstError}`);
  const sorted = [...result.latencies].sort((a, b) => a - b);
  return { rate: REQUESTS / result.seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), serverCpu: (cpu1 - cpu0) / REQUESTS, postgresCpu: (pg1 - pg0) / REQUESTS };
}

/** Apollo Server 5's own HTTP server with a one-field schema, no context, no database. */
async function apolloFloor(token: string): Promise<Measured> {
  const apollo = new ApolloServer({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } });
  const { url } = await startStandaloneServer(apollo, { listen: { port: 0, host: '127.0.0.1' } });
  try {
    return await measure(url, token, async () => 0);
  } finally {
    await apollo.stop();
  }
}

const row = (m: Measured) => `p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms; CPU per request: server ${m.serverCpu.toFixed(3)} ms, PostgreSQL ${m.postgresCpu.toFixed(3)} ms`;

/** The per-request floor: what a request costs before any field touches data. */
export async function floorBench(): Promise<BenchResult> {
  const load = loadavg()[0].toFixed(1);
  const server = await startBenchServer();
  try {
    const place = await createBenchPlace(server, '三沙社区');
    const { tokens: [token] } = await seedVolunteers(server, place.orgDbId, 1, true);
    const ours = await measure(server.url, token, async () => (await postgresCpuMs(server.database.sql)) ?? NaN);
    console.log(`  gridroster: ${ours.rate.toFixed(0)} req/s`);
    const floor = await apolloFloor(token);
    return {
      name: '`{ __typename }` with a bearer token: gridroster vs Apollo Server\'s own floor',
      rows: [
        ['gridroster, a volunteer\'s token', `${ours.rate.toFixed(0)} req/s`, row(ours)],
        ['Apollo Server 5 standalone, one-field schema, no context', `${floor.rate.toFixed(0)} req/s`, row(floor)],
        ['floor / gridroster (requests per second)', `${(floor.rate / ours.rate).toFixed(2)}×`, 'target ≤ 1.2×'],
        ['setting', `${LANES} lanes`, `${REQUESTS} requests after ${WARM_UP} to warm up, keep-alive, from a child process; both servers in the bench process in turn, on the machine's 2 shared cores (1-min load average ${load} at start)`],
      ],
    };
  } finally {
    await server.stop();
  }
}
