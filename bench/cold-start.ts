import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, type BenchResult } from './support';

/** Milliseconds from spawning the real entry point to /readyz answering 200, then a clean stop. */
async function timeToReady(dataDir: string): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', GRIDROSTER_DATA_DIR: dataDir, NODE_ENV: 'development' };
  delete env.DATABASE_URL;
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => { output += c; });
  let elapsed = NaN;
  for (let i = 0; i < 1200 && Number.isNaN(elapsed); i++) {
    const port = /localhost:(\d+)\/graphql/.exec(output)?.[1];
    if (port) {
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200).catch(() => false);
      if (ok) elapsed = performance.now() - started;
    }
    if (Number.isNaN(elapsed)) await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  return elapsed;
}

export async function coldStart(): Promise<BenchResult> {
  const empty: number[] = [];
  const existing: number[] = [];
  for (let run = 0; run < 3; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'gridroster-coldstart-'));
    chmodSync(dir, 0o755);
    empty.push(await timeToReady(dir));
    existing.push(await timeToReady(dir));
    rmSync(dir, { recursive: true, force: true });
  }
  const fmt = (values: number[]) => `${median(values).toFixed(0)} ms`;
  return {
    name: 'Cold start to /readyz 200 (embedded PostgreSQL, `node --import tsx server/main.ts`)',
    rows: [
      ['empty data dir (initdb + migrations)', fmt(empty), `median of 3: ${empty.map((v) => v.toFixed(0)).join(', ')} ms`],
      ['existing data dir', fmt(existing), `median of 3: ${existing.map((v) => v.toFixed(0)).join(', ')} ms`],
    ],
  };
}
