import {
  AssignVolunteerDocument, CheckInDocument, CheckOutDocument, CreateShiftDocument, MarkNoShowDocument, RegisterVolunteersDocument,
  type ShiftInput,
} from '../../../client/generated/graphql';
import { hashPassword } from '../../../server/modules/auth/password';
import { mobileNumber } from '../factories';
import { toGlobalId } from '../../../server/platform/ids';
import type postgres from 'postgres';
import type { GraphQLTestClient } from '../client';
import type { TestServer } from '../harness';
import { dbId } from './grids';

let sequence = 0;

/** An Asia/Shanghai wall-clock date and time as an RFC 3339 instant. */
export function shanghaiTime(date: string, time = '00:00'): string {
  return new Date(`${date}T${time}:00+08:00`).toISOString();
}

/** A valid ShiftInput on a grid: a four-hour checkpoint shift for three, unless overridden. */
export function shiftInput(gridId: string, overrides: Partial<ShiftInput> = {}): ShiftInput {
  const startsAt = overrides.startsAt ?? shanghaiTime('2022-04-10', '08:00');
  return {
    title: `三乡村卡口 ${++sequence}`,
    duty: 'CHECKPOINT',
    gridId,
    startsAt,
    endsAt: new Date(new Date(startsAt).getTime() + 4 * 3600_000).toISOString(),
    capacity: 3,
    ...overrides,
  };
}

export async function createShift(client: GraphQLTestClient, gridId: string, overrides: Partial<ShiftInput> = {}) {
  const { createShift: shift } = await client.ok(CreateShiftDocument, { input: shiftInput(gridId, overrides) });
  return shift;
}

export async function countRows(server: TestServer, table: 'shifts' | 'roster_events' | 'shift_eligible_teams' | 'assignments'): Promise<number> {
  const [row] = await server.sql.unsafe(`select count(*)::int as n from ${table}`);
  return row.n as number;
}

/** What a rejected request must leave untouched. */
export async function shiftTableCounts(server: TestServer) {
  return {
    shifts: await countRows(server, 'shifts'),
    events: await countRows(server, 'roster_events'),
    eligible: await countRows(server, 'shift_eligible_teams'),
  };
}

export type SetupStatus = 'ASSIGNED' | 'WAITLISTED' | 'CHECKED_IN' | 'COMPLETED' | 'NO_SHOW' | 'CANCELLED';

/**
 * An assignment written with SQL (seat counter kept consistent), for setups the assignments API
 * would refuse, such as a correction participant nobody on the grid may see.
 */
export async function insertAssignment(server: TestServer, shiftId: string, volunteerDbId: number, status: SetupStatus): Promise<{ id: string; dbId: number }> {
  const seated = status === 'ASSIGNED' || status === 'CHECKED_IN' || status === 'COMPLETED';
  const [row] = await server.sql<{ id: number }[]>`
    insert into assignments (shift_id, volunteer_id, status, period, waitlist_seq, checked_in_at)
    select s.id, ${volunteerDbId}, ${status}, tstzrange(s.starts_at, s.ends_at, '[)'),
           case when ${status} = 'WAITLISTED' then nextval('assignment_waitlist_seq') end,
           case when ${status} in ('CHECKED_IN', 'COMPLETED') then s.starts_at end
    from shifts s where s.id = ${dbId(shiftId)} returning id`;
  if (seated) await server.sql`update shifts set filled = filled + 1 where id = ${dbId(shiftId)}`;
  return { id: toGlobalId('Assignment', row.id), dbId: row.id };
}

/** A roster event appended with SQL, the way roster-event.log.ts does inside a transaction. */
export async function insertRosterEvent(sql: postgres.Sql | postgres.TransactionSql, kind: string, shiftId: string, assignmentDbId: number | null = null): Promise<void> {
  await sql`insert into roster_events (kind, shift_id, assignment_id) values (${kind}, ${dbId(shiftId)}, ${assignmentDbId})`;
}

export interface Person {
  id: string;
  dbId: number;
  name: string;
  mobile: string;
}

/** A volunteer registered through the API by the platform admin for `organizationId`. */
export async function registerPerson(server: TestServer, organizationId: string, name: string): Promise<Person> {
  const mobile = mobileNumber();
  const { registerVolunteers } = await server.admin.ok(RegisterVolunteersDocument, { organizationId, volunteers: [{ name, mobile }] });
  const volunteer = registerVolunteers.results[0].volunteer;
  if (!volunteer) throw new Error(`registering ${name} failed: ${registerVolunteers.results[0].message}`);
  return { id: volunteer.id, dbId: dbId(volunteer.id), name, mobile };
}

export const PERSON_PASSWORD = 'person-password-1';

/** A signed-in client for the volunteer's own account (the account row written directly). */
export async function signInAs(server: TestServer, person: Person): Promise<GraphQLTestClient> {
  const hash = await hashPassword(PERSON_PASSWORD);
  const [account] = await server.sql`insert into accounts (mobile, display_name, password_hash, volunteer_id)
    values (${person.mobile}, ${person.name}, ${hash}, ${person.dbId}) returning id`;
  await server.sql`insert into role_grants (account_id, role) values (${account.id}, 'VOLUNTEER')`;
  return server.anonymous.login(person.mobile, PERSON_PASSWORD);
}

export type ApiStatus = 'ASSIGNED' | 'WAITLISTED' | 'CHECKED_IN' | 'COMPLETED' | 'NO_SHOW';

/**
 * Brings a volunteer to a status on a shift through the assignments API: assign (seated, or
 * waitlisted when full), then check in, check out or mark no-show. CHECKED_IN, COMPLETED and
 * NO_SHOW need a shift that is under way.
 */
export async function assignThrough(client: GraphQLTestClient, shiftId: string, person: Person, status: ApiStatus): Promise<{ id: string; dbId: number }> {
  const { assignVolunteer: assignment } = await client.ok(AssignVolunteerDocument, { shiftId, volunteerId: person.id });
  if (assignment.status !== (status === 'WAITLISTED' ? 'WAITLISTED' : 'ASSIGNED')) throw new Error(`expected a ${status} setup, got ${assignment.status}`);
  if (status === 'CHECKED_IN' || status === 'COMPLETED') await client.ok(CheckInDocument, { assignmentId: assignment.id });
  if (status === 'COMPLETED') await client.ok(CheckOutDocument, { assignmentId: assignment.id });
  if (status === 'NO_SHOW') await client.ok(MarkNoShowDocument, { assignmentId: assignment.id });
  return { id: assignment.id, dbId: dbId(assignment.id) };
}
