import { AssignmentNodeDocument, CreateGridDocument, CreateShiftDocument, ShiftRosterDocument, type ShiftInput } from '../../../client/generated/graphql';
import { hashPassword } from '../../../server/modules/auth/password';
import { issueToken } from '../../../server/modules/auth/token';
import { parseGlobalId, toGlobalId } from '../../../server/platform/ids';
import type { GraphQLTestClient } from '../client';
import { createOrg, createStaff, mobileNumber, type OrgHandle } from '../factories';
import { startTestServer, type TestServer } from '../harness';

export const VOLUNTEER_PASSWORD = 'volunteer-password-1';
const HOUR = 3600_000;

/** The database id behind a global id. */
export function dbId(globalId: string): number {
  const parsed = parseGlobalId(globalId);
  if (!parsed) throw new Error(`not a global id: ${globalId}`);
  return parsed.id;
}

/** An instant `hours` from now, rounded to the minute so shifts line up. */
export function hoursFromNow(hours: number): Date {
  return new Date(Math.floor((Date.now() + hours * HOUR) / 60_000) * 60_000);
}

export interface Place {
  org: OrgHandle;
  orgId: number;
  gridId: string;
}

/** An organization (a community) with one grid, made by the platform admin. */
export async function createPlace(server: TestServer, name = `Community ${mobileNumber()}`): Promise<Place> {
  const org = await createOrg(server, 'COMMUNITY', name);
  const { createGrid } = await server.admin.ok(CreateGridDocument, { name: `${name} grid 1`, level: 'GRID', organizationId: org.id });
  return { org, orgId: dbId(org.id), gridId: createGrid.id };
}

export interface ShiftHandle {
  id: string;
  dbId: number;
  checkInCode: string;
}

export type ShiftOptions = Partial<Omit<ShiftInput, 'startsAt' | 'endsAt' | 'gridId'>> & { startsAt?: Date; endsAt?: Date };

let shiftCounter = 0;

/** A shift through createShift (as the platform admin); by default tomorrow-ish, 4 hours, 3 seats. */
export async function createShift(server: TestServer, gridId: string, options: ShiftOptions = {}): Promise<ShiftHandle> {
  const startsAt = options.startsAt ?? hoursFromNow(24);
  const endsAt = options.endsAt ?? new Date(startsAt.getTime() + 4 * HOUR);
  const { startsAt: _s, endsAt: _e, ...rest } = options;
  const { createShift: shift } = await server.admin.ok(CreateShiftDocument, {
    input: {
      title: `Sampling post ${++shiftCounter}`, duty: 'NUCLEIC_ACID_SAMPLING', capacity: 3, ...rest,
      gridId, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(),
    },
  });
  return { id: shift.id, dbId: dbId(shift.id), checkInCode: shift.checkInCode! };
}

/** Many shifts in one statement, on one grid, for load tests (check-in codes are fixed). */
export async function insertShifts(
  server: TestServer, gridId: string, count: number,
  options: { capacity: number; startsAt?: Date; hours?: number; title?: string; spacingHours?: number },
): Promise<ShiftHandle[]> {
  const startsAt = options.startsAt ?? hoursFromNow(24);
  const endsAt = new Date(startsAt.getTime() + (options.hours ?? 4) * HOUR);
  const title = options.title ?? `Bulk post ${++shiftCounter}`;
  const rows = await server.sql<{ id: number }[]>`
    insert into shifts (grid_id, title, duty, starts_at, ends_at, capacity, check_in_code)
    select ${dbId(gridId)}, ${title} || ' #' || n, 'CHECKPOINT',
           ${startsAt.toISOString()}::timestamptz + (n - 1) * make_interval(hours => ${options.spacingHours ?? 0}::int),
           ${endsAt.toISOString()}::timestamptz + (n - 1) * make_interval(hours => ${options.spacingHours ?? 0}::int),
           ${options.capacity}::int, '123456'
      from generate_series(1, ${count}::int) n
    order by n
    returning id`;
  return rows.map((r) => ({ id: toGlobalId('Shift', r.id), dbId: r.id, checkInCode: '123456' }));
}

export interface VolunteerHandle {
  id: string;
  dbId: number;
  accountId: number;
  mobile: string;
  name: string;
  client: GraphQLTestClient;
}

export interface VolunteerOptions {
  organizationId: number;
  partyMember?: boolean;
  skills?: string[];
  status?: 'PENDING' | 'ACTIVE' | 'SUSPENDED' | 'ARCHIVED';
  namePrefix?: string;
}

let passwordHash: Promise<string> | undefined;

/**
 * Volunteers affiliated with an organization, each with a VOLUNTEER account and a signed-in
 * client: three statements for any number, one argon2 hash shared by all, tokens signed directly.
 */
