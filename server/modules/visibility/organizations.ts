import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { organizations } from '../../../drizzle/tables';
import { staffPaths, type Viewer } from '../auth/viewer';
import { col, existsFor, pathsParam } from './subject';
import { visibleTeamIdSql } from './teams';

/**
 * The one definition of which organizations a viewer sees, as a condition on an organization's id,
 * path and kind: staff see their subtrees; a volunteer sees the organizations they are (confirmed)
 * affiliated with, except correction offices (that affiliation is confidential); anyone sees the
 * organization of a team they see.
 */
export function visibleOrganizationOfSql(viewer: Viewer | null, org: { id: SQL | AnyColumn; path: SQL | AnyColumn; kind: SQL | AnyColumn }): SQL {
  if (!viewer) return sql`false`;
  if (viewer.isPlatformAdmin) return sql`true`;
  const clauses: SQL[] = [];
  const paths = staffPaths(viewer);
  if (paths.length) clauses.push(sql`${col('vis_org', 'path')} <@ ${pathsParam(paths)}`);
  if (viewer.volunteerId != null) {
    clauses.push(sql`(${col('vis_org', 'kind')} <> 'CORRECTION_OFFICE' and exists (select 1 from volunteer_affiliations vo_a
      where vo_a.organization_id = ${col('vis_org', 'id')} and vo_a.volunteer_id = ${viewer.volunteerId} and vo_a.confirmed_at is not null))`);
  }
  // An organization whose team the viewer sees is known to them by name (Team.organization): a
  // grid's staff know who sent the working group deployed to them.
  clauses.push(sql`exists (select 1 from teams vo_t where vo_t.organization_id = ${col('vis_org', 'id')} and ${visibleTeamIdSql(viewer, sql`vo_t.id`)})`);
  return existsFor('vis_org', org, sql`(${sql.join(clauses, sql` or `)})`);
}

/** The rule over the organizations table itself. */
export function visibleOrganizationSql(viewer: Viewer | null): SQL {
  return visibleOrganizationOfSql(viewer, { id: organizations.id, path: organizations.path, kind: organizations.kind });
}
