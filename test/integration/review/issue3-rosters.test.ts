import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddTeamMemberDocument, AssignVolunteerDocument, CancelAssignmentDocument, CheckInDocument, CheckOutDocument, CreateTeamDocument,
  MarkNoShowDocument, ShiftAttendanceDocument, VolunteerShiftHistoryDocument, SetRestLimitDocument, SignUpForShiftDocument,
} from '../../../client/generated/graphql';
import type { TestServer } from '../../support/harness';
import { createStaff } from '../../support/factories';
import {
  startPlaceWorld, createShift, createVolunteer, createVolunteers, dbId, hoursFromNow, rosterCounts, type Place,
} from '../../support/factories/assignments';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let place: Place;
let coordinator: GraphQLTestClient;

beforeAll(async () => ({ server, place, coordinator } = await startPlaceWorld()));
afterAll(async () => { await server?.stop(); });

const HOUR = 3600_000;

/** Everything a refused roster request must leave as it was: counts, keys, seats and every assignment row. */
async function snapshot() {
  return {
    counts: await rosterCounts(server),
    rows: await server.sql`select id, status, checked_in_at, checked_out_at, hours, waitlist_seq from assignments order by id`,
    shifts: await server.sql`select id, filled, party_seated, status from shifts order by id`,
  };
}

async function refused<D, V>(client: GraphQLTestClient, document: TypedDocumentNode<D, V>, variables: V) {
  const before = await snapshot();
  const result = await client.request(document, variables);
  expect(await snapshot()).toEqual(before);
  expect(result.errors).toHaveLength(1);
  const [error] = result.errors!;
  return { code: String(error.extensions?.code), field: error.extensions?.field, message: error.message };
}

async function roster(shiftId: string) {
  const { node } = await coordinator.ok(ShiftAttendanceDocument, { id: shiftId });
  if (node?.__typename !== 'Shift') throw new Error('shift not visible');
  return node;
}

async function statusOf(assignmentId: string): Promise<string> {
  const [row] = await server.sql`select status from assignments where id = ${dbId(assignmentId)}`;
  return row.status;
}

/** A shift under way (started an hour ago, ends in three) with one seated volunteer. */
async function underWay(capacity = 2) {
  const shift = await createShift(server, place.gridId, { startsAt: hoursFromNow(-1), endsAt: hoursFromNow(3), capacity });
  const person = await createVolunteer(server, { organizationId: place.orgId });
  const { assignVolunteer } = await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: person.id });
  return { shift, person, id: assignVolunteer.id };
}

