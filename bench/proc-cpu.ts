import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type postgres from 'postgres';

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** [pid, ppid, own ticks, reaped children's ticks] from /proc/<pid>/stat. */
function stat(pid: string): [number, number, number, number] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return [Number(pid), Number(f[1]), Number(f[11]) + Number(f[12]), Number(f[13]) + Number(f[14])];
  } catch {
    return null;
  }
}

/**
 * CPU milliseconds used so far by a PostgreSQL server: the postmaster, its live children
 * (backends, writers) and the children it has reaped. Null where /proc is not available.
 */
export async function postgresCpuMs(sql: postgres.Sql): Promise<number | null> {
  const [{ pid }] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
  const postmaster = stat(String(pid))?.[1];
  if (!postmaster) return null;
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(entry);
    if (s && s[0] === postmaster) ticks += s[2] + s[3];
    else if (s && s[1] === postmaster) ticks += s[2];
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** CPU milliseconds of this process so far (user + system). */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Statements PostgreSQL has run so far in the current database (pg_stat_statements, when the
 * server preloads it; null otherwise), leaving out the bench's own readings.
 */
export async function statementsRun(sql: postgres.Sql): Promise<number | null> {
  try {
    await sql`create extension if not exists pg_stat_statements`;
    const [{ n }] = await sql<{ n: number }[]>`select coalesce(sum(calls), 0)::float8 as n from pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database())
        and query not like '%pg_stat_statements%' and query not like '%pg_backend_pid%'`;
    return n;
  } catch {
    return null;
  }
}
