import { sql } from 'drizzle-orm';
import type postgres from 'postgres';
import type { Db } from '../../platform/db';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../platform/errors';
import { toGlobalId } from '../../platform/ids';
import { streamRows } from '../../platform/row-stream';
import type { Cell } from '../../platform/tabular';
import type { Viewer } from '../auth/viewer';
import { visibleGridSql } from '../grids/grid.policy';
import { createOrganizationLoaders } from '../organizations/organization.loaders';
import { resolveTallyFilter, type TallyRequest } from '../hours/hours.service';
import { tallySql, toTallyRow, type TallySqlRow } from '../hours/hours.queries';
import { dutyLabel } from '../hours/duty-labels';
import { canIssueFor } from '../certificates/certificate.policy';
import { certificateRegisterSql } from '../certificates/certificate.queries';
import { maskMobile } from '../volunteers/volunteer.validation';
import { visibleVolunteerSql } from '../volunteers/volunteer.scope';
import { HEADERS, STATUS_LABELS, shanghaiClock } from './export.columns';
import type { ExportLanguage } from './export.type';

/** An export whose scope has been checked; rows are read (streamed) only when asked for. */
export interface PreparedExport {
  name: string;
  headers: string[];
  rows: () => AsyncIterable<Cell[]>;
}

export interface ExportDeps {
  db: Db;
  sql: postgres.Sql;
}

async function* mapRows<T>(rows: AsyncIterable<T>, map: (row: T) => Cell[]): AsyncIterable<Cell[]> {
  for await (const row of rows) yield map(row);
}

/** Tally rows, grouped as asked; the same scope and SQL as the tally query. */
export async function tallyExport(deps: ExportDeps, viewer: Viewer, request: TallyRequest, language: ExportLanguage): Promise<PreparedExport> {
  const filter = await resolveTallyFilter(deps.db, viewer, createOrganizationLoaders(deps.db, viewer), request);
  return {
    name: language === 'ZH' ? '工时统计' : 'tally',
    headers: HEADERS.tally[language],
    rows: () => mapRows(streamRows<TallySqlRow>(deps.sql, tallySql(viewer, request.groupBy, filter)), (r) => {
      const row = toTallyRow(request.groupBy, r);
      const label = request.groupBy === 'DUTY' ? dutyLabel(row.label, language) : row.label;
      return [row.key, label, row.hours, row.personTimes, row.volunteers];
    }),
  };
}

/** Hours and person-times per volunteer (mobiles masked), one row each: a city's worth streams. */
export async function volunteerTotalsExport(deps: ExportDeps, viewer: Viewer, request: Omit<TallyRequest, 'groupBy'>, language: ExportLanguage): Promise<PreparedExport> {
  const filter = await resolveTallyFilter(deps.db, viewer, createOrganizationLoaders(deps.db, viewer), request);
  const query = sql`select t.key, t.label, t.hours, t.person_times, v.mobile from (${tallySql(viewer, 'VOLUNTEER', filter)}) t
    join volunteers v on v.id = t.key::int order by t.hours desc, t.key`;
  return {
    name: language === 'ZH' ? '志愿者工时' : 'volunteer-totals',
    headers: HEADERS.volunteerTotals[language],
    rows: () => mapRows(streamRows<TallySqlRow & { mobile: string }>(deps.sql, query), (r) =>
      [toGlobalId('Volunteer', Number(r.key)), r.label, maskMobile(r.mobile), r.hours, r.person_times]),
  };
}

/** A day's roster of a grid and the grids below it: every shift the viewer sees and the people on it they may see. */
export async function rosterExport(deps: ExportDeps, viewer: Viewer, input: { gridId: number; date: string }, language: ExportLanguage): Promise<PreparedExport> {
  const [grid] = await deps.db.execute<{ path: string }>(sql`select g.path::text as path from grids g join organizations o on o.id = g.organization_id
    where g.id = ${input.gridId} and ${visibleGridSql(viewer, sql`g.path`, sql`o.path`)}`);
  if (!grid) throw new NotFoundError('Grid');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date)) throw new BadUserInputError('dates.dateFormat', 'date');
  const query = sql`
    select s.title, s.duty::text as duty, g.name as grid, s.starts_at, s.ends_at, v.name, v.mobile, a.status::text as status,
           a.checked_in_at, a.checked_out_at, a.hours::float8 as hours
      from shifts s join grids g on g.id = s.grid_id join organizations o on o.id = g.organization_id
      join assignments a on a.shift_id = s.id and a.status <> 'CANCELLED' join volunteers v on v.id = a.volunteer_id
     where g.path <@ ${grid.path}::ltree and shanghai_day(s.starts_at) = ${input.date}::date
       and ${visibleGridSql(viewer, sql`g.path`, sql`o.path`)} and ${visibleVolunteerSql(viewer, sql`a.volunteer_id`)}
     order by s.starts_at, s.id, a.id`;
  type Row = { title: string; duty: string; grid: string; starts_at: Date; ends_at: Date; name: string; mobile: string; status: string; checked_in_at: Date | null; checked_out_at: Date | null; hours: number | null };
  return {
    name: language === 'ZH' ? `排班表 ${input.date}` : `roster ${input.date}`,
    headers: HEADERS.roster[language],
    rows: () => mapRows(streamRows<Row>(deps.sql, query), (r) => [
      r.title, dutyLabel(r.duty, language), r.grid, shanghaiClock(r.starts_at), shanghaiClock(r.ends_at), r.name, maskMobile(r.mobile),
      language === 'ZH' ? STATUS_LABELS[r.status] ?? r.status : r.status, shanghaiClock(r.checked_in_at), shanghaiClock(r.checked_out_at), r.hours,
    ]),
  };
}

/** An organization's register of certificates, for its issuers. */
export async function certificateRegisterExport(deps: ExportDeps, viewer: Viewer, organizationId: number, language: ExportLanguage): Promise<PreparedExport> {
  const org = await createOrganizationLoaders(deps.db, viewer).visibleById.load(organizationId);
  if (!org) throw new NotFoundError('Organization');
  if (!canIssueFor(viewer, org)) throw new ForbiddenError('exports.registerOnlyStaff');
  type Row = { number: string; volunteer: string; period_from: string; period_to: string; hours: number; person_times: number; issued_on: string; superseded: boolean; content_hash: string };
  return {
    name: language === 'ZH' ? '证明出具登记' : 'certificate-register',
    headers: HEADERS.certificateRegister[language],
    rows: () => mapRows(streamRows<Row>(deps.sql, certificateRegisterSql(viewer, organizationId)), (r) => [
      r.number, r.volunteer, r.period_from, r.period_to, r.hours, r.person_times, r.issued_on,
      language === 'ZH' ? (r.superseded ? '是' : '否') : r.superseded, r.content_hash,
    ]),
  };
}
