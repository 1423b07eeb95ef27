import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config';

const dir = mkdtempSync(join(tmpdir(), 'gridroster-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('configuration', () => {
  it('defaults to port 4000 and ./.gridroster, with no DATABASE_URL', () => {
    const config = loadConfig({ GRIDROSTER_SECRET: 'x'.repeat(32) });
    expect(config).toMatchObject({ port: 4000, databaseUrl: undefined, production: false, introspection: true });
    expect(config.dataDir).toBe(join(process.cwd(), '.gridroster'));
  });

  it('generates a secret into the data dir when none is given, and reuses it on the next start', () => {
    const first = loadConfig({ GRIDROSTER_DATA_DIR: dir });
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dir, 'secret'), 'utf8').trim()).toBe(first.secret);
    expect(loadConfig({ GRIDROSTER_DATA_DIR: dir }).secret).toBe(first.secret);
  });

  it('requires GRIDROSTER_SECRET when NODE_ENV=production, and turns introspection off unless asked', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', GRIDROSTER_DATA_DIR: dir })).toThrow(ConfigError);
    expect(loadConfig({ NODE_ENV: 'production', GRIDROSTER_SECRET: 's'.repeat(32) }).introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRIDROSTER_SECRET: 's'.repeat(32), GRIDROSTER_INTROSPECTION: 'true' }).introspection).toBe(true);
  });

  it('refuses a PORT that is not a port and an admin mobile without a password', () => {
    expect(() => loadConfig({ PORT: 'eighty', GRIDROSTER_SECRET: 's' })).toThrow(/PORT/);
    expect(() => loadConfig({ GRIDROSTER_ADMIN_MOBILE: '13800000000', GRIDROSTER_SECRET: 's' })).toThrow(/GRIDROSTER_ADMIN_PASSWORD/);
  });
});
