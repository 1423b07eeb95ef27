import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import { toGlobalId, type NodeType } from '../../platform/ids';
import type { Viewer } from '../auth/viewer';
import { visibleGridSql } from '../grids/grid.policy';
import { correctionVisibleSql, pathsParam, visibleVolunteerSql } from '../volunteers/volunteer.scope';
import { correctionRecordVisibleSql } from './hours.policy';
import type { TallyGroupBy } from './hours.type';

/**
 * What is counted: completed assignments (hours and one person-time each) and the adjustments the
 * viewer may know of (see correctionRecordVisibleSql). A team is credited with a member's service
 * when the membership overlapped the shift ([at, until]), so people who join a team mid-shift still
 * count for it.
 */
function credits(viewer: Viewer): SQL {
  return sql`(
  select a.volunteer_id, a.hours::float8 as hours, 1 as person_time, s.grid_id, s.duty, s.starts_at as at, s.ends_at as until
    from assignments a join shifts s on s.id = a.shift_id
   where a.status = 'COMPLETED' and a.hours is not null
  union all
  select h.volunteer_id, h.hours::float8, 0, s.grid_id, s.duty, coalesce(s.starts_at, h.created_at), coalesce(s.ends_at, h.created_at)
    from hour_adjustments h left join assignments a on a.id = h.assignment_id left join shifts s on s.id = a.shift_id
   where ${correctionRecordVisibleSql(viewer, { volunteerId: sql`h.volunteer_id`, createdBy: sql`h.created_by` })}
) c`;
}

export interface TallyFilter {
  start: Date | null;
  end: Date | null;
  /** Volunteers affiliated with this organization subtree (visible affiliations only). */
  organizationPath?: string;
  teamId?: number;
  gridPath?: string;
}

export interface TallyRowData {
  key: string;
  label: string;
  hours: number;
  personTimes: number;
  volunteers: number;
}

