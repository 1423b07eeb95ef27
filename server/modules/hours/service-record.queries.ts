import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import { creditVisibleSql } from './hours.policy';
import { CREDIT, ledgerSql, type DayRange } from './ledger.queries';
import type { ServiceItemRow } from './service-item.type';
import { listCap } from '../../platform/list-caps';

/** The most lines one read returns; narrow the range for more (exports stream any number). */
export const MAX_SERVICE_ITEMS = 1000;
/** Service lines as a capped list: a month's or a year's record, priced as a few dozen lines. */
export const SERVICE_ITEMS = listCap(MAX_SERVICE_ITEMS, 50);

/** A volunteer's service lines the viewer may see, oldest first (ledger order). */
export function serviceItemsSql(viewer: Viewer, volunteerId: number, range: DayRange, limit?: number): SQL {
  return sql`
    select c.kind, to_char(c.day, 'YYYY-MM-DD') as date, c.duty::text as duty, g.name as place,
           round(c.minutes / 60, 2)::float8 as hours, c.minutes::float8 as minutes, c.person_times as "personTimes", c.reason as note
      from ${ledgerSql({ volunteerId: sql`${volunteerId}::int`, range })} c left join grids g on g.id = c.grid_id
     where ${creditVisibleSql(viewer, CREDIT)}
     order by c.at, c.adjusted, c.entry_id ${limit != null ? sql`limit ${limit}` : sql``}`;
}

export async function serviceItems(db: DbOrTx, viewer: Viewer, volunteerId: number, range: DayRange, limit = MAX_SERVICE_ITEMS): Promise<ServiceItemRow[]> {
  return [...(await db.execute<ServiceItemRow>(serviceItemsSql(viewer, volunteerId, range, limit)))];
}
