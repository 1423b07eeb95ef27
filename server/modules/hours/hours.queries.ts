import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import { toGlobalId, type NodeType } from '../../platform/ids';
import type { Viewer } from '../auth/viewer';
import { staffPaths } from '../auth/viewer';
import { visibleGridSql } from '../grids/grid.policy';
import { visibleTeamSql } from '../teams/team.policy';
import { correctionVisibleSql, pathsParam } from '../volunteers/volunteer.scope';
import { creditVisibleSql } from './hours.policy';
import { CREDIT, DURING_MEMBERSHIP, TEAM_SPANS, TOTALS, rollupWithin, teamLedgerSql, type DayRange } from './ledger.queries';
import type { TallyGroupBy } from './hours.type';

export interface TallyFilter extends DayRange {
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
  const day = sql`to_char(c.day, 'YYYY-MM-DD')`;
  switch (groupBy) {
    case 'VOLUNTEER': return { join: sql`join volunteers v on v.id = c.volunteer_id`, key: sql`c.volunteer_id::text`, label: sql`min(v.name)` };
    case 'DUTY': return { join: sql``, key: sql`c.duty::text`, label: sql`c.duty::text` };
    case 'DAY': return { join: sql``, key: day, label: day };
    // Only grids the viewer may open: another tenant's post (or a correction office's) is never named.
    case 'GRID': return {
      join: sql`join grids g on g.id = c.grid_id join organizations go on go.id = g.organization_id and ${visibleGridSql(viewer, sql`g.path`, sql`go.path`)}`,
      key: sql`g.id::text`, label: sql`min(g.name)`,
    };
    // The teams themselves are chosen (visible ones only) where the pairs are built: see teamPairs.
    case 'TEAM': return { join: sql`join teams t on t.id = p.team_id`, key: sql`t.id::text`, label: sql`min(t.name)` };
    case 'ORGANIZATION': return {
      join: sql`join volunteer_affiliations va on va.volunteer_id = c.volunteer_id and va.confirmed_at is not null join organizations org on org.id = va.organization_id
        and ${orgVisible(viewer)}`,
      key: sql`org.id::text`, label: sql`min(org.name)`,
    };
  }
}

/** Organizations a tally may name: the viewer's subtree, or a volunteer's own affiliations. */
function orgVisible(viewer: Viewer): SQL {
  if (viewer.isPlatformAdmin) return sql`true`;
  const staff = staffPaths(viewer);
  const inScope = staff.length ? sql`org.path <@ ${pathsParam(staff)}` : sql`false`;
  const own = viewer.volunteerId != null ? sql`va.volunteer_id = ${viewer.volunteerId}` : sql`false`;
  return sql`(${inScope} or ${own}) and ${correctionVisibleSql(viewer, sql`org.path`, sql`org.kind = 'CORRECTION_OFFICE'`)}`;
}

/** Distinct (team, member) pairs: of one team, or of every team the viewer may name. */
function teamPairs(viewer: Viewer, teamId: number | undefined): SQL {
  if (teamId != null) return sql`select ${TEAM_SPANS} from team_memberships tm where tm.team_id = ${teamId} group by 1, 2`;
  return sql`select ${TEAM_SPANS} from team_memberships tm join teams t on t.id = tm.team_id
    join organizations tor on tor.id = t.organization_id
   where ${visibleTeamSql(viewer, { id: sql`t.id`, kind: sql`t.kind`, orgPath: sql`tor.path`, orgKind: sql`tor.kind` })}
   group by 1, 2`;
}

/**
 * Where credits are read from: the rollup, or — when a team is involved, which needs each shift's
 * times against the membership — the ledger of the teams' members.
 */
function source(viewer: Viewer, groupBy: TallyGroupBy | null, filter: TallyFilter): { relation: SQL; conditions: SQL[] } {
  if (groupBy === 'TEAM' || filter.teamId != null) {
    return { relation: teamLedgerSql(teamPairs(viewer, filter.teamId), filter), conditions: [DURING_MEMBERSHIP] };
  }
  return { relation: sql`hour_rollup c`, conditions: rollupWithin(filter) };
}

