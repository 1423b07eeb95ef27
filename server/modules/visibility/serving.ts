import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { col, deploymentRunning, existsFor } from './subject';

/**
 * "The volunteer serves this grid": they may claim its open service requests, and a dispatcher who
 * may pick them may send them there. Their home grid is the grid or lies above it; a team of theirs
 * is deployed now to the grid or above it; or they stand (confirmed, ACTIVE) with the grid's own
 * organization — never through a correction office. Over the caller's expressions for the
 * volunteer id and the grid id.
 */
export function servesGridSql(volunteerId: SQL | AnyColumn, gridId: SQL | AnyColumn): SQL {
  const V = col('srv', 'volunteer_id');
  return existsFor('srv', { volunteer_id: volunteerId, grid_id: gridId }, sql`exists (select 1 from grids sv_g where sv_g.id = ${col('srv', 'grid_id')} and (
    exists (select 1 from volunteers sv_v join grids sv_h on sv_h.id = sv_v.home_grid_id where sv_v.id = ${V} and sv_g.path <@ sv_h.path)
    or exists (select 1 from team_memberships sv_m join deployments sv_d on sv_d.team_id = sv_m.team_id join grids sv_dg on sv_dg.id = sv_d.grid_id
      where sv_m.volunteer_id = ${V} and sv_m.left_at is null and sv_g.path <@ sv_dg.path and ${deploymentRunning('sv_d')})
    or exists (select 1 from volunteer_affiliations sv_a join organizations sv_o on sv_o.id = sv_a.organization_id
      where sv_a.volunteer_id = ${V} and sv_a.organization_id = sv_g.organization_id and sv_a.confirmed_at is not null
        and sv_a.status = 'ACTIVE' and sv_o.kind <> 'CORRECTION_OFFICE')))`);
}

/**
 * "The team serves this grid": deployed there (or above) now, or owned by the grid's own
 * organization. A dispatcher may hand a request (or a building's batch) to such a team.
 */
export function teamServesGridSql(teamId: SQL | AnyColumn, gridId: SQL | AnyColumn): SQL {
  const T = col('tsrv', 'team_id');
  return existsFor('tsrv', { team_id: teamId, grid_id: gridId }, sql`exists (select 1 from grids ts_g join teams ts_t on ts_t.id = ${T}
    where ts_g.id = ${col('tsrv', 'grid_id')} and (ts_t.organization_id = ts_g.organization_id
      or exists (select 1 from deployments ts_d join grids ts_dg on ts_dg.id = ts_d.grid_id
        where ts_d.team_id = ts_t.id and ts_g.path <@ ts_dg.path and ${deploymentRunning('ts_d')})))`);
}
