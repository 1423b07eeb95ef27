import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddTeamMemberDocument, AssignVolunteerDocument, CancelAssignmentDocument, CheckInDocument, CreateTeamDocument, MarkNoShowDocument,
  RemoveTeamMemberDocument, SignUpForShiftDocument, UpdateShiftDocument,
} from '../../../client/generated/graphql';
import type { TestServer } from '../../support/harness';
import {
  startPlaceWorld, createShift, createVolunteers, dbId, hoursFromNow, rosterCounts, rosterOf, type Place, type VolunteerHandle,
} from '../../support/factories/assignments';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let place: Place;
let coordinator: GraphQLTestClient;

beforeAll(async () => ({ server, place, coordinator } = await startPlaceWorld()));
afterAll(async () => { await server?.stop(); });

/** Signs people up in order; returns their assignment ids. */
async function signUpAll(shiftId: string, people: VolunteerHandle[]): Promise<string[]> {
  const ids: string[] = [];
  for (const person of people) ids.push((await person.client.ok(SignUpForShiftDocument, { shiftId })).signUpForShift.id);
  return ids;
}

async function statusOf(assignmentId: string): Promise<string> {
  const [row] = await server.sql`select status from assignments where id = ${dbId(assignmentId)}`;
  return row.status;
}

async function eventKinds(shiftDbId: number): Promise<string[]> {
  const rows = await server.sql`select kind from roster_events where shift_id = ${shiftDbId} and kind::text not like 'SHIFT_%' order by id`;
  return rows.map((r) => r.kind);
}