export async function createVolunteers(server: TestServer, count: number, options: VolunteerOptions): Promise<VolunteerHandle[]> {
  passwordHash ??= hashPassword(VOLUNTEER_PASSWORD);
  const hash = await passwordHash;
  const mobiles = Array.from({ length: count }, () => mobileNumber());
  const prefix = options.namePrefix ?? 'Volunteer';
  const rows = await server.sql<{ volunteer_id: number; account_id: number; mobile: string; name: string }[]>`
    with v as (
      insert into volunteers (name, mobile, party_member, skills, status, registered_by)
      select ${prefix} || ' ' || m, m, ${options.partyMember ?? false}, array(select jsonb_array_elements_text(${JSON.stringify(options.skills ?? [])}::jsonb)), ${options.status ?? 'ACTIVE'}::volunteer_status, ${options.organizationId}
        from jsonb_array_elements_text(${JSON.stringify(mobiles)}::jsonb) with ordinality as t(m, i) order by i
      returning id, mobile, name
    ), aff as (
      insert into volunteer_affiliations (volunteer_id, organization_id, confirmed_at) select id, ${options.organizationId}, now() from v
    ), acc as (
      insert into accounts (mobile, display_name, password_hash, volunteer_id) select mobile, name, ${hash}, id from v
      returning id, volunteer_id
    ), grant_rows as (
      insert into role_grants (account_id, role) select id, 'VOLUNTEER' from acc
    )
    select v.id as volunteer_id, acc.id as account_id, v.mobile, v.name from v join acc on acc.volunteer_id = v.id order by v.id`;
  return Promise.all(rows.map(async (r) => {
    const { token } = await issueToken(server.deps.keys.token.signing, r.account_id, 3600);
    return {
      id: toGlobalId('Volunteer', r.volunteer_id), dbId: r.volunteer_id, accountId: r.account_id, mobile: r.mobile, name: r.name,
      client: server.anonymous.withToken(token),
    };
  }));
}

export async function createVolunteer(server: TestServer, options: VolunteerOptions): Promise<VolunteerHandle> {
  const [volunteer] = await createVolunteers(server, 1, options);
  return volunteer;
}

/** Rows that every rejected request must leave untouched. */
export async function rosterCounts(server: TestServer): Promise<{ assignments: number; events: number; keys: number; filled: number }> {
  const [row] = await server.sql<{ assignments: number; events: number; keys: number; filled: number }[]>`
    select (select count(*)::int from assignments) as assignments,
           (select count(*)::int from roster_events where kind in ('ASSIGNED','WAITLISTED','PROMOTED','CANCELLED','CHECKED_IN','CHECKED_OUT','NO_SHOW')) as events,
           (select count(*)::int from idempotency_keys) as keys,
           (select coalesce(sum(filled), 0)::int from shifts) as filled`;
  return row;
}

/**
 * Roster rows written directly (bypassing the API) for read-only tests: `perShift` ASSIGNED
 * volunteers on each shift, then `waiting` WAITLISTED ones, taken round-robin from `volunteers`.
 */
export async function seatDirectly(server: TestServer, shifts: ShiftHandle[], volunteers: VolunteerHandle[], perShift: number, waiting = 0): Promise<void> {
  const per = perShift + waiting;
  const rows = shifts.flatMap((s, i) => Array.from({ length: per }, (_, j) => ({
    shift_id: s.dbId, volunteer_id: volunteers[(i * per + j) % volunteers.length].dbId, waiting: j >= perShift, n: i * per + j,
  })));
  await server.sql`
    insert into assignments (shift_id, volunteer_id, status, period, waitlist_seq)
    select p.shift_id, p.volunteer_id, case when p.waiting then 'WAITLISTED' else 'ASSIGNED' end::assignment_status,
           tstzrange(s.starts_at, s.ends_at, '[)'), case when p.waiting then nextval('assignment_waitlist_seq') end
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as p(shift_id int, volunteer_id int, waiting boolean, n int)
      join shifts s on s.id = p.shift_id
     order by p.n`;
  await server.sql`
    update shifts s set filled = c.n from (select shift_id, count(*)::int as n from assignments where status = 'ASSIGNED' group by shift_id) c
     where c.shift_id = s.id and s.id in (select value::int from jsonb_array_elements_text(${JSON.stringify(shifts.map((s) => s.dbId))}::jsonb))`;
}

/** Shift.roster (with filled and waitlisted) as the client sees it. */
export async function rosterOf(client: GraphQLTestClient, shiftId: string) {
  const { node } = await client.ok(ShiftRosterDocument, { id: shiftId });
  if (node?.__typename !== 'Shift') throw new Error(`no visible shift ${shiftId}`);
  return node;
}

/** An assignment as the client sees it, or null when node(id) answers NOT_FOUND. */
export async function assignmentAs(client: GraphQLTestClient, id: string) {
  const result = await client.request(AssignmentNodeDocument, { id });
  if (result.errors?.length) {
    if (result.errors.every((e) => e.extensions?.code === 'NOT_FOUND')) return null;
    throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  }
  const node = result.data?.node;
  return node?.__typename === 'Assignment' ? node : null;
}

export interface PlaceWorld {
  server: TestServer;
  place: Place;
  coordinator: GraphQLTestClient & { mobile: string };
}

/** The usual world of an assignments test file: a server, a community with a grid, and its coordinator. */
export async function startPlaceWorld(): Promise<PlaceWorld> {
  const server = await startTestServer();
  const place = await createPlace(server);
  const coordinator = await createStaff(server, 'COORDINATOR', place.org.id);
  return { server, place, coordinator };
}
