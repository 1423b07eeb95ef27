import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { assignments, shifts, volunteers } from '../../../drizzle/tables';
import type { Tx } from '../../platform/db';
import { jsonRowSql, rowFromJson } from '../../platform/json-rows';
import type { Viewer } from '../auth/viewer';
import type { ShiftRow } from '../shifts/shift.type';
import type { VolunteerRow } from '../volunteers/volunteer.type';
import type { AssignmentRow } from './assignment.type';
import {
  assignmentColumns, inEligibleTeamSql, overlappingSeatSql, peakSeatedHoursSql, seatFreeSql, seatTaken, shiftRuleFields,
  volunteerStandingFields, type LockedShift,
} from './assignment.queries';

/** The volunteer columns the seat rules read (status, skills, Party membership). */
const volunteerRuleColumns = { id: volunteers.id, status: volunteers.status, skills: volunteers.skills, partyMember: volunteers.partyMember };
export type RuleVolunteer = Pick<VolunteerRow, 'id' | 'status' | 'skills' | 'partyMember'>;

export interface SeatLocks {
  locked: LockedShift;
  /** The volunteer, locked; absent when the viewer cannot see the shift (nothing of theirs is locked then). */
  person?: { volunteer: RuleVolunteer; visible: boolean; assignable: boolean; standsHere: boolean };
}

/**
 * One statement taking a sign-up's two locks in their fixed order — the shift row, then (only if
 * the viewer sees the shift) the volunteer row — and reading everything the rules judge from
 * those rows: the shift with its organization's path and rest limit, the volunteer's standing.
 */
export async function lockForSeat(tx: Tx, viewer: Viewer, shiftId: number, volunteerId: number): Promise<SeatLocks | undefined> {
  const rule = shiftRuleFields(viewer);
  const standing = volunteerStandingFields(viewer, { gridPath: sql`s.grid_ltree`, orgPath: sql`s.org_ltree`, startsAt: sql`s.starts_at` });
  const [row] = await tx.execute<{ shift: Record<string, unknown>; org_path: string; grid_path: string; rest_limit_hours: string; visible: boolean; person: SeatLocks['person'] | null }>(sql`
    select s.shift, s.org_path, s.grid_path, s.rest_limit_hours, s.visible, p.person
      from (select ${jsonRowSql(getTableColumns(shifts))} as shift, ${rule.orgPath} as org_path, ${rule.gridPath} as grid_path,
                   ${rule.restLimitHours} as rest_limit_hours, ${rule.visible} as visible,
                   grids.path as grid_ltree, organizations.path as org_ltree, shifts.starts_at
              from shifts join grids on grids.id = shifts.grid_id join organizations on organizations.id = grids.organization_id
             where shifts.id = ${shiftId}
               for update of shifts) s
      left join lateral (
            select jsonb_build_object('volunteer', ${jsonRowSql(volunteerRuleColumns)}, 'visible', ${standing.visible},
                     'assignable', ${standing.assignable}, 'standsHere', ${standing.standsHere}) as person
              from volunteers where volunteers.id = ${volunteerId} and s.visible
               for update of volunteers) p on true`);
  if (!row) return undefined;
  const shift = rowFromJson<ShiftRow>(getTableColumns(shifts), row.shift);
  const locked: LockedShift = { shift, orgPath: row.org_path, gridPath: row.grid_path, restLimitHours: Number(row.rest_limit_hours), visible: row.visible };
  return { locked, person: row.person ?? undefined };
}

export interface Placement {
  shiftId: number;
  volunteerId: number;
  partyMember: boolean;
  /** A seat is free for this person on the locked shift (seatFree): the seat rules are checked and a seat taken. */
  trySeat: boolean;
  /** Only a seat will do (the shift has ended: staff record who served, nobody waits). */
  seatOnly: boolean;
  locked: LockedShift;
  actorAccountId: number;
  /** Stores the placed row as the idempotency key's result, in the same statement (idempotency.keyResultSql). */
  keepResult?: (placedRow: SQL) => SQL;
}

export interface Placed {
  /** In one of the shift's eligible teams, or it names none. */
  inTeam: boolean;
  /** Already on the shift (any open status). */
  already: boolean;
  /** An overlapping seat or the rest limit (checked only when trying for a seat). */
  unavailable: boolean;
  /** The new assignment, or none when a check failed or only a seat would do and none was free. */
  row: AssignmentRow | null;
}

const placed = alias(assignments, 'placed');

/**
 * The second statement of a sign-up, run under both locks (so its snapshot sees every seat taken
 * before them): the rules read from other rows, then — only if all hold — the seat (a conditional
 * update), the assignment, its roster event and the idempotency key's result, all at once.
 */
export async function placeOnRoster(tx: Tx, p: Placement): Promise<Placed> {
  const { shift } = p.locked;
  const { period: _period, ...placedColumns } = getTableColumns(placed);
  const placedJson = jsonRowSql(placedColumns);
  const unavailable = p.trySeat
    ? sql`(${overlappingSeatSql(p.volunteerId, shift.startsAt, shift.endsAt)}
        or ${peakSeatedHoursSql(p.volunteerId, shift.startsAt, shift.endsAt)} > ${Number(p.locked.restLimitHours)}::float8 + 1e-9)`
    : sql`false`;
  const [row] = await tx.execute<{ in_team: boolean; already: boolean; unavailable: boolean; row: Record<string, unknown> | null }>(sql`
    with facts as (
      select ${inEligibleTeamSql(p.shiftId, p.volunteerId)} as in_team,
             exists (select 1 from assignments where shift_id = ${p.shiftId} and volunteer_id = ${p.volunteerId} and status <> 'CANCELLED') as already,
             ${unavailable} as unavailable
    ), allowed as (
      select 1 from facts where in_team and not already and not unavailable
    ), seat as (
      update shifts set filled = ${seatTaken(p.partyMember).filled}, party_seated = ${seatTaken(p.partyMember).partySeated}
       where shifts.id = ${p.shiftId} and ${p.trySeat} and exists (select 1 from allowed) and ${seatFreeSql(p.partyMember)}
      returning shifts.id
    ), placed as (
      insert into assignments (shift_id, volunteer_id, status, period, waitlist_seq, created_by)
      select ${p.shiftId}, ${p.volunteerId}, case when exists (select 1 from seat) then 'ASSIGNED' else 'WAITLISTED' end::assignment_status,
             (select tstzrange(starts_at, ends_at, '[)') from shifts where id = ${p.shiftId}),
             case when exists (select 1 from seat) then null else nextval('assignment_waitlist_seq') end, ${p.actorAccountId}
       where exists (select 1 from allowed) and (not ${p.seatOnly} or exists (select 1 from seat))
      returning ${sql.raw(Object.values(assignmentColumns).map((c) => `"${c.name}"`).join(', '))}
    ), logged as (
      insert into roster_events (kind, shift_id, assignment_id, actor_account_id)
      select placed.status::text::roster_event_kind, placed.shift_id, placed.id, ${p.actorAccountId} from placed
    )${p.keepResult ? sql`, kept as (${p.keepResult(placedJson)})` : sql``}
    select facts.in_team, facts.already, facts.unavailable, (select ${placedJson} from placed) as row from facts`);
  return {
    inTeam: row.in_team, already: row.already, unavailable: row.unavailable,
    row: row.row ? rowFromJson<AssignmentRow>(assignmentColumns, row.row) : null,
  };
}