describe('cancelAssignment', () => {
  it('gives the freed seat to the first on the waitlist in the same transaction', async () => {
    const shift = await createShift(server, place.gridId, { capacity: 2 });
    const people = await createVolunteers(server, 5, { organizationId: place.orgId });
    const ids = await signUpAll(shift.id, people);
    const { cancelAssignment } = await coordinator.ok(CancelAssignmentDocument, { id: ids[0], reason: 'sick' });
    expect(cancelAssignment.status).toBe('CANCELLED');
    expect(await statusOf(ids[2])).toBe('ASSIGNED');
    const roster = await rosterOf(coordinator, shift.id);
    expect(roster.filled).toBe(2);
    expect(roster.roster.map((a) => [a.id, a.status, a.waitlistPosition])).toEqual([
      [ids[1], 'ASSIGNED', null], [ids[2], 'ASSIGNED', null], [ids[3], 'WAITLISTED', 1], [ids[4], 'WAITLISTED', 2],
    ]);
    expect((await eventKinds(shift.dbId)).slice(-2)).toEqual(['CANCELLED', 'PROMOTED']);
    const [reason] = await server.sql`select cancel_reason, cancelled_at is not null as stamped, waitlist_seq from assignments where id = ${dbId(ids[2])}`;
    expect(reason).toEqual({ cancel_reason: null, stamped: false, waitlist_seq: null });
  });

  it('lets a volunteer cancel their own assignment but not someone else’s', async () => {
    const shift = await createShift(server, place.gridId, { capacity: 1 });
    const [a, b] = await createVolunteers(server, 2, { organizationId: place.orgId });
    const [first, second] = await signUpAll(shift.id, [a, b]);
    expect(await b.client.codes(CancelAssignmentDocument, { id: first })).toEqual(['NOT_FOUND']);
    expect((await a.client.ok(CancelAssignmentDocument, { id: first })).cancelAssignment.status).toBe('CANCELLED');
    expect(await statusOf(second)).toBe('ASSIGNED');
  });

  it('does not promote anyone when a waiting assignment is cancelled, and renumbers the waitlist', async () => {
    const shift = await createShift(server, place.gridId, { capacity: 1 });
    const people = await createVolunteers(server, 4, { organizationId: place.orgId });
    const ids = await signUpAll(shift.id, people);
    await coordinator.ok(CancelAssignmentDocument, { id: ids[1] });
    const roster = await rosterOf(coordinator, shift.id);
    expect(roster.roster.map((a) => [a.id, a.waitlistPosition])).toEqual([[ids[0], null], [ids[2], 1], [ids[3], 2]]);
    expect(roster).toMatchObject({ filled: 1, waitlisted: 2 });
  });

  it('skips waiting volunteers who now hold an overlapping seat or are no longer ACTIVE, leaving them waiting', async () => {
    const start = hoursFromNow(30);
    const shift = await createShift(server, place.gridId, { capacity: 1, startsAt: start, endsAt: new Date(start.getTime() + 4 * 3600_000) });
    const other = await createShift(server, place.gridId, { capacity: 5, startsAt: new Date(start.getTime() + 3600_000), endsAt: new Date(start.getTime() + 2 * 3600_000) });
    const [holder, busy, suspended, next] = await createVolunteers(server, 4, { organizationId: place.orgId });
    const ids = await signUpAll(shift.id, [holder, busy, suspended, next]);
    await busy.client.ok(SignUpForShiftDocument, { shiftId: other.id });
    await server.sql`update volunteers set status = 'SUSPENDED' where id = ${suspended.dbId}`;
    await coordinator.ok(CancelAssignmentDocument, { id: ids[0] });
    expect(await Promise.all(ids.map(statusOf))).toEqual(['CANCELLED', 'WAITLISTED', 'WAITLISTED', 'ASSIGNED']);
    const roster = await rosterOf(coordinator, shift.id);
    expect(roster.roster.filter((a) => a.status === 'WAITLISTED').map((a) => [a.id, a.waitlistPosition])).toEqual([[ids[1], 1], [ids[2], 2]]);
  });

  it('skips a waiting volunteer the seat would push over the rest limit', async () => {
    const start = hoursFromNow(200);
    const at = (h: number) => new Date(start.getTime() + h * 3600_000);
    const shift = await createShift(server, place.gridId, { capacity: 1, startsAt: at(10), endsAt: at(14) });
    const long = await createShift(server, place.gridId, { capacity: 5, startsAt: at(0), endsAt: at(10) });
    const [holder, tired, fresh] = await createVolunteers(server, 3, { organizationId: place.orgId });
    const ids = await signUpAll(shift.id, [holder, tired, fresh]);
    await tired.client.ok(SignUpForShiftDocument, { shiftId: long.id }); // 10 h + 4 h would be 14 h in a day
    await coordinator.ok(CancelAssignmentDocument, { id: ids[0] });
    expect(await Promise.all(ids.map(statusOf))).toEqual(['CANCELLED', 'WAITLISTED', 'ASSIGNED']);
  });

  it('keeps the last seat of a demonstration post for a waiting Party member', async () => {
    const shift = await createShift(server, place.gridId, { capacity: 2, requiresPartyMember: true });
    const [a, b, c] = await createVolunteers(server, 3, { organizationId: place.orgId });
    const [member] = await createVolunteers(server, 1, { organizationId: place.orgId, partyMember: true });
    const [seatA, seatB] = await signUpAll(shift.id, [a, member]);
    const [waitB, waitC] = await signUpAll(shift.id, [b, c]);
    expect(await statusOf(waitB)).toBe('WAITLISTED');
    // The member leaves: the freed last seat may go to a non-member only if a Party member is still seated.
    await coordinator.ok(CancelAssignmentDocument, { id: seatB });
    expect(await Promise.all([seatA, waitB, waitC].map(statusOf))).toEqual(['ASSIGNED', 'WAITLISTED', 'WAITLISTED']);
    const [late] = await createVolunteers(server, 1, { organizationId: place.orgId, partyMember: true });
    const { signUpForShift } = await late.client.ok(SignUpForShiftDocument, { shiftId: shift.id });
    expect(signUpForShift.status).toBe('ASSIGNED');
    const [row] = await server.sql`select filled, party_seated from shifts where id = ${shift.dbId}`;
    expect(row).toEqual({ filled: 2, party_seated: 1 });
  });

  it('promotes a waiting Party member past non-members for the last seat of a demonstration post', async () => {
    const shift = await createShift(server, place.gridId, { capacity: 2, requiresPartyMember: true });
    const [a, b, c] = await createVolunteers(server, 3, { organizationId: place.orgId });
    const [m1, m2] = await createVolunteers(server, 2, { organizationId: place.orgId, partyMember: true });
    const [seatA] = await signUpAll(shift.id, [a]);
    const { assignVolunteer: seatM1 } = await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: m1.id });
    const [waitB, waitC, waitM2] = await signUpAll(shift.id, [b, c, m2]);
    await coordinator.ok(CancelAssignmentDocument, { id: seatM1.id }); // the only seated member leaves
    expect(await Promise.all([seatA, waitB, waitC, waitM2].map(statusOf))).toEqual(['ASSIGNED', 'WAITLISTED', 'WAITLISTED', 'ASSIGNED']);
  });

  it('refuses to cancel an assignment that is no longer open, leaving everything as it was', async () => {
    const shift = await createShift(server, place.gridId, { capacity: 1 });
    const [person] = await createVolunteers(server, 1, { organizationId: place.orgId });
    const [id] = await signUpAll(shift.id, [person]);
    await coordinator.ok(CancelAssignmentDocument, { id });
    const before = await rosterCounts(server);
    const result = await coordinator.request(CancelAssignmentDocument, { id });
    expect(result.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['CONFLICT', 'A CANCELLED assignment cannot be cancelled.']]);
    expect(await rosterCounts(server)).toEqual(before);
  });

  it('rejects an overlong reason without writing anything', async () => {
    const shift = await createShift(server, place.gridId, { capacity: 1 });
    const [person] = await createVolunteers(server, 1, { organizationId: place.orgId });
    const [id] = await signUpAll(shift.id, [person]);
    const before = await rosterCounts(server);
    const result = await coordinator.request(CancelAssignmentDocument, { id, reason: 'x'.repeat(501) });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(await rosterCounts(server)).toEqual(before);
  });
});

