import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * HTTP load generator. It runs in a child process (`node --import tsx bench/http-load.ts`) so
 * the client's fetch work has its own event loop instead of sharing the server's.
 */
export interface LoadPlan {
  url: string;
  lanes: number;
  /** Each request: a bearer token and a ready JSON body. Lanes take them in order. */
  requests: { token: string; body: string }[];
  /** Paced: request i is not sent before start + i / ratePerSecond (default: as fast as the lanes go). */
  ratePerSecond?: number;
}

export interface LoadResult {
  seconds: number;
  /** Milliseconds per request, in request order. */
  latencies: number[];
  errors: number;
  firstError: string | null;
  /** How many answers carried each data.<field>.status (e.g. ASSIGNED, WAITLISTED). */
  statuses: Record<string, number>;
  /** CPU milliseconds the load generator itself used (user + system). */
  cpuMs: number;
}

/** Sends the plan to a fresh child process and returns what it measured. */
export function runHttpLoad(plan: LoadPlan): Promise<LoadResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let result: LoadResult | null = null;
    child.once('message', (message) => { result = message as LoadResult; });
    child.once('error', reject);
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`load generator exited ${code} without a result`))));
    child.send(plan);
  });
}

async function drive(plan: LoadPlan): Promise<LoadResult> {
  const latencies = new Array<number>(plan.requests.length).fill(NaN);
  const statuses: Record<string, number> = {};
  let errors = 0;
  let firstError: string | null = null;
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: plan.lanes }, async () => {
    for (let i = next++; i < plan.requests.length; i = next++) {
      const { token, body } = plan.requests[i];
      const due = plan.ratePerSecond ? started + (i * 1000) / plan.ratePerSecond : 0;
      if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
      const t0 = performance.now();
      const response = await fetch(plan.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
      const json = (await response.json()) as { data?: Record<string, { status?: string } | null>; errors?: unknown[] };
      latencies[i] = performance.now() - t0;
      if (json.errors?.length || !json.data) {
        errors++;
        firstError ??= JSON.stringify(json.errors ?? json);
        continue;
      }
      for (const value of Object.values(json.data)) if (value?.status) statuses[value.status] = (statuses[value.status] ?? 0) + 1;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { seconds, latencies, errors, firstError, statuses, cpuMs: (used.user + used.system) / 1000 };
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  process.once('message', async (plan: LoadPlan) => {
    const result = await drive(plan);
    process.send!(result, () => process.exit(0));
  });
}
