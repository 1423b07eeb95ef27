import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PGBENCH = process.env.PGBENCH ?? 'pgbench';

/** True when a pgbench binary answers --version (Debian: apt-get install postgresql-client). */
export function pgbenchAvailable(): boolean {
  return spawnSync(PGBENCH, ['--version'], { stdio: 'ignore' }).status === 0;
}

export interface PgbenchOptions {
  clients: number;
  threads: number;
  transactionsPerClient: number;
  /** -M: prepared plans once per connection; extended parses and plans every statement, as unnamed statements do. */
  protocol: 'prepared' | 'extended';
  /** `-D name=value` variables the script reads. */
  defines: Record<string, number>;
}

export interface PgbenchResult {
  /** pgbench's own figure, without initial connection time. */
  tps: number;
  /** Per-transaction latencies in milliseconds, from the -l log. */
  latencies: number[];
  processed: number;
}

/** pgbench connection settings from a postgres:// URL, as PG* environment variables. */
function pgEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const url = new URL(databaseUrl);
  return {
    ...process.env,
    PGHOST: url.hostname, PGPORT: url.port || '5432', PGUSER: decodeURIComponent(url.username),
    PGPASSWORD: decodeURIComponent(url.password), PGDATABASE: decodeURIComponent(url.pathname.slice(1)),
  };
}

/**
 * Runs a custom script (-n: no vacuum of pgbench's own tables) with per-transaction logging,
 * and fails loudly when any client aborted.
 */
export async function runPgbench(databaseUrl: string, script: string, options: PgbenchOptions): Promise<PgbenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'gridroster-pgbench-'));
  try {
    writeFileSync(join(dir, 'script.sql'), script);
    const args = ['-n', '-M', options.protocol, '-f', 'script.sql', '-c', String(options.clients), '-j', String(options.threads),
      '-t', String(options.transactionsPerClient), '-l', ...Object.entries(options.defines).flatMap(([k, v]) => ['-D', `${k}=${v}`])];
    const output = await run(args, dir, pgEnv(databaseUrl));
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1]);
    const processed = Number(/number of transactions actually processed: (\d+)/.exec(output)?.[1]);
    const expected = options.clients * options.transactionsPerClient;
    if (!Number.isFinite(tps) || processed !== expected) throw new Error(`pgbench processed ${processed} of ${expected}:\n${output}`);
    return { tps, processed, latencies: readLatencies(dir) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(PGBENCH, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => { output += c; });
    child.stderr.on('data', (c) => { output += c; });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`pgbench exited ${code}:\n${output}`))));
  });
}

/** -l lines are `client_id transaction_no time_us script_no epoch epoch_us`. */
function readLatencies(dir: string): number[] {
  return readdirSync(dir).filter((f) => f.startsWith('pgbench_log.')).flatMap((f) =>
    readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((line) => Number(line.split(' ')[2]) / 1000));
}
