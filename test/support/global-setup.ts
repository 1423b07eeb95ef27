import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/platform/embedded-postgres';
import { migrateDatabase } from '../../server/platform/db';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
    /** Prefix of this run's per-file databases, so cleanup never touches another run's. */
    databasePrefix: string;
  }
}

/**
 * Starts one real PostgreSQL for the run (embedded unless DATABASE_URL is set) and migrates a
 * template database once; each test file clones it into a database of its own.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedDatabase | null = null;
  let dir: string | null = null;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dir = mkdtempSync(join(tmpdir(), 'gridroster-test-'));
    chmodSync(dir, 0o755);
    embedded = await startEmbeddedPostgres(dir);
    adminUrl = embedded.url;
  }
  const templateDatabase = `gridroster_template_${process.pid}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${templateDatabase}`);
  await admin.unsafe(`create database ${templateDatabase}`);
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${templateDatabase}`;
  await migrateDatabase(templateUrl.toString());
  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);
  const databasePrefix = `gridroster_t_${process.pid}_`;
  project.provide('databasePrefix', databasePrefix);

  return async () => {
    const leftovers = await admin`select datname from pg_database where datname like ${databasePrefix + '%'} or datname = ${templateDatabase}`;
    for (const { datname } of leftovers) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    await admin.end({ timeout: 5 });
    await embedded?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