function filters(viewer: Viewer, filter: TallyFilter, conditions: SQL[]): SQL {
  const parts: SQL[] = [creditVisibleSql(viewer, CREDIT), ...conditions];
  if (filter.gridPath) parts.push(sql`c.grid_id in (select fg.id from grids fg where fg.path <@ ${filter.gridPath}::ltree)`);
  if (filter.organizationPath) {
    parts.push(sql`exists (select 1 from volunteer_affiliations fa join organizations fo on fo.id = fa.organization_id
      where fa.volunteer_id = c.volunteer_id and fa.confirmed_at is not null and fo.path <@ ${filter.organizationPath}::ltree
      and ${correctionVisibleSql(viewer, sql`fo.path`, sql`fo.kind = 'CORRECTION_OFFICE'`)})`);
  }
  return sql.join(parts, sql` and `);
}

/** The tally's SQL (also streamed by exports): key, label, hours, person_times, volunteers. */
export function tallySql(viewer: Viewer, groupBy: TallyGroupBy, filter: TallyFilter, limit?: number): SQL {
  const { join, key, label } = grouping(groupBy, viewer);
  const { relation, conditions } = source(viewer, groupBy, filter);
  return sql`
    select ${key} as key, ${label} as label, ${TOTALS}
      from ${relation} ${join}
     where ${filters(viewer, filter, conditions)} ${groupBy === 'DUTY' ? sql`and c.duty is not null` : sql``}
     group by ${key}
     order by 3 desc, 1
     ${limit === undefined ? sql`` : sql`limit ${limit}`}`;
}

export type TallySqlRow = {
  key: string;
  label: string;
  hours: number;
  person_times: number;
  volunteers: number;
};

export async function selectTally(db: DbOrTx, viewer: Viewer, groupBy: TallyGroupBy, filter: TallyFilter, limit?: number): Promise<TallyRowData[]> {
  const rows = await db.execute<TallySqlRow>(tallySql(viewer, groupBy, filter, limit));
  return rows.map((r) => toTallyRow(groupBy, r));
}

export function toTallyRow(groupBy: TallyGroupBy, r: TallySqlRow): TallyRowData {
  const nodeType = NODE_KEYS[groupBy];
  return {
    key: nodeType ? toGlobalId(nodeType, Number(r.key)) : r.key,
    label: r.label, hours: r.hours, personTimes: r.person_times, volunteers: r.volunteers,
  };
}

/** Groups keyed by a node answer with that node's global id. */
const NODE_KEYS: Partial<Record<TallyGroupBy, NodeType>> = { VOLUNTEER: 'Volunteer', TEAM: 'Team', ORGANIZATION: 'Organization', GRID: 'Grid' };

export interface Tally {
  hours: number;
  personTimes: number;
  volunteers: number;
}

export type Subject = 'volunteer' | 'team' | 'grid';

/** The credits of one subject (`subject.id`), as a lateral subquery over the rollup or a team's ledger. */
function subjectCredits(viewer: Viewer, subject: Subject, range: DayRange): SQL {
  if (subject === 'team') {
    const pairs = sql`select ${TEAM_SPANS} from team_memberships tm where tm.team_id = subject.id group by 1, 2`;
    return sql`select c.* from ${teamLedgerSql(pairs, range)} where ${filters(viewer, range, [DURING_MEMBERSHIP])}`;
  }
  const match = subject === 'volunteer'
    ? sql`c.volunteer_id = subject.id`
    : sql`c.grid_id in (select cg.id from grids sg join grids cg on cg.path <@ sg.path where sg.id = subject.id)`;
  return sql`select c.* from hour_rollup c where ${match} and ${filters(viewer, range, rollupWithin(range))}`;
}

/**
 * One tally per requested subject in a single statement, for the DataLoaders behind
 * Volunteer.hours, Team.hours and Grid.hours (a grid counts itself and every grid below it).
 */
export async function selectTalliesBySubject(db: DbOrTx, viewer: Viewer, subject: Subject, ids: number[], range: DayRange): Promise<Map<number, Tally>> {
  const rows = await db.execute<{ id: number; hours: number; person_times: number; volunteers: number }>(sql`
    select subject.id, ${TOTALS}
      from unnest(${sql.param(ids)}::int[]) as subject(id)
      left join lateral (${subjectCredits(viewer, subject, range)}) c on true
     group by subject.id`);
  return new Map(rows.map((r) => [r.id, { hours: r.hours, personTimes: r.person_times, volunteers: r.volunteers }]));
}