describe('promotion judges each waiter as a new seat would be judged now', () => {
  it("skips a waiter who has left the shift's only eligible team, or lacks a skill the shift now requires", async () => {
    const { createTeam } = await server.admin.ok(CreateTeamDocument, { organizationId: place.org.id, name: `卡口队 ${Date.now()}`, kind: 'GRID_SERVICE' });
    const [holder, leaver, member] = await createVolunteers(server, 3, { organizationId: place.orgId, skills: ['swab'] });
    for (const person of [holder, leaver, member]) await server.admin.ok(AddTeamMemberDocument, { teamId: createTeam.id, volunteerId: person.id });
    const byTeam = await createShift(server, place.gridId, { capacity: 1, eligibleTeamIds: [createTeam.id] });
    const [teamSeat, leaverWait, memberWait] = await signUpAll(byTeam.id, [holder, leaver, member]);
    await server.admin.ok(RemoveTeamMemberDocument, { teamId: createTeam.id, volunteerId: leaver.id });
    await holder.client.ok(CancelAssignmentDocument, { id: teamSeat });
    expect([await statusOf(leaverWait), await statusOf(memberWait)]).toEqual(['WAITLISTED', 'ASSIGNED']);

    const [unskilled] = await createVolunteers(server, 1, { organizationId: place.orgId });
    const bySkill = await createShift(server, place.gridId, { capacity: 1, startsAt: hoursFromNow(30), endsAt: hoursFromNow(34) });
    const [skillSeat, unskilledWait, skilledWait] = await signUpAll(bySkill.id, [holder, unskilled, member]);
    await coordinator.ok(UpdateShiftDocument, { id: bySkill.id, changes: { requiredSkills: ['swab'] } });
    await holder.client.ok(CancelAssignmentDocument, { id: skillSeat });
    expect([await statusOf(unskilledWait), await statusOf(skilledWait)]).toEqual(['WAITLISTED', 'ASSIGNED']);
  });

  it('lets two capacity raises promote the same waiters in opposite orders without failing either', async () => {
    for (let round = 0; round < 5; round++) {
      const start = hoursFromNow(100 + round * 10);
      const [x, y] = [
        await createShift(server, place.gridId, { capacity: 1, startsAt: start, endsAt: new Date(start.getTime() + 2 * 3600_000) }),
        await createShift(server, place.gridId, { capacity: 1, startsAt: new Date(start.getTime() + 3 * 3600_000), endsAt: new Date(start.getTime() + 5 * 3600_000) }),
      ];
      const [hx, hy, v1, v2] = await createVolunteers(server, 4, { organizationId: place.orgId });
      await signUpAll(x.id, [hx, v1, v2]);
      await signUpAll(y.id, [hy, v2, v1]);
      const raised = await Promise.all([x, y].map((shift) => coordinator.request(UpdateShiftDocument, { id: shift.id, changes: { capacity: 3 } })));
      expect(raised.map((r) => r.errors ?? null)).toEqual([null, null]);
      expect(raised.map((r) => r.data?.updateShift.filled)).toEqual([3, 3]);
    }
  });
});

describe('markNoShow', () => {
  it('frees the seat of an ASSIGNED volunteer once the shift has started and promotes the next', async () => {
    const shift = await createShift(server, place.gridId, { capacity: 1, startsAt: hoursFromNow(-1), endsAt: hoursFromNow(3) });
    const [absent, standIn] = await createVolunteers(server, 2, { organizationId: place.orgId });
    const [absentId, standInId] = await signUpAll(shift.id, [absent, standIn]);
    expect(await absent.client.codes(MarkNoShowDocument, { assignmentId: absentId })).toEqual(['FORBIDDEN']);
    expect((await coordinator.ok(MarkNoShowDocument, { assignmentId: absentId })).markNoShow.status).toBe('NO_SHOW');
    expect(await statusOf(standInId)).toBe('ASSIGNED');
    expect((await eventKinds(shift.dbId)).slice(-2)).toEqual(['NO_SHOW', 'PROMOTED']);
    expect((await rosterOf(coordinator, shift.id)).filled).toBe(1);
  });

  it('marks someone who sent word before the start, refilling the seat, and refuses anyone not ASSIGNED', async () => {
    const future = await createShift(server, place.gridId, { capacity: 1 });
    const running = await createShift(server, place.gridId, { capacity: 1, startsAt: hoursFromNow(-0.5), endsAt: hoursFromNow(3) });
    const [a, b, c, d] = await createVolunteers(server, 4, { organizationId: place.orgId });
    const [early, next] = await signUpAll(future.id, [a, d]);
    expect((await coordinator.ok(MarkNoShowDocument, { assignmentId: early })).markNoShow.status).toBe('NO_SHOW');
    expect(await statusOf(next)).toBe('ASSIGNED');
    const [present, waiting] = await signUpAll(running.id, [b, c]);
    await coordinator.ok(CheckInDocument, { assignmentId: present });
    const before = await rosterCounts(server);
    for (const assignmentId of [early, present, waiting]) {
      expect(await coordinator.codes(MarkNoShowDocument, { assignmentId })).toEqual(['CONFLICT']);
    }
    expect(await rosterCounts(server)).toEqual(before);
  });
});
