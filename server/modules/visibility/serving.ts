import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { confidentialTeamSql } from './correction';
import { col, deploymentRunning, existsFor } from './subject';

/**
 * "The volunteer serves this grid": they may see and claim its open service requests, and a
 * dispatcher who may pick them may send them there. Only an ACTIVE volunteer, and only through a
 * standing someone granted: a team of theirs is deployed now to the grid or above it (never a
 * confidential one: a correction team is sent to the office's public-benefit posts, not to
 * residents' doors, and its members would meet the village as its runners); or they
 * stand (confirmed, ACTIVE) with the grid's own organization, or — when the grid lies under their
 * home grid — with the home grid's organization or one above it. A home grid alone is what the
 * person typed (signUp takes any grid of the organization before anyone approves them), so it
 * opens nothing by itself; a correction office's standing never counts. Over the caller's
 * expressions for the volunteer id and the grid id.
 */
export function servesGridSql(volunteerId: SQL | AnyColumn, gridId: SQL | AnyColumn): SQL {
  const V = col('srv', 'volunteer_id');
  // A confirmed, ACTIVE standing with an organization that is not a correction office (affiliation `a`, its organization `o`).
  const standing = (a: string, o: string) => sql.raw(`${a}.volunteer_id = srv.volunteer_id and ${a}.confirmed_at is not null
    and ${a}.status = 'ACTIVE' and ${o}.kind <> 'CORRECTION_OFFICE'`);
  return existsFor('srv', { volunteer_id: volunteerId, grid_id: gridId }, sql`exists (select 1 from grids sv_g, volunteers sv_v
    where sv_g.id = ${col('srv', 'grid_id')} and sv_v.id = ${V} and sv_v.status = 'ACTIVE' and (
    exists (select 1 from grids sv_h join organizations sv_ho on sv_ho.id = sv_h.organization_id,
        volunteer_affiliations sv_ha join organizations sv_hao on sv_hao.id = sv_ha.organization_id
      where sv_h.id = sv_v.home_grid_id and sv_g.path <@ sv_h.path and sv_ho.path <@ sv_hao.path and ${standing('sv_ha', 'sv_hao')})
    or exists (select 1 from team_memberships sv_m join deployments sv_d on sv_d.team_id = sv_m.team_id join grids sv_dg on sv_dg.id = sv_d.grid_id
      join teams sv_t on sv_t.id = sv_m.team_id join organizations sv_to on sv_to.id = sv_t.organization_id
      where sv_m.volunteer_id = ${V} and sv_m.left_at is null and sv_g.path <@ sv_dg.path and ${deploymentRunning('sv_d')}
        and not ${confidentialTeamSql(sql`sv_t.kind`, sql`sv_to.kind`)})
    or exists (select 1 from volunteer_affiliations sv_a join organizations sv_o on sv_o.id = sv_a.organization_id
      where sv_a.organization_id = sv_g.organization_id and ${standing('sv_a', 'sv_o')})))`);
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
