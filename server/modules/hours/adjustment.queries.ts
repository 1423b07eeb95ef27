import { sql } from 'drizzle-orm';
import { hourAdjustments, volunteers } from '../../../drizzle/tables';
import type { DbOrTx, Tx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import { correctionPaths } from '../auth/viewer';
import { managedAffiliationSql, managesVolunteerSql } from '../volunteers/volunteer.policy';
import { pathsParam, visibleVolunteerSql } from '../volunteers/volunteer.scope';
import { creditVisibleSql, participantOfViewerSql } from './hours.policy';
import type { HourAdjustmentRow } from './hours.type';

export interface VolunteerStanding {
  /** The viewer may see the person at all. */
  visible: boolean;
  /** The viewer looks after the person: a managing affiliation, or their correction office. */
  manages: boolean;
}

/** How the viewer stands to a volunteer, for acts on their hours. */
export async function volunteerStanding(tx: DbOrTx, viewer: Viewer, volunteerId: number): Promise<VolunteerStanding> {
  const [row] = await tx.execute<{ visible: boolean; manages: boolean }>(sql`
    select ${visibleVolunteerSql(viewer, volunteers.id)} as visible,
           (${managesVolunteerSql(viewer)} or ${participantOfViewerSql(viewer, volunteers.id)}) as manages
      from ${volunteers} where ${volunteers.id} = ${volunteerId}`);
  return { visible: !!row?.visible, manages: !!row?.manages };
}

/** Is this the volunteer's assignment, and may the viewer open it (its credit counts for them)? */
export async function assignmentOpenTo(tx: DbOrTx, viewer: Viewer, assignmentId: number, volunteerId: number): Promise<boolean> {
  const [row] = await tx.execute(sql`
    select 1 from assignments a join shifts s on s.id = a.shift_id
     where a.id = ${assignmentId} and a.volunteer_id = ${volunteerId}
       and ${creditVisibleSql(viewer, { volunteerId: sql`a.volunteer_id`, gridId: sql`s.grid_id`, adjusted: sql`false`, organizationId: sql`null` })}`);
  return !!row;
}

/**
 * The organizations an adjustment by this viewer may be recorded for: those through which they
 * look after the volunteer — a correction office first (its corrections stay its record), then the
 * most specific organization. A platform admin's default is the same order over every affiliation.
 */
export async function recordingOrganizations(tx: DbOrTx, viewer: Viewer, volunteerId: number): Promise<number[]> {
  const offices = correctionPaths(viewer);
  const supervised = offices.length
    ? sql`union all select tor.id, true, nlevel(tor.path) from team_memberships m join teams t on t.id = m.team_id
        join organizations tor on tor.id = t.organization_id
       where m.volunteer_id = ${volunteerId} and m.left_at is null and tor.kind = 'CORRECTION_OFFICE' and tor.path <@ ${pathsParam(offices)}`
    : sql``;
  const rows = await tx.execute<{ id: number }>(sql`
    select id from (
      select o.id, o.kind = 'CORRECTION_OFFICE' as office, nlevel(o.path) as depth
        from volunteer_affiliations a join organizations o on o.id = a.organization_id
       where a.volunteer_id = ${volunteerId} and a.confirmed_at is not null and ${managedAffiliationSql(viewer, { path: sql`o.path`, kind: sql`o.kind` })}
      ${supervised}) candidates
     order by office desc, depth desc, id`);
  return [...new Set(rows.map((r) => r.id))];
}

export async function insertAdjustment(tx: Tx, values: Omit<HourAdjustmentRow, 'id' | 'createdAt'>): Promise<HourAdjustmentRow> {
  const [row] = await tx.insert(hourAdjustments).values(values).returning();
  return row;
}