describe('the status machine moves forward only', () => {
  it('refuses CHECKED_IN → ASSIGNED (assigning again), CHECKED_IN → NO_SHOW and a second check-in', async () => {
    const { shift, person, id } = await underWay();
    await coordinator.ok(CheckInDocument, { assignmentId: id });
    expect((await refused(coordinator, AssignVolunteerDocument, { shiftId: shift.id, volunteerId: person.id })).code).toBe('CONFLICT');
    expect((await refused(person.client, SignUpForShiftDocument, { shiftId: shift.id })).code).toBe('CONFLICT');
    expect((await refused(coordinator, MarkNoShowDocument, { assignmentId: id })).code).toBe('CONFLICT');
    expect((await refused(coordinator, CheckInDocument, { assignmentId: id })).code).toBe('CONFLICT');
    expect(await statusOf(id)).toBe('CHECKED_IN');
  });

  it('refuses COMPLETED → CANCELLED, → CHECKED_IN, → NO_SHOW and a second check-out', async () => {
    const { id } = await underWay();
    await coordinator.ok(CheckInDocument, { assignmentId: id });
    await coordinator.ok(CheckOutDocument, { assignmentId: id });
    for (const [document, variables] of [
      [CancelAssignmentDocument, { id }], [CheckInDocument, { assignmentId: id }], [MarkNoShowDocument, { assignmentId: id }], [CheckOutDocument, { assignmentId: id }],
    ] as const) {
      expect((await refused(coordinator, document as TypedDocumentNode<unknown, typeof variables>, variables)).code).toBe('CONFLICT');
    }
    expect(await statusOf(id)).toBe('COMPLETED');
  });

  it('refuses NO_SHOW → CHECKED_IN, → CHECKED_OUT and → CANCELLED', async () => {
    const { id, person } = await underWay();
    await coordinator.ok(MarkNoShowDocument, { assignmentId: id });
    expect((await refused(coordinator, CheckInDocument, { assignmentId: id })).code).toBe('CONFLICT');
    expect((await refused(person.client, CheckInDocument, { assignmentId: id })).code).toBe('FORBIDDEN');
    expect((await refused(coordinator, CheckOutDocument, { assignmentId: id })).code).toBe('CONFLICT');
    expect((await refused(coordinator, CancelAssignmentDocument, { id })).code).toBe('CONFLICT');
    expect(await statusOf(id)).toBe('NO_SHOW');
  });

  it('refuses check-out before check-in, and check-in or no-show of a waitlisted or cancelled assignment', async () => {
    const { shift, id } = await underWay(1);
    expect((await refused(coordinator, CheckOutDocument, { assignmentId: id })).code).toBe('CONFLICT');
    const waiting = await createVolunteer(server, { organizationId: place.orgId });
    const { assignVolunteer: wait } = await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: waiting.id });
    expect(wait.status).toBe('WAITLISTED');
    expect((await refused(coordinator, CheckInDocument, { assignmentId: wait.id })).code).toBe('CONFLICT');
    expect((await refused(coordinator, MarkNoShowDocument, { assignmentId: wait.id })).code).toBe('CONFLICT');
    expect((await refused(coordinator, CheckOutDocument, { assignmentId: wait.id })).code).toBe('CONFLICT');
    await coordinator.ok(CancelAssignmentDocument, { id: wait.id });
    expect((await refused(coordinator, CheckInDocument, { assignmentId: wait.id })).code).toBe('CONFLICT');
    expect((await refused(coordinator, CancelAssignmentDocument, { id: wait.id })).code).toBe('CONFLICT');
    expect(await statusOf(id)).toBe('ASSIGNED');
  });

  it('opens check-in exactly an hour before the start and closes it at the end, for staff backfills', async () => {
    const [a, b, c] = await createVolunteers(server, 3, { organizationId: place.orgId });
    const runningStart = hoursFromNow(-3).getTime();
    const running = await createShift(server, place.gridId, { startsAt: new Date(runningStart), endsAt: hoursFromNow(1) });
    const early = (await coordinator.ok(AssignVolunteerDocument, { shiftId: running.id, volunteerId: a.id })).assignVolunteer.id;
    const exact = (await coordinator.ok(AssignVolunteerDocument, { shiftId: running.id, volunteerId: b.id })).assignVolunteer.id;
    const future = (await coordinator.ok(AssignVolunteerDocument, { shiftId: running.id, volunteerId: c.id })).assignVolunteer.id;
    const tooEarly = await refused(coordinator, CheckInDocument, { assignmentId: early, at: new Date(runningStart - HOUR - 1000).toISOString() });
    expect([tooEarly.code, tooEarly.field]).toEqual(['BAD_USER_INPUT', 'at']);
    const atOpening = await coordinator.ok(CheckInDocument, { assignmentId: exact, at: new Date(runningStart - HOUR).toISOString() });
    expect(atOpening.checkIn.checkedInAt).toBe(new Date(runningStart - HOUR).toISOString());
    const inFuture = await refused(coordinator, CheckInDocument, { assignmentId: future, at: new Date(Date.now() + 10 * 60_000).toISOString() });
    expect([inFuture.code, inFuture.field]).toEqual(['BAD_USER_INPUT', 'at']);
    // Checking out before the check-in time is refused; at the check-in time or later it completes.
    const backwards = await refused(coordinator, CheckOutDocument, { assignmentId: exact, at: new Date(runningStart - HOUR - 60_000).toISOString() });
    expect(backwards.code).toBe('BAD_USER_INPUT');
    const futureOut = await refused(coordinator, CheckOutDocument, { assignmentId: exact, at: new Date(Date.now() + 3600_000).toISOString() });
    expect(futureOut.code).toBe('BAD_USER_INPUT');
    const done = await coordinator.ok(CheckOutDocument, { assignmentId: exact, at: new Date(runningStart + 2 * HOUR).toISOString() });
    // Credited from 30 minutes before the start (the shift widened by 30 minutes each side, issue 9).
    expect(done.checkOut).toMatchObject({ status: 'COMPLETED', hours: 2.5 });
  });

  it('refuses a volunteer checking themself in before the window opens or after the shift ended', async () => {
    const later = await createShift(server, place.gridId, { startsAt: hoursFromNow(3), endsAt: hoursFromNow(5) });
    const person = await createVolunteer(server, { organizationId: place.orgId });
    const { signUpForShift } = await person.client.ok(SignUpForShiftDocument, { shiftId: later.id });
    expect((await refused(coordinator, CheckInDocument, { assignmentId: signUpForShift.id })).code).toBe('CONFLICT');
    // A staff time that is in the past but before the window is bad input; one inside it is not yet possible (the window is ahead).
    expect((await refused(coordinator, CheckInDocument, { assignmentId: signUpForShift.id, at: new Date(Date.now() - 60_000).toISOString() })).code).toBe('BAD_USER_INPUT');
    expect(await statusOf(signUpForShift.id)).toBe('ASSIGNED');
  });
});

