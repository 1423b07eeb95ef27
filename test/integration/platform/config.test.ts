import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config';
import { prepareDatabase } from '../../../server/platform/database-setup';
import { createLogger } from '../../../server/platform/logger';

const dir = mkdtempSync(join(tmpdir(), 'gridroster-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('configuration', () => {
  it('defaults to port 4000 and ./.gridroster, with no DATABASE_URL', () => {
    const config = loadConfig({ GRIDROSTER_SECRET: 'x'.repeat(32), GRIDROSTER_DATA_KEYS: `k1:${'d'.repeat(32)}` });
    expect(config).toMatchObject({ port: 4000, host: '127.0.0.1', databaseUrl: undefined, production: false, introspection: true, graphiql: true, corsOrigins: [] });
    expect(config.dataDir).toBe(join(process.cwd(), '.gridroster'));
  });

  it('generates a token secret and a separate data key into the data dir, readable by the owner only, and reuses them', () => {
    const first = loadConfig({ GRIDROSTER_DATA_DIR: dir });
    const [token] = first.keys.tokenSecrets;
    const [data] = first.keys.dataKeys;
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(data.secret).not.toBe(token);
    expect(readFileSync(join(dir, 'token-secret'), 'utf8').trim()).toBe(token);
    for (const file of ['token-secret', 'data-keys']) expect(statSync(join(dir, file)).mode & 0o077).toBe(0);
    expect(loadConfig({ GRIDROSTER_DATA_DIR: dir }).keys).toEqual(first.keys);
  });

  it('keeps reading a data dir from before keys were separated: its one secret becomes data key k1', () => {
    const old = mkdtempSync(join(dir, 'old-'));
    writeFileSync(join(old, 'secret'), 'the-one-old-secret-of-this-data-dir-0123\n', { mode: 0o600 });
    const config = loadConfig({ GRIDROSTER_DATA_DIR: old });
    expect(config.keys.dataKeys).toEqual([{ id: 'k1', secret: 'the-one-old-secret-of-this-data-dir-0123' }]);
    expect(config.keys.tokenSecrets[0]).not.toBe('the-one-old-secret-of-this-data-dir-0123');
  });

  it('names the variable when DATABASE_URL, GRIDROSTER_DATA_KEYS, GRIDROSTER_CORS_ORIGINS or GRIDROSTER_TOKEN_TTL is malformed', () => {
    const base = { GRIDROSTER_SECRET: 's'.repeat(32), GRIDROSTER_DATA_KEYS: `k1:${'d'.repeat(32)}` };
    expect(() => loadConfig({ ...base, DATABASE_URL: 'localhost:5432' })).toThrow(/^DATABASE_URL/);
    expect(() => loadConfig({ ...base, DATABASE_URL: 'mysql://h/db' })).toThrow(/^DATABASE_URL/);
    expect(() => loadConfig({ ...base, GRIDROSTER_DATA_KEYS: 'short' })).toThrow(/^GRIDROSTER_DATA_KEYS/);
    expect(() => loadConfig({ ...base, GRIDROSTER_CORS_ORIGINS: 'https://a.example/path' })).toThrow(/^GRIDROSTER_CORS_ORIGINS/);
    expect(() => loadConfig({ ...base, GRIDROSTER_TOKEN_TTL: 'forever' })).toThrow(/^GRIDROSTER_TOKEN_TTL/);
    expect(loadConfig({ ...base, GRIDROSTER_TOKEN_TTL: '2h', GRIDROSTER_CORS_ORIGINS: 'https://a.example, http://localhost:5173' }))
      .toMatchObject({ tokenTtlSeconds: 7200, corsOrigins: ['https://a.example', 'http://localhost:5173'] });
  });

  it('requires GRIDROSTER_SECRET and GRIDROSTER_DATA_KEYS when NODE_ENV=production, and turns introspection and GraphiQL off unless asked', () => {
    const production = { NODE_ENV: 'production', GRIDROSTER_SECRET: 's'.repeat(32), GRIDROSTER_DATA_KEYS: `k1:${'d'.repeat(32)}` };
    expect(() => loadConfig({ NODE_ENV: 'production', GRIDROSTER_DATA_DIR: dir })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', GRIDROSTER_SECRET: 's'.repeat(32) })).toThrow(/GRIDROSTER_DATA_KEYS/);
    expect(loadConfig(production)).toMatchObject({ introspection: false, graphiql: false });
    expect(loadConfig({ ...production, GRIDROSTER_INTROSPECTION: 'true', GRIDROSTER_GRAPHIQL: 'true' })).toMatchObject({ introspection: true, graphiql: true });
  });

  it('names DATABASE_URL when nothing answers at the address it gives', async () => {
    const config = loadConfig({ GRIDROSTER_SECRET: 's'.repeat(32), GRIDROSTER_DATA_KEYS: `k1:${'d'.repeat(32)}`, DATABASE_URL: 'postgres://gridroster:secret-pw@127.0.0.1:1/gridroster' });
    const refused = await prepareDatabase(config, createLogger('silent'), async () => {}).then(() => null, (error: Error) => error.message);
    expect(refused).toMatch(/^gridroster: DATABASE_URL \(127\.0\.0\.1:1\/gridroster\): nothing answers there/);
    expect(refused).not.toContain('secret-pw');
  });

  it('refuses a PORT that is not a port and an admin mobile without a password', () => {
    expect(() => loadConfig({ PORT: 'eighty', GRIDROSTER_SECRET: 's' })).toThrow(/PORT/);
    expect(() => loadConfig({ GRIDROSTER_ADMIN_MOBILE: '13800000000', GRIDROSTER_SECRET: 's' })).toThrow(/GRIDROSTER_ADMIN_PASSWORD/);
  });
});
