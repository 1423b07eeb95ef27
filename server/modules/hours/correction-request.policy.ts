import { sql, type SQL } from 'drizzle-orm';
import type { Viewer } from '../auth/viewer';
import { staffPaths } from '../auth/viewer';
import { managesVolunteerSql } from '../volunteers/volunteer.policy';
import { visibleVolunteerSql } from '../volunteers/volunteer.scope';
import { creditVisibleSql, isParticipantSql, participantOfViewerSql } from './hours.policy';

/**
 * Which correction requests (alias `r`) a viewer sees: the volunteer their own; a correction
 * participant's only their correction office's officers (and platform admins); anyone else's the
 * staff who may adjust that volunteer's hours, when the assignment asked about is one they may open.
 * Those are the people who may decide it.
 */
export function visibleRequestSql(viewer: Viewer): SQL {
  if (viewer.isPlatformAdmin) return sql`true`;
  const clauses: SQL[] = [];
  if (viewer.volunteerId != null) clauses.push(sql`r.volunteer_id = ${viewer.volunteerId}`);
  if (staffPaths(viewer).length) {
    const assignmentOpen = sql`exists (select 1 from assignments ra join shifts rs on rs.id = ra.shift_id where ra.id = r.assignment_id
      and ${creditVisibleSql(viewer, { volunteerId: sql`ra.volunteer_id`, gridId: sql`rs.grid_id`, adjusted: sql`false`, organizationId: sql`null` })})`;
    clauses.push(participantOfViewerSql(viewer, sql`r.volunteer_id`));
    clauses.push(sql`(not ${isParticipantSql(sql`r.volunteer_id`)}
      and ${visibleVolunteerSql(viewer, sql`r.volunteer_id`)}
      and exists (select 1 from volunteers where volunteers.id = r.volunteer_id and ${managesVolunteerSql(viewer)})
      and (r.assignment_id is null or ${assignmentOpen}))`);
  }
  return clauses.length ? sql`(${sql.join(clauses, sql` or `)})` : sql`false`;
}
