import 'reflect-metadata';
import { shanghaiDate } from '../server/platform/date-range';
import { viewerFromAuthorization } from '../server/context';
import { rosterEntriesQuery } from '../server/modules/assignments/roster.queries';
import { statementsRun } from './proc-cpu';
import { seedDay } from './roster';
import { createBenchPlace, seedStaff, seedVolunteers } from './seed';
import { startBenchServer } from './support';

/**
 * `npm run bench:explain`: where PostgreSQL spends the roster page's time. For a coordinator and
 * the platform admin over the bench's day of 1,000 shifts × 10 seats: the plan (EXPLAIN ANALYZE,
 * BUFFERS) of the roster statement, then every statement of 40 roster pages over HTTP with its
 * calls and mean planning and execution time (pg_stat_statements).
 */
const QUERY = `query($day: Date!) { shifts(filter: { range: { from: $day, to: $day } }, first: 50) {
  pageInfo { hasNextPage endCursor } edges { node { title filled waitlisted roster { status volunteer { name mobile } } } } } }`;

const server = await startBenchServer({ statementStats: true });
try {
  const place = await createBenchPlace(server, '东石社区');
  const people = await seedVolunteers(server, place.orgDbId, 10_000, false);
  const day = shanghaiDate(new Date(Date.now() + 3 * 86_400_000));
  await seedDay(server, place.gridDbId, people.firstVolunteerId, day);
  const [coordinator] = await seedStaff(server, place.orgDbId, 1, 'COORDINATOR');
  const sql = server.database.sql;
  await sql`analyze`;
  const ids = (await sql<{ id: number }[]>`select id from shifts order by starts_at, id limit 50`).map((r) => r.id);
  const tokens = { coordinator, admin: server.admin.token! };
  for (const [who, token] of Object.entries(tokens)) {
    const viewer = await viewerFromAuthorization(server.deps, `Bearer ${token}`);
    const query = rosterEntriesQuery(server.database.db, viewer!, ids, 2000).toSQL();
    for (let i = 0; i < 3; i++) await sql.unsafe(query.sql, query.params as never[]); // warm the cache
    const plan = await sql.unsafe(`explain (analyze, buffers) ${query.sql}`, query.params as never[]);
    console.log(`--- ${who}: the roster statement\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
    // The server prepares every statement, so after five runs PostgreSQL may keep a generic plan.
    const generic = await sql.reserve();
    try {
      const typeOf = (v: unknown) => (Array.isArray(v) ? (typeof v[0] === 'number' ? 'int[]' : 'text[]') : typeof v === 'number' ? 'int' : typeof v === 'boolean' ? 'bool' : 'text');
      const literal = (v: unknown): string => (Array.isArray(v) ? `array[${v.map(literal).join(', ')}]::${typeOf(v)}` : typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v));
      await generic.unsafe(`prepare roster_page(${query.params.map(typeOf).join(', ')}) as ${query.sql}`).simple();
      await generic.unsafe('set plan_cache_mode = force_generic_plan').simple();
      const genericPlan = await generic.unsafe(`explain (analyze, buffers) execute roster_page(${query.params.map(literal).join(', ')})`).simple();
      console.log(`--- ${who}: the roster statement, generic plan\n${genericPlan.map((r) => r['QUERY PLAN']).join('\n')}`);
    } finally {
      generic.release();
    }
    await statementsRun(sql);
    await sql`select pg_stat_statements_reset()`;
    const body = JSON.stringify({ query: QUERY, variables: { day } });
    for (let i = 0; i < 40; i++) {
      const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
      await response.text();
    }
    const top = await sql<{ calls: number; plan: number; exec: number; query: string }[]>`
      select calls::int, (total_plan_time / calls)::numeric(8,2)::float8 as plan, (total_exec_time / calls)::numeric(8,2)::float8 as exec, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) as query
        from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database()) and query not like '%pg_stat_statements%'
       order by total_plan_time + total_exec_time desc limit 10`;
    console.log(`--- ${who}: 40 roster pages, statements by total time (mean ms per call)`);
    for (const row of top) console.log(`${String(row.calls).padStart(5)} calls  plan ${row.plan.toFixed(2)}  exec ${row.exec.toFixed(2)}  ${row.query}`);
  }
} finally {
  await server.stop();
}
process.exit(0);
