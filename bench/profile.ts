import 'reflect-metadata';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { shanghaiDate } from '../server/platform/date-range';
import { toGlobalId } from '../server/platform/ids';
import { seedDay } from './roster';
import { createBenchPlace, insertShifts, seedStaff, seedVolunteers } from './seed';
import { inParallel, startBenchServer, type BenchServer } from './support';

/**
 * `npm run bench:profile`: CPU profiles (the V8 sampling profiler, as `node --cpu-prof` writes)
 * of the server while it answers the roster page (as a coordinator and as the platform admin) and
 * signUpForShift, each written to `profiles/<name>.cpuprofile` (open in Chrome DevTools), with the
 * top self-time functions and packages printed. Client and server share this process, so the
 * profile shows both; the client's part is fetch and JSON.parse.
 */
const ROSTER = `query($day: Date!) { shifts(filter: { range: { from: $day, to: $day } }, first: 50) {
  pageInfo { hasNextPage endCursor } edges { node { title filled waitlisted roster { status volunteer { name mobile } } } } } }`;
const SIGN_UP = 'mutation($shiftId: ID!, $key: String) { signUpForShift(shiftId: $shiftId, idempotencyKey: $key) { id status shift { id filled } volunteer { id name } } }';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number; children?: number[] }

function summarize(profile: { nodes: Node[] }, top = 25): string[] {
  const self = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    total += node.hitCount;
    const file = url.replace(/^file:\/\//, '').replace(/.*\/wt-[^/]+\//, '');
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? (file.startsWith('server/') ? file.split('/').slice(0, 3).join('/') : file || functionName);
    self.set(`${functionName || '(anonymous)'} ${file}:${lineNumber}`, (self.get(`${functionName || '(anonymous)'} ${file}:${lineNumber}`) ?? 0) + node.hitCount);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + node.hitCount);
  }
  const pct = (n: number) => `${((100 * n) / total).toFixed(1)}%`;
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return ['  by package or file:', ...sorted(byPackage).map(([k, n]) => `    ${pct(n)}  ${k}`), '  by function (self):', ...sorted(self).map(([k, n]) => `    ${pct(n)}  ${k}`)];
}

async function profiled(session: Session, name: string, work: () => Promise<void>): Promise<void> {
  await session.post('Profiler.start');
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(new URL(`../profiles/${name}.cpuprofile`, import.meta.url), JSON.stringify(profile));
  console.log(`${name}: ${ms.toFixed(0)} ms`);
  for (const line of summarize(profile as unknown as { nodes: Node[] })) console.log(line);
}

async function post(server: BenchServer, token: string, body: string): Promise<void> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  const json = (await response.json()) as { errors?: unknown[] };
  if (json.errors) throw new Error(JSON.stringify(json.errors));
}

const { mkdirSync } = await import('node:fs');
mkdirSync(new URL('../profiles/', import.meta.url), { recursive: true });
const server = await startBenchServer();
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
try {
  const place = await createBenchPlace(server, '深沪社区');
  const people = await seedVolunteers(server, place.orgDbId, 10_000, true);
  const day = shanghaiDate(new Date(Date.now() + 6 * 86_400_000));
  await seedDay(server, place.gridDbId, people.firstVolunteerId, day);
  const [coordinator] = await seedStaff(server, place.orgDbId, 1, 'COORDINATOR');
  const admin = server.admin.token!;
  const roster = JSON.stringify({ query: ROSTER, variables: { day } });
  for (let i = 0; i < 20; i++) await post(server, coordinator, roster); // warm-up
  if (!process.argv.includes('--sign-up-only')) {
  await profiled(session, 'roster-coordinator', async () => { for (let i = 0; i < 60; i++) await post(server, coordinator, roster); });
  await profiled(session, 'roster-admin', async () => { for (let i = 0; i < 60; i++) await post(server, admin, roster); });
  }
  // Sign-ups on fresh shifts two days out (the seeded day's seats are taken by the same people).
  const [lo, hi] = await insertShifts(server, place.gridDbId, 1000, 10, '入户核酸');
  const signUp = (k: number) => JSON.stringify({ query: SIGN_UP, variables: { shiftId: toGlobalId('Shift', lo + (k % (hi - lo + 1))), key: randomUUID() } });
  const lanes = Array.from({ length: 400 }, (_, k) => k);
  await inParallel(lanes.slice(0, 100), 8, (k) => post(server, people.tokens[k], signUp(k)));
  await profiled(session, 'sign-up', () => inParallel(lanes.slice(100), 8, (k) => post(server, people.tokens[k], signUp(k))));
} finally {
  session.disconnect();
  await server.stop();
}
process.exit(0);
