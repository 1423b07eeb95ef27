import { mkdtempSync, readFileSync, rmSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { eventually, exited, postgresOf, processesMentioning, serverEnv, startServer } from '../../support/process';

// Each test starts real processes; on a busy machine that takes a while.
vi.setConfig({ testTimeout: 240_000 });

const dataDir = mkdtempSync(join(tmpdir(), 'gridroster-lifecycle-'));
chmodSync(dataDir, 0o755);
const pgdata = join(dataDir, 'pg');
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const start = (databaseUrl?: string, extraEnv: NodeJS.ProcessEnv = {}) =>
  startServer(serverEnv(dataDir, { ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...extraEnv }));

describe('process lifecycle', () => {
  it('starts on an empty data dir, logs where it listens, which database it uses and how to reach it with psql, and is ready', async () => {
    const running = await start();
    const port = readFileSync(join(dataDir, 'pg-port'), 'utf8').trim();
    expect(running.output()).toContain(`embedded PostgreSQL in ${dataDir} (psql -h 127.0.0.1 -p ${port} -U postgres gridroster`);
    expect((await fetch(`http://127.0.0.1:${running.port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${running.port}/readyz`)).status).toBe(200);
    running.child.kill('SIGTERM');
    expect(await exited(running.child)).toBe(0);
    expect(postgresOf(pgdata)).toEqual([]);
  });

  it('reuses the data and the same PostgreSQL port on a second start, after a clean shutdown (SIGINT) with no recovery needed', async () => {
    const port = readFileSync(join(dataDir, 'pg-port'), 'utf8').trim();
    const running = await start();
    expect(running.output()).not.toMatch(/not properly shut down|automatic recovery/);
    expect(running.output()).toContain(`-p ${port} -U postgres`);
    expect((await fetch(`http://127.0.0.1:${running.port}/readyz`)).status).toBe(200);
    running.child.kill('SIGINT');
    expect(await exited(running.child)).toBe(0);
    expect(running.output()).toContain('"msg":"stopped"');
    expect(postgresOf(pgdata)).toEqual([]);
  });

  it('leaves no PostgreSQL running when killed outright (SIGKILL); the next start takes over the stale lock, and stops a PostgreSQL orphaned with its watchdog', async () => {
    const killed = await start();
    expect(postgresOf(pgdata).length).toBeGreaterThan(0);
    killed.child.kill('SIGKILL');
    await exited(killed.child);
    await eventually(() => postgresOf(pgdata).length === 0);
    expect(existsSync(join(dataDir, 'gridroster.lock'))).toBe(true);

    // Killed again, and its watchdog with it this time: the PostgreSQL is left running, an orphan.
    const orphaned = await start();
    for (const { pid } of processesMentioning('gridroster-watchdog').filter((p) => p.cmdline.includes(pgdata))) process.kill(pid, 'SIGKILL');
    orphaned.child.kill('SIGKILL');
    await exited(orphaned.child);
    const orphans = postgresOf(pgdata);
    expect(orphans.length).toBeGreaterThan(0);
    const running = await start();
    expect((await fetch(`http://127.0.0.1:${running.port}/readyz`)).status).toBe(200);
    expect(postgresOf(pgdata)).not.toContain(Math.min(...orphans));
    running.child.kill('SIGTERM');
    expect(await exited(running.child)).toBe(0);
    expect(postgresOf(pgdata)).toEqual([]);
  });

  it('uses DATABASE_URL when given: creates and migrates that database and starts no PostgreSQL of its own', async () => {
    const url = new URL(inject('adminUrl'));
    url.pathname = `/${inject('databasePrefix')}external`;
    const running = await start(url.toString());
    try {
      expect(running.output()).toContain(`${url.pathname}`);
      expect(running.output()).not.toContain('embedded PostgreSQL');
      expect((await fetch(`http://127.0.0.1:${running.port}/readyz`)).status).toBe(200);
      expect(existsSync(join(pgdata, 'postmaster.pid'))).toBe(false);
      expect(postgresOf(pgdata)).toEqual([]);
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