describe('waitlist semantics', () => {
  it('renumbers waitlistPosition after a waiting assignment is cancelled and after a promotion', async () => {
    const shift = await createShift(server, place.gridId, { startsAt: hoursFromNow(30), capacity: 1 });
    const people = await createVolunteers(server, 5, { organizationId: place.orgId });
    const ids: string[] = [];
    for (const p of people) ids.push((await p.client.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift.id);
    const positions = async () => (await roster(shift.id)).roster.map((a) => [a.volunteer.id, a.status, a.waitlistPosition]);
    expect(await positions()).toEqual([
      [people[0].id, 'ASSIGNED', null], [people[1].id, 'WAITLISTED', 1], [people[2].id, 'WAITLISTED', 2],
      [people[3].id, 'WAITLISTED', 3], [people[4].id, 'WAITLISTED', 4],
    ]);
    await people[2].client.ok(CancelAssignmentDocument, { id: ids[2] });
    expect(await positions()).toEqual([
      [people[0].id, 'ASSIGNED', null], [people[1].id, 'WAITLISTED', 1], [people[3].id, 'WAITLISTED', 2], [people[4].id, 'WAITLISTED', 3],
    ]);
    const { cancelAssignment } = await coordinator.ok(CancelAssignmentDocument, { id: ids[0] });
    expect(cancelAssignment.shift).toMatchObject({ filled: 1, waitlisted: 2 });
    expect(await positions()).toEqual([[people[1].id, 'ASSIGNED', null], [people[3].id, 'WAITLISTED', 1], [people[4].id, 'WAITLISTED', 2]]);
    const current = await roster(shift.id);
    expect([current.filled, current.waitlisted]).toEqual([1, 2]);
  });

  it('promotes FIFO, skipping the first waiting person who took an overlapping seat meanwhile, who stays waiting', async () => {
    const start = hoursFromNow(50);
    const shift = await createShift(server, place.gridId, { startsAt: start, capacity: 1 });
    const overlapping = await createShift(server, place.gridId, { startsAt: new Date(start.getTime() + HOUR), capacity: 5 });
    const [holder, first, second] = await createVolunteers(server, 3, { organizationId: place.orgId });
    const seat = (await holder.client.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift.id;
    const firstWait = (await first.client.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift.id;
    const secondWait = (await second.client.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift.id;
    await first.client.ok(SignUpForShiftDocument, { shiftId: overlapping.id });
    await holder.client.ok(CancelAssignmentDocument, { id: seat });
    expect([await statusOf(firstWait), await statusOf(secondWait)]).toEqual(['WAITLISTED', 'ASSIGNED']);
    const events = await server.sql`select kind, assignment_id from roster_events where shift_id = ${shift.dbId} and kind in ('CANCELLED', 'PROMOTED') order by txid, id`;
    expect(events.map((e) => [e.kind, e.assignment_id])).toEqual([['CANCELLED', dbId(seat)], ['PROMOTED', dbId(secondWait)]]);
    expect((await roster(shift.id)).roster.map((a) => [a.volunteer.id, a.waitlistPosition])).toEqual([[second.id, null], [first.id, 1]]);
  });

  it('allows back-to-back seats and refuses overlapping ones with CONFLICT', async () => {
    const start = hoursFromNow(80);
    const a = await createShift(server, place.gridId, { startsAt: start, endsAt: new Date(start.getTime() + 3 * HOUR) });
    const b = await createShift(server, place.gridId, { startsAt: new Date(start.getTime() + 3 * HOUR), endsAt: new Date(start.getTime() + 6 * HOUR) });
    const c = await createShift(server, place.gridId, { startsAt: new Date(start.getTime() + 6 * HOUR - 60_000), endsAt: new Date(start.getTime() + 7 * HOUR) });
    const person = await createVolunteer(server, { organizationId: place.orgId });
    expect((await coordinator.ok(AssignVolunteerDocument, { shiftId: a.id, volunteerId: person.id })).assignVolunteer.status).toBe('ASSIGNED');
    expect((await coordinator.ok(AssignVolunteerDocument, { shiftId: b.id, volunteerId: person.id })).assignVolunteer.status).toBe('ASSIGNED');
    const overlap = await refused(coordinator, AssignVolunteerDocument, { shiftId: c.id, volunteerId: person.id });
    expect(overlap.code).toBe('CONFLICT');
    expect(overlap.message).toMatch(/overlap/i);
  });
});

describe('demonstration posts (党员示范岗)', () => {
  it('waitlists a non-member for the only seat while no member is seated, seats a member, and then the rule no longer holds', async () => {
    const shift = await createShift(server, place.gridId, { startsAt: hoursFromNow(110), capacity: 1, requiresPartyMember: true });
    const nonMember = await createVolunteer(server, { organizationId: place.orgId });
    const member = await createVolunteer(server, { organizationId: place.orgId, partyMember: true });
    expect((await nonMember.client.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift.status).toBe('WAITLISTED');
    expect((await member.client.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift.status).toBe('ASSIGNED');
    expect((await roster(shift.id)).roster.map((a) => [a.volunteer.id, a.status])).toEqual([[member.id, 'ASSIGNED'], [nonMember.id, 'WAITLISTED']]);
  });

  it('keeps the last of three seats for a member, gives it to a member, and lets non-members fill seats once a member sits', async () => {
    const shift = await createShift(server, place.gridId, { startsAt: hoursFromNow(120), capacity: 3, requiresPartyMember: true });
    const [n1, n2, n3] = await createVolunteers(server, 3, { organizationId: place.orgId });
    const member = await createVolunteer(server, { organizationId: place.orgId, partyMember: true });
    const statuses: string[] = [];
    for (const p of [n1, n2, n3]) statuses.push((await p.client.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift.status);
    expect(statuses).toEqual(['ASSIGNED', 'ASSIGNED', 'WAITLISTED']);
    expect((await member.client.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift.status).toBe('ASSIGNED');
    // Full now; when a non-member leaves, the waiting non-member takes the seat since a member sits.
    const n1Seat = (await roster(shift.id)).roster.find((a) => a.volunteer.id === n1.id)!.id;
    await n1.client.ok(CancelAssignmentDocument, { id: n1Seat });
    expect((await roster(shift.id)).roster.map((a) => [a.volunteer.id, a.status]).sort()).toEqual(
      [[n2.id, 'ASSIGNED'], [n3.id, 'ASSIGNED'], [member.id, 'ASSIGNED']].sort(),
    );
    const second = await createShift(server, place.gridId, { startsAt: hoursFromNow(130), capacity: 2, requiresPartyMember: true });
    const [m2] = await createVolunteers(server, 1, { organizationId: place.orgId, partyMember: true });
    expect((await m2.client.ok(SignUpForShiftDocument, { shiftId: second.id })).signUpForShift.status).toBe('ASSIGNED');
    expect((await n1.client.ok(SignUpForShiftDocument, { shiftId: second.id })).signUpForShift.status).toBe('ASSIGNED');
  });
});

describe('eligibility says which rule', () => {
  it('names the missing skill, the eligible teams and ACTIVE, changing nothing', async () => {
    const skilled = await createShift(server, place.gridId, { startsAt: hoursFromNow(140), requiredSkills: ['medical'] });
    const person = await createVolunteer(server, { organizationId: place.orgId, skills: ['driving'] });
    const skill = await refused(coordinator, AssignVolunteerDocument, { shiftId: skilled.id, volunteerId: person.id });
    expect(skill.code).toBe('CONFLICT');
    expect(skill.message).toMatch(/skill/i);
    expect(skill.message).toMatch(/medical/);
    const { createTeam } = await server.admin.ok(CreateTeamDocument, { organizationId: place.org.id, name: '网格服务队', kind: 'GRID_SERVICE' });
    const teamOnly = await createShift(server, place.gridId, { startsAt: hoursFromNow(140), eligibleTeamIds: [createTeam.id] });
    const team = await refused(person.client, SignUpForShiftDocument, { shiftId: teamOnly.id });
    expect(team.code).toBe('CONFLICT');
    expect(team.message).toMatch(/team/i);
    await server.admin.ok(AddTeamMemberDocument, { teamId: createTeam.id, volunteerId: person.id });
    expect((await person.client.ok(SignUpForShiftDocument, { shiftId: teamOnly.id })).signUpForShift.status).toBe('ASSIGNED');
    const suspended = await createVolunteer(server, { organizationId: place.orgId, status: 'SUSPENDED' });
    const inactive = await refused(coordinator, AssignVolunteerDocument, { shiftId: skilled.id, volunteerId: suspended.id });
    expect(inactive.code).toBe('CONFLICT');
    expect(inactive.message).toMatch(/ACTIVE/);
  });
});

describe('rest limit', () => {
  it('refuses a seat over the default 12 hours in a rolling 24 with a message naming the rest limit', async () => {
    const start = hoursFromNow(200);
    const at = (h: number) => new Date(start.getTime() + h * HOUR);
    const person = await createVolunteer(server, { organizationId: place.orgId });
    const twelve = await createShift(server, place.gridId, { startsAt: at(0), endsAt: at(12) });
    const next = await createShift(server, place.gridId, { startsAt: at(12), endsAt: at(13) });
    const dayLater = await createShift(server, place.gridId, { startsAt: at(24), endsAt: at(25) });
    await person.client.ok(SignUpForShiftDocument, { shiftId: twelve.id });
    const over = await refused(person.client, SignUpForShiftDocument, { shiftId: next.id });
    expect(over.code).toBe('CONFLICT');
    expect(over.message).toMatch(/rest limit/i);
    expect((await person.client.ok(SignUpForShiftDocument, { shiftId: dayLater.id })).signUpForShift.status).toBe('ASSIGNED');
  });

  it("follows the organization's changed setting", async () => {
    const orgAdmin = await createStaff(server, 'ORG_ADMIN', place.org.id);
    await orgAdmin.ok(SetRestLimitDocument, { organizationId: place.org.id, hours: 6 });
    try {
      const start = hoursFromNow(300);
      const at = (h: number) => new Date(start.getTime() + h * HOUR);
      const person = await createVolunteer(server, { organizationId: place.orgId });
      const four = await createShift(server, place.gridId, { startsAt: at(0), endsAt: at(4) });
      const two = await createShift(server, place.gridId, { startsAt: at(10), endsAt: at(12) });
      const three = await createShift(server, place.gridId, { startsAt: at(14), endsAt: at(17) });
      await person.client.ok(SignUpForShiftDocument, { shiftId: four.id });
      await person.client.ok(SignUpForShiftDocument, { shiftId: two.id });
      const over = await refused(coordinator, AssignVolunteerDocument, { shiftId: three.id, volunteerId: person.id });
      expect(over.code).toBe('CONFLICT');
      expect(over.message).toMatch(/rest limit/);
    } finally {
      await orgAdmin.ok(SetRestLimitDocument, { organizationId: place.org.id, hours: 12 });
    }
  });
});

describe('idempotency', () => {
  it('answers a replay with the same assignment and writes no second roster event', async () => {
    const shift = await createShift(server, place.gridId, { startsAt: hoursFromNow(400) });
    const person = await createVolunteer(server, { organizationId: place.orgId });
    const first = await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: person.id, idempotencyKey: 'assign-1' });
    const before = await rosterCounts(server);
    const again = await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: person.id, idempotencyKey: 'assign-1' });
    expect(again.assignVolunteer.id).toBe(first.assignVolunteer.id);
    expect(await rosterCounts(server)).toEqual(before);
    const other = await createVolunteer(server, { organizationId: place.orgId });
    expect((await refused(coordinator, AssignVolunteerDocument, { shiftId: shift.id, volunteerId: other.id, idempotencyKey: 'assign-1' })).code).toBe('CONFLICT');
    // The same key for another operation of the same account is another request: CONFLICT too.
    expect((await refused(coordinator, CheckInDocument, { assignmentId: first.assignVolunteer.id, idempotencyKey: 'assign-1' })).code).toBe('CONFLICT');
  });

  it('keeps keys per account: two volunteers may use the same key for their own sign-ups', async () => {
    const shift = await createShift(server, place.gridId, { startsAt: hoursFromNow(410), capacity: 5 });
    const [a, b] = await createVolunteers(server, 2, { organizationId: place.orgId });
    const fromA = await a.client.ok(SignUpForShiftDocument, { shiftId: shift.id, idempotencyKey: 'phone-retry' });
    const fromB = await b.client.ok(SignUpForShiftDocument, { shiftId: shift.id, idempotencyKey: 'phone-retry' });
    expect(fromA.signUpForShift.id).not.toBe(fromB.signUpForShift.id);
    expect((await a.client.ok(SignUpForShiftDocument, { shiftId: shift.id, idempotencyKey: 'phone-retry' })).signUpForShift.id).toBe(fromA.signUpForShift.id);
    expect((await roster(shift.id)).filled).toBe(2);
  });

  it('replays check-in and check-out with the same key instead of refusing them', async () => {
    const { id } = await underWay();
    const checkedIn = await coordinator.ok(CheckInDocument, { assignmentId: id, idempotencyKey: 'in-1' });
    const replayIn = await coordinator.ok(CheckInDocument, { assignmentId: id, idempotencyKey: 'in-1' });
    expect(replayIn.checkIn).toMatchObject({ id, status: 'CHECKED_IN', checkedInAt: checkedIn.checkIn.checkedInAt });
    await coordinator.ok(CheckOutDocument, { assignmentId: id, idempotencyKey: 'out-1' });
    const before = await rosterCounts(server);
    const replayOut = await coordinator.ok(CheckOutDocument, { assignmentId: id, idempotencyKey: 'out-1' });
    expect(replayOut.checkOut.status).toBe('COMPLETED');
    expect(await rosterCounts(server)).toEqual(before);
  });
});

describe('roster reads', () => {
  it('orders the roster seated first then the waitlist, with filled and waitlisted counts', async () => {
    const shift = await createShift(server, place.gridId, { startsAt: hoursFromNow(500), capacity: 2 });
    const people = await createVolunteers(server, 4, { organizationId: place.orgId });
    for (const p of people) await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: p.id });
    const first = await roster(shift.id);
    expect(first.roster.map((a) => [a.volunteer.id, a.status, a.waitlistPosition])).toEqual([
      [people[0].id, 'ASSIGNED', null], [people[1].id, 'ASSIGNED', null], [people[2].id, 'WAITLISTED', 1], [people[3].id, 'WAITLISTED', 2],
    ]);
    expect([first.capacity, first.filled, first.waitlisted]).toEqual([2, 2, 2]);
    await coordinator.ok(CancelAssignmentDocument, { id: first.roster[0].id });
    const second = await roster(shift.id);
    expect(second.roster.map((a) => [a.volunteer.id, a.status, a.waitlistPosition])).toEqual([
      [people[1].id, 'ASSIGNED', null], [people[2].id, 'ASSIGNED', null], [people[3].id, 'WAITLISTED', 1],
    ]);
  });

  it('pages Volunteer.assignments with a stable totalCount and a date range in Asia/Shanghai days', async () => {
    const person = await createVolunteer(server, { organizationId: place.orgId });
    const ids: string[] = [];
    for (let day = 0; day < 5; day++) {
      const startsAt = new Date(`2032-01-0${day + 1}T00:30:00+08:00`);
      const shift = await createShift(server, place.gridId, { startsAt, endsAt: new Date(startsAt.getTime() + HOUR), capacity: 1 });
      ids.push((await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: person.id })).assignVolunteer.id);
    }
    const page = async (after: string | null, range?: { from: string; to: string }) => {
      const { node } = await coordinator.ok(VolunteerShiftHistoryDocument, { id: person.id, first: 2, after, range });
      if (!node || !('assignments' in node)) throw new Error('volunteer not visible');
      return node.assignments;
    };
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const connection = await page(after);
      expect(connection.totalCount).toBe(5);
      seen.push(...connection.edges.map((e) => e.node.id));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(new Set(seen).size).toBe(5);
    const ranged = await page(null, { from: '2032-01-02', to: '2032-01-03' });
    expect(ranged.totalCount).toBe(2);
    expect(ranged.edges.map((e) => e.node.id).sort()).toEqual([ids[1], ids[2]].sort());
  });
});
