import { sql, type SQL, type AnyColumn } from 'drizzle-orm';
import type { Viewer } from '../auth/viewer';
import { visibleGridSql } from '../grids/grid.policy';

/**
 * A shift is exactly as visible as its grid. As SQL over a shift's grid id, so any query over
 * shifts (or rows pointing at shifts) can use it without joining grids itself.
 * Managing a shift is `canManageGrid` (grids/grid.policy.ts) on its grid's organization.
 */
export function visibleShiftGridSql(viewer: Viewer | null, gridId: SQL | AnyColumn): SQL {
  if (!viewer) return sql`false`;
  if (viewer.isPlatformAdmin) return sql`true`;
  return sql`exists (select 1 from grids vsg join organizations vsgo on vsgo.id = vsg.organization_id
    where vsg.id = ${gridId} and ${visibleGridSql(viewer, sql`vsg.path`, sql`vsgo.path`)})`;
}
