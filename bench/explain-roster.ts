import 'reflect-metadata';
import { shanghaiDate } from '../server/platform/date-range';
import { viewerFromAuthorization } from '../server/context';
import { rosterWithVolunteersQuery } from '../server/modules/assignments/roster.queries';
import { seedDay } from './roster';
import { createBenchPlace, seedStaff, seedVolunteers } from './seed';
import { startBenchServer } from './support';

/**
 * `npm run bench:explain`: the plan (EXPLAIN ANALYZE, BUFFERS) of the roster page's roster
 * statement — every roster with its volunteers, scope and masking in SQL — for a coordinator and
 * the platform admin over the bench's day of 1,000 shifts × 10 seats, for the first page of 50.
 */
const server = await startBenchServer();
try {
  const place = await createBenchPlace(server, '东石社区');
  const people = await seedVolunteers(server, place.orgDbId, 10_000, false);
  const day = shanghaiDate(new Date(Date.now() + 3 * 86_400_000));
  await seedDay(server, place.gridDbId, people.firstVolunteerId, day);
  const [coordinator] = await seedStaff(server, place.orgDbId, 1, 'COORDINATOR');
  const sql = server.database.sql;
  await sql`analyze`;
  const ids = (await sql<{ id: number }[]>`select id from shifts order by starts_at, id limit 50`).map((r) => r.id);
  const viewers = { coordinator: await viewerFromAuthorization(server.deps, `Bearer ${coordinator}`), admin: await viewerFromAuthorization(server.deps, `Bearer ${server.admin.token}`) };
  for (const [who, viewer] of Object.entries(viewers)) {
    const query = rosterWithVolunteersQuery(server.database.db, viewer!, ids, 2000).toSQL();
    for (let i = 0; i < 3; i++) await sql.unsafe(query.sql, query.params as never[]); // warm the cache
    const plan = await sql.unsafe(`explain (analyze, buffers) ${query.sql}`, query.params as never[]);
    console.log(`--- ${who}\n${query.sql}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
} finally {
  await server.stop();
}
process.exit(0);
