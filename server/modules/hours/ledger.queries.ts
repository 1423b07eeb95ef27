import { sql, type SQL } from 'drizzle-orm';
import { shanghaiMidnight } from '../../platform/date-range';

/** Inclusive Asia/Shanghai dates; either end may be open. */
export interface DayRange {
  from: string | null;
  to: string | null;
}

/** [from 00:00, to+1 00:00) in Asia/Shanghai as timestamptz bounds on `at`. */
function instantsSql(at: SQL, range: DayRange): SQL[] {
  return [
    ...(range.from ? [sql`${at} >= ${shanghaiMidnight(range.from).toISOString()}::timestamptz`] : []),
    ...(range.to ? [sql`${at} < ${new Date(shanghaiMidnight(range.to).getTime() + 86_400_000).toISOString()}::timestamptz`] : []),
  ];
}

function where(parts: SQL[]): SQL {
  return parts.length ? sql`and ${sql.join(parts, sql` and `)}` : sql``;
}

/**
 * The hours ledger as one relation: every check-out credit (a COMPLETED assignment's credited
 * minutes and one person-time), every DONE door-to-door run's (the same, under its request's kind as
 * the duty), and every adjustment (hours × 60 minutes, no person-time). `at` and
 * `until` are the shift's times (an unlinked adjustment: its creation), `day` the Asia/Shanghai date
 * it counts on. hour_rollup is this, summed by (volunteer, day, grid, duty, adjusted, organization).
 * `volunteerId` and `range` are applied inside each branch so the indexes on assignments serve them.
 */
export function ledgerSql(options: { volunteerId?: SQL; range?: DayRange } = {}): SQL {
  const range = options.range ?? { from: null, to: null };
  const service = [...instantsSql(sql`lower(a.period)`, range), ...(options.volunteerId ? [sql`a.volunteer_id = ${options.volunteerId}`] : [])];
  const run = [...instantsSql(sql`lower(r.period)`, range), ...(options.volunteerId ? [sql`r.volunteer_id = ${options.volunteerId}`] : [])];
  const adjusted = [
    ...instantsSql(sql`coalesce(lower(a.period), h.created_at)`, range),
    ...(options.volunteerId ? [sql`h.volunteer_id = ${options.volunteerId}`] : []),
  ];
  return sql`(
  select 'SERVICE'::text as kind, a.id as entry_id, a.volunteer_id, s.grid_id, s.duty, false as adjusted,
         null::integer as organization_id, a.credited_minutes::numeric as minutes, 1 as person_times,
         lower(a.period) as at, upper(a.period) as until, shanghai_day(s.starts_at) as day, a.id as assignment_id,
         null::text as reason, a.checked_in_at, a.checked_out_at
    from assignments a join shifts s on s.id = a.shift_id
   where a.status = 'COMPLETED' and a.credited_minutes is not null ${where(service)}
  union all
  select 'SERVICE', r.id, r.volunteer_id, q.grid_id, q.kind::text::duty_type, false, null, r.credited_minutes::numeric, 1,
         lower(r.period), upper(r.period), shanghai_day(lower(r.period)), null, null, r.started_at, r.finished_at
    from service_runs r join service_requests q on q.id = r.request_id
   where r.status = 'DONE' and r.credited_minutes is not null ${where(run)}
  union all
  select 'ADJUSTMENT', h.id, h.volunteer_id, s.grid_id, s.duty, true, h.organization_id, h.hours * 60, 0,
         coalesce(lower(a.period), h.created_at), coalesce(upper(a.period), h.created_at),
         coalesce(shanghai_day(s.starts_at), shanghai_day(h.created_at)), h.assignment_id, h.reason, null, null
    from hour_adjustments h left join assignments a on a.id = h.assignment_id left join shifts s on s.id = a.shift_id
   where true ${where(adjusted)}
)`;
}

/** The rollup's rows of a range, on its `day` column. */
export function rollupWithin(range: DayRange): SQL[] {
  return [
    ...(range.from ? [sql`c.day >= ${range.from}::date`] : []),
    ...(range.to ? [sql`c.day <= ${range.to}::date`] : []),
  ];
}

/**
 * The ledger entries of teams' members while they were members. `pairs` gives one row per (team,
 * member) as `team_id, volunteer_id, spans` — spans being the memberships as a tstzmultirange
 * (see teamSpansSql) — so each entry counts once per team, however often the person left and rejoined.
 */
export function teamLedgerSql(pairs: SQL, range: DayRange): SQL {
  return sql`(${pairs}) p cross join lateral ${ledgerSql({ volunteerId: sql`p.volunteer_id`, range })} c`;
}

/** Memberships (alias `tm`) folded per (team, member) into the spans they covered. */
export const TEAM_SPANS = sql`tm.team_id, tm.volunteer_id, range_agg(tstzrange(tm.joined_at, tm.left_at, '[)')) as spans`;

/** A team is credited with a member's service when a membership overlapped the shift ([at, until]). */
export const DURING_MEMBERSHIP = sql`p.spans && tstzrange(c.at, c.until, '[]')`;

/** The credit columns of `c` for the scope rule. */
export const CREDIT = { volunteerId: sql`c.volunteer_id`, gridId: sql`c.grid_id`, adjusted: sql`c.adjusted`, organizationId: sql`c.organization_id` };

/** Summed minutes as hours to two decimals, person-times and distinct volunteers of a grouped `c`. */
export const TOTALS = sql`coalesce(round(sum(c.minutes) / 60, 2), 0)::float8 as hours,
  coalesce(sum(c.person_times), 0)::int as person_times, count(distinct c.volunteer_id)::int as volunteers`;
