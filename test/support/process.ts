import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
}

/** Environment for the real entry point: no DATABASE_URL unless given, debug logs, port 0, no console build. */
export function serverEnv(dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  // These runs are about the API process; building the console (tested in test/e2e/console) would only slow them.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', PORT: '0', GRIDROSTER_DATA_DIR: dataDir, GRIDROSTER_LOG_LEVEL: 'debug', GRIDROSTER_CONSOLE_BUILD: 'false' };
  delete env.DATABASE_URL;
  return { ...env, ...extra };
}

/** Runs the real entry point (`npm start` runs the same file) and resolves once it listens. */
export async function startServer(env: NodeJS.ProcessEnv, args: string[] = [], cwd = process.cwd()): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => { output += chunk; });
  child.stderr!.on('data', (chunk) => { output += chunk; });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)\/graphql/.exec(output);
      if (match) { clearInterval(timer); resolve(Number(match[1])); }
    }, 50);
    child.once('exit', (code) => { clearInterval(timer); reject(new Error(`exited with ${code}: ${output}`)); });
  });
  return { child, port, output: () => output };
}

/** Runs the entry point to its end (a start that is refused): exit code and everything it printed. */
export function runToEnd(env: NodeJS.ProcessEnv, args: string[] = []): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => { output += chunk; });
  child.stderr!.on('data', (chunk) => { output += chunk; });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

/** Live processes whose command line mentions `text`, by pid, and whether each is a PostgreSQL. */
export function processesMentioning(text: string): { pid: number; postgres: boolean; cmdline: string }[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number).flatMap((pid) => {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (!cmdline.includes(text) || pid === process.pid) return [];
      return [{ pid, postgres: readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres', cmdline }];
    } catch {
      return [];
    }
  });
}

/** PostgreSQL processes serving the cluster in `pgdata`. */
export function postgresOf(pgdata: string): number[] {
  return processesMentioning(pgdata).filter((p) => p.postgres).map((p) => p.pid);
}

/** Waits (polling) until `check` holds; the test's own timeout bounds it. */
export async function eventually(check: () => boolean | Promise<boolean>, intervalMs = 100): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, intervalMs));
}
