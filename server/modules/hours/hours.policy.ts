import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import { NotFoundError } from '../../platform/errors';
import { isStaffOf, seesCorrection, type Viewer } from '../auth/viewer';
import { visibleGridSql } from '../grids/grid.policy';
import { correctionVisibleSql } from '../volunteers/volunteer.scope';

/** Resolves a tally's team filter to the team id, or NOT_FOUND when the viewer may not see it. */
export async function assertTeamVisible(db: DbOrTx, viewer: Viewer, teamId: number): Promise<void> {
  const [team] = await db.execute<{ path: string; confidential: boolean; member: boolean }>(sql`
    select tor.path::text as path, (t.kind = 'COMMUNITY_CORRECTION' or tor.kind = 'CORRECTION_OFFICE') as confidential,
           exists (select 1 from team_memberships m where m.team_id = t.id and m.left_at is null and m.volunteer_id = ${viewer.volunteerId ?? 0}) as member
      from teams t join organizations tor on tor.id = t.organization_id where t.id = ${teamId}`);
  const visible = team && (isStaffOf(viewer, team.path) || team.member) && (!team.confidential || seesCorrection(viewer, team.path));
  if (!visible) throw new NotFoundError('Team');
}

/** The grid's ltree path when the viewer may see it. */
export async function visibleGridPath(db: DbOrTx, viewer: Viewer, gridId: number): Promise<string> {
  const [grid] = await db.execute<{ path: string }>(sql`
    select g.path::text as path from grids g join organizations o on o.id = g.organization_id
     where g.id = ${gridId} and ${visibleGridSql(viewer, sql`g.path`, sql`o.path`)}`);
  if (!grid) throw new NotFoundError('Grid');
  return grid.path;
}

/** Hour corrections are made by staff who manage the volunteer: admins, coordinators, correction officers. */
export function canAdjustHours(viewer: Viewer): boolean {
  return viewer.isPlatformAdmin || viewer.grants.length > 0;
}

/**
 * A correction made by a correction officer belongs to the participant's correction record (its
 * reason says what the service was): only for correction officers of that office, platform admins
 * and the volunteer themself. For anyone else it is NOT_FOUND and counts in no total they see, so a
 * participant's hours never differ from what the viewer can account for.
 */
export function correctionRecordVisibleSql(viewer: Viewer, adjustment: { volunteerId: SQL | AnyColumn; createdBy: SQL | AnyColumn }): SQL {
  const self = viewer.volunteerId != null ? sql`${adjustment.volunteerId} = ${viewer.volunteerId}` : sql`false`;
  return sql`(${self} or not exists (select 1 from role_grants hc_g join organizations hc_o on hc_o.id = hc_g.organization_id
    where hc_g.account_id = ${adjustment.createdBy} and hc_g.role = 'CORRECTION_OFFICER'
      and not ${correctionVisibleSql(viewer, sql`hc_o.path`, sql`true`)}))`;
}