/** The group key and label for each grouping; joins bring in the grouped entity. */
function grouping(groupBy: TallyGroupBy, viewer: Viewer): { join: SQL; key: SQL; label: SQL } {
  const day = sql`to_char(c.at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;
  switch (groupBy) {
    case 'VOLUNTEER': return { join: sql``, key: sql`c.volunteer_id::text`, label: sql`min(v.name)` };
    case 'DUTY': return { join: sql`and c.duty is not null`, key: sql`c.duty::text`, label: sql`c.duty::text` };
    case 'DAY': return { join: sql``, key: day, label: day };
    // Only grids the viewer may open: another tenant's post (or a correction office's) is never named.
    case 'GRID': return {
      join: sql`join grids g on g.id = c.grid_id join organizations go on go.id = g.organization_id and ${visibleGridSql(viewer, sql`g.path`, sql`go.path`)}`,
      key: sql`g.id::text`, label: sql`min(g.name)`,
    };
    case 'TEAM': return {
      join: sql`join team_memberships tm on tm.volunteer_id = c.volunteer_id and tm.joined_at <= c.until and (tm.left_at is null or tm.left_at > c.at)
        join teams t on t.id = tm.team_id join organizations tor on tor.id = t.organization_id
        and ${teamVisibleSql(viewer)}`,
      key: sql`t.id::text`, label: sql`min(t.name)`,
    };
    case 'ORGANIZATION': return {
      join: sql`join volunteer_affiliations va on va.volunteer_id = c.volunteer_id join organizations org on org.id = va.organization_id
        and ${orgVisible(viewer)}`,
      key: sql`org.id::text`, label: sql`min(org.name)`,
    };
  }
}

/** Teams a tally may name: visible to the viewer, correction teams only with correction visibility. */
function teamVisibleSql(viewer: Viewer): SQL {
  if (viewer.isPlatformAdmin) return sql`true`;
  const staff = viewer.grants.map((g) => g.path);
  const inScope = staff.length ? sql`tor.path <@ ${pathsParam(staff)}` : sql`false`;
  const own = viewer.volunteerId != null ? sql`tm.volunteer_id = ${viewer.volunteerId}` : sql`false`;
  return sql`(${inScope} or ${own}) and ${correctionVisibleSql(viewer, sql`tor.path`, sql`t.kind = 'COMMUNITY_CORRECTION' or tor.kind = 'CORRECTION_OFFICE'`)}`;
}

/** Organizations a tally may name: the viewer's subtree, or a volunteer's own affiliations. */
function orgVisible(viewer: Viewer): SQL {
  if (viewer.isPlatformAdmin) return sql`true`;
  const staff = viewer.grants.map((g) => g.path);
  const inScope = staff.length ? sql`org.path <@ ${pathsParam(staff)}` : sql`false`;
  const own = viewer.volunteerId != null ? sql`va.volunteer_id = ${viewer.volunteerId}` : sql`false`;
  return sql`(${inScope} or ${own}) and ${correctionVisibleSql(viewer, sql`org.path`, sql`org.kind = 'CORRECTION_OFFICE'`)}`;
}

function filters(viewer: Viewer, filter: TallyFilter): SQL {
  const parts: SQL[] = [visibleVolunteerSql(viewer, sql`c.volunteer_id`)];
  if (filter.start) parts.push(sql`c.at >= ${filter.start.toISOString()}::timestamptz`);
  if (filter.end) parts.push(sql`c.at < ${filter.end.toISOString()}::timestamptz`);
  if (filter.gridPath) parts.push(sql`exists (select 1 from grids fg where fg.id = c.grid_id and fg.path <@ ${filter.gridPath}::ltree)`);
  if (filter.teamId != null) {
    parts.push(sql`exists (select 1 from team_memberships ftm where ftm.team_id = ${filter.teamId} and ftm.volunteer_id = c.volunteer_id
      and ftm.joined_at <= c.until and (ftm.left_at is null or ftm.left_at > c.at))`);
  }
  if (filter.organizationPath) {
    parts.push(sql`exists (select 1 from volunteer_affiliations fa join organizations fo on fo.id = fa.organization_id
      where fa.volunteer_id = c.volunteer_id and fo.path <@ ${filter.organizationPath}::ltree
      and ${correctionVisibleSql(viewer, sql`fo.path`, sql`fo.kind = 'CORRECTION_OFFICE'`)})`);
  }
  return sql.join(parts, sql` and `);
}

export async function selectTally(db: DbOrTx, viewer: Viewer, groupBy: TallyGroupBy, filter: TallyFilter, limit?: number): Promise<TallyRowData[]> {
  const { join, key, label } = grouping(groupBy, viewer);
  const rows = await db.execute<{ key: string; label: string; hours: number; person_times: number; volunteers: number }>(sql`
    select ${key} as key, ${label} as label, round(sum(c.hours)::numeric, 2)::float8 as hours,
           sum(c.person_time)::int as person_times, count(distinct c.volunteer_id)::int as volunteers
      from ${credits(viewer)} join volunteers v on v.id = c.volunteer_id ${join}
     where ${filters(viewer, filter)}
     group by ${key}
     order by 3 desc, 1
     ${limit === undefined ? sql`` : sql`limit ${limit}`}`);
  const nodeType = NODE_KEYS[groupBy];
  return rows.map((r) => ({
    key: nodeType ? toGlobalId(nodeType, Number(r.key)) : r.key,
    label: r.label, hours: r.hours, personTimes: r.person_times, volunteers: r.volunteers,
  }));
}

/** Groups keyed by a node answer with that node's global id. */
const NODE_KEYS: Partial<Record<TallyGroupBy, NodeType>> = { VOLUNTEER: 'Volunteer', TEAM: 'Team', ORGANIZATION: 'Organization', GRID: 'Grid' };

export interface Tally {
  hours: number;
  personTimes: number;
  volunteers: number;
}

/**
 * One tally per requested subject in a single statement, for the DataLoaders behind
 * Volunteer.hours, Team.hours and Grid.hours. `subject` joins the subject ids (as `subject.id`).
 */
export async function selectTalliesBySubject(
  db: DbOrTx, viewer: Viewer, subject: 'volunteer' | 'team' | 'grid', ids: number[], range: { start: Date | null; end: Date | null },
): Promise<Map<number, Tally>> {
  const match = {
    volunteer: sql`c.volunteer_id = subject.id`,
    team: sql`exists (select 1 from team_memberships stm where stm.team_id = subject.id and stm.volunteer_id = c.volunteer_id
      and stm.joined_at <= c.until and (stm.left_at is null or stm.left_at > c.at))`,
    grid: sql`exists (select 1 from grids sg join grids cg on cg.id = c.grid_id where sg.id = subject.id and cg.path <@ sg.path)`,
  }[subject];
  const rows = await db.execute<{ id: number; hours: number; person_times: number; volunteers: number }>(sql`
    select subject.id, coalesce(round(sum(c.hours)::numeric, 2), 0)::float8 as hours,
           coalesce(sum(c.person_time), 0)::int as person_times, count(distinct c.volunteer_id)::int as volunteers
      from unnest(${sql.param(ids)}::int[]) as subject(id)
      left join ${credits(viewer)} on ${match} and ${filters(viewer, { start: range.start, end: range.end })}
     group by subject.id`);
  return new Map(rows.map((r) => [r.id, { hours: r.hours, personTimes: r.person_times, volunteers: r.volunteers }]));
}
