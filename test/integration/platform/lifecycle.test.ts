import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'gridroster-lifecycle-'));
chmodSync(dataDir, 0o755);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
}

/** Starts the real entry point (`npm start` runs the same file) on an embedded PostgreSQL. */
async function start(databaseUrl?: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Running> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', PORT: '0', GRIDROSTER_DATA_DIR: dataDir, GRIDROSTER_LOG_LEVEL: 'debug' };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  Object.assign(env, extraEnv);
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => { output += chunk; });
  child.stderr!.on('data', (chunk) => { output += chunk; });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /listening on http:\/\/localhost:(\d+)\/graphql/.exec(output);
      if (match) { clearInterval(timer); resolve(Number(match[1])); }
    }, 50);
    child.once('exit', (code) => { clearInterval(timer); reject(new Error(`exited with ${code}: ${output}`)); });
  });
  return { child, port, output: () => output };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

/** PostgreSQL processes serving this test's data directory. */
function postgresProcesses(): number[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(join(dataDir, 'pg'));
    } catch {
      return false;
    }
  });
}

describe('process lifecycle', () => {
  it('starts on an empty data dir, logs where it listens and which database it uses, and is ready', async () => {
    const running = await start();
    expect(running.output()).toContain(`embedded PostgreSQL in ${dataDir}`);
    expect((await fetch(`http://127.0.0.1:${running.port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${running.port}/readyz`)).status).toBe(200);
    running.child.kill('SIGTERM');
    expect(await exited(running.child)).toBe(0);
    expect(postgresProcesses()).toEqual([]);
  });

  it('reuses the data on a second start, after a clean shutdown (SIGINT) with no recovery needed', async () => {
    const running = await start();
    expect(running.output()).not.toMatch(/not properly shut down|automatic recovery/);
    expect((await fetch(`http://127.0.0.1:${running.port}/readyz`)).status).toBe(200);
    running.child.kill('SIGINT');
    expect(await exited(running.child)).toBe(0);
    expect(postgresProcesses()).toEqual([]);
  });

  it('recovers from a run that was killed outright, leaving a stale lock and an orphaned PostgreSQL', async () => {
    const killed = await start();
    killed.child.kill('SIGKILL');
    await exited(killed.child);
    expect(postgresProcesses().length).toBeGreaterThan(0);
    const running = await start();
    expect((await fetch(`http://127.0.0.1:${running.port}/readyz`)).status).toBe(200);
    running.child.kill('SIGTERM');
    expect(await exited(running.child)).toBe(0);
    expect(postgresProcesses()).toEqual([]);
  });

  it('uses DATABASE_URL when given: creates and migrates that database and starts no PostgreSQL of its own', async () => {
    const url = new URL(inject('adminUrl'));
    url.pathname = `/${inject('databasePrefix')}external`;
    const before = postgresProcesses().length;
    const running = await start(url.toString());
    try {
      expect(running.output()).toContain(`${url.pathname}`);
      expect(running.output()).not.toContain('embedded PostgreSQL');
      expect((await fetch(`http://127.0.0.1:${running.port}/readyz`)).status).toBe(200);
      expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
      expect(postgresProcesses().length).toBe(before);
    } finally {
      running.child.kill('SIGTERM');
      expect(await exited(running.child)).toBe(0);
    }
  });

  it('creates the platform admin from GRIDROSTER_ADMIN_MOBILE/PASSWORD, and updates its password on a later start', async () => {
    const login = async (port: number, password: string) => {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation($m: String!, $p: String!) { login(mobile: $m, password: $p) { account { roles { role } } } }', variables: { m: '13700000001', p: password } }),
      });
      return (await response.json()) as { data?: { login: { account: { roles: { role: string }[] } } }; errors?: unknown[] };
    };
    for (const password of ['first-password-1', 'second-password-2']) {
      const running = await start(undefined, { GRIDROSTER_ADMIN_MOBILE: '13700000001', GRIDROSTER_ADMIN_PASSWORD: password });
      try {
        expect((await login(running.port, password)).data?.login.account.roles).toEqual([{ role: 'PLATFORM_ADMIN' }]);
        if (password === 'second-password-2') expect((await login(running.port, 'first-password-1')).errors).toBeDefined();
      } finally {
        running.child.kill('SIGTERM');
        expect(await exited(running.child)).toBe(0);
      }
    }
  });
});
