import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateOrganizationDocument } from '../client/generated/graphql';
import { bulkRows, writeGbkCsv, writeXlsx } from '../test/fixtures/volunteer-sheets';
import { ADMIN, startBenchServer, type BenchResult, type BenchServer } from './support';

const run = promisify(execFile);
const ROWS = 10_000;

interface CliRun { seconds: number; maxRssMiB: number; summary: { outcomes: Record<string, number>; rowsPerSecond: number } }

/** `gridroster …args` in a child process (tsx, as npx gridroster runs it): wall time, peak RSS and its --json answer. */
async function gridroster(args: string[], env: Record<string, string>): Promise<CliRun> {
  const started = performance.now();
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'bench/import-cli.ts', ...args], {
    env: { ...process.env, ...env }, maxBuffer: 64 * 2 ** 20,
  });
  const seconds = (performance.now() - started) / 1000;
  const rss = Number(/maxRssKiB=(\d+)/.exec(stderr)?.[1] ?? NaN);
  return { seconds, maxRssMiB: rss / 1024, summary: stdout.trim() ? JSON.parse(stdout) : null };
}

async function importOnce(server: BenchServer, env: Record<string, string>, file: string, orgName: string): Promise<CliRun> {
  await server.admin.ok(CreateOrganizationDocument, { name: orgName, kind: 'COMMUNITY' });
  const result = await gridroster(['import', 'volunteers', file, '--org', orgName, '--json'], env);
  if (result.summary.outcomes.CREATED !== ROWS) throw new Error(`${orgName}: ${JSON.stringify(result.summary.outcomes)}`);
  return result;
}

const rowsOf = (label: string, r: CliRun): [string, string, string][] => [
  [`${label}: rows per second, end to end`, (ROWS / r.seconds).toFixed(0), `${r.seconds.toFixed(1)} s from process start (tsx load, sign-in check, read, ${ROWS / 1000} batches of 1,000) to exit; sending alone ${r.summary.rowsPerSecond} rows/s`],
  [`${label}: peak RSS of the command line`, `${r.maxRssMiB.toFixed(0)} MiB`, 'process.resourceUsage().maxRSS of the CLI process (the server runs in the bench process)'],
];

/** `gridroster import volunteers` of a 10,000-row XLSX and a 10,000-row GBK CSV into an empty organization each. */
export async function importBench(): Promise<BenchResult> {
  const server = await startBenchServer();
  const dir = mkdtempSync(join(tmpdir(), 'gridroster-import-bench-'));
  try {
    const env = { GRIDROSTER_CONFIG_DIR: dir, GRIDROSTER_URL: server.url, GRIDROSTER_PASSWORD: ADMIN.password, LANG: 'C.UTF-8' };
    await gridroster(['login', '--mobile', ADMIN.mobile, '--json'], env);
    const xlsx = join(dir, 'volunteers.xlsx');
    const csv = join(dir, 'volunteers-gbk.csv');
    await writeXlsx(xlsx, bulkRows(ROWS, 13700000000, 100_000));
    await writeGbkCsv(csv, bulkRows(ROWS, 13800000000, 200_000));
    const fromXlsx = await importOnce(server, env, xlsx, '洋埭村委会');
    const fromCsv = await importOnce(server, env, csv, '海尾村委会');
    return { name: 'gridroster import volunteers, 10,000 rows', rows: [...rowsOf('XLSX', fromXlsx), ...rowsOf('GBK CSV', fromCsv)] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}
