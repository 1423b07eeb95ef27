import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddTeamMemberDocument, AssignVolunteerDocument, CancelShiftDocument, CheckInDocument, CheckOutDocument, CreateTeamDocument, SetRestLimitDocument,
  SignUpForShiftDocument,
} from '../../../client/generated/graphql';
import type { TestServer } from '../../support/harness';
import { createOrg, createStaff } from '../../support/factories';
import {
  startPlaceWorld, createPlace, createShift, createVolunteer, createVolunteers, dbId, hoursFromNow, rosterCounts, rosterOf, type Place,
} from '../../support/factories/assignments';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let place: Place;
let coordinator: GraphQLTestClient;

beforeAll(async () => ({ server, place, coordinator } = await startPlaceWorld()));
afterAll(async () => { await server?.stop(); });

/** Runs a request that must fail and checks it left no assignment, event, key or seat behind. */
async function rejects(client: GraphQLTestClient, run: (c: GraphQLTestClient) => Promise<{ errors?: readonly { extensions?: Record<string, unknown>; message: string }[] }>): Promise<{ code: string; message: string }> {
  const before = await rosterCounts(server);
  const result = await run(client);
  expect(await rosterCounts(server)).toEqual(before);
  const error = result.errors?.[0];
  expect(error).toBeDefined();
  return { code: String(error!.extensions?.code), message: error!.message };
}

describe('assignVolunteer and signUpForShift', () => {
  it('seats volunteers until the shift is full, then waitlists them in arrival order', async () => {
    const shift = await createShift(server, place.gridId, { capacity: 2 });
    const people = await createVolunteers(server, 4, { organizationId: place.orgId });
    const statuses: string[] = [];
    for (const person of people) {
      const { assignVolunteer } = await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: person.id });
      statuses.push(`${assignVolunteer.status}:${assignVolunteer.waitlistPosition ?? '-'}`);
    }
    expect(statuses).toEqual(['ASSIGNED:-', 'ASSIGNED:-', 'WAITLISTED:1', 'WAITLISTED:2']);
    const shiftNow = await rosterOf(coordinator, shift.id);
    expect({ filled: shiftNow.filled, waitlisted: shiftNow.waitlisted, names: shiftNow.roster.map((a) => a.volunteer.name) })
      .toEqual({ filled: 2, waitlisted: 2, names: people.map((p) => p.name) });
    const events = await server.sql`select kind from roster_events where shift_id = ${shift.dbId} and kind::text not like 'SHIFT_%' order by id`;
    expect(events.map((e) => e.kind)).toEqual(['ASSIGNED', 'ASSIGNED', 'WAITLISTED', 'WAITLISTED']);
  });

  it('lets a volunteer sign themself up for a shift of their organization', async () => {
    const shift = await createShift(server, place.gridId);
    const person = await createVolunteer(server, { organizationId: place.orgId });
    const { signUpForShift } = await person.client.ok(SignUpForShiftDocument, { shiftId: shift.id });
    expect(signUpForShift).toMatchObject({ status: 'ASSIGNED', volunteer: { id: person.id }, shift: { id: shift.id, filled: 1 } });
    const [event] = await server.sql`select kind, actor_account_id from roster_events where assignment_id = ${dbId(signUpForShift.id)}`;
    expect(event).toEqual({ kind: 'ASSIGNED', actor_account_id: person.accountId });
  });

  it('answers NOT_FOUND for a shift the volunteer cannot see and FORBIDDEN when a volunteer assigns', async () => {
    const elsewhere = await createPlace(server);
    const hidden = await createShift(server, elsewhere.gridId);
    const person = await createVolunteer(server, { organizationId: place.orgId });
    expect((await rejects(person.client, (c) => c.request(SignUpForShiftDocument, { shiftId: hidden.id }))).code).toBe('NOT_FOUND');
    const visible = await createShift(server, place.gridId);
    expect((await rejects(person.client, (c) => c.request(AssignVolunteerDocument, { shiftId: visible.id, volunteerId: person.id }))).code).toBe('FORBIDDEN');
  });

  it('answers NOT_FOUND when the coordinator may not see the volunteer', async () => {
    const elsewhere = await createPlace(server);
    const stranger = await createVolunteer(server, { organizationId: elsewhere.orgId });
    const shift = await createShift(server, place.gridId);
    expect((await rejects(coordinator, (c) => c.request(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: stranger.id }))).code).toBe('NOT_FOUND');
  });

  it('refuses a cancelled shift, takes stand-ins on a running shift, and lets staff record who served on one that ended', async () => {
    const [person, late, waiting] = await createVolunteers(server, 3, { organizationId: place.orgId });
    const cancelled = await createShift(server, place.gridId);
    await server.admin.ok(CancelShiftDocument, { id: cancelled.id, reason: 'rain' });
    expect(await rejects(coordinator, (c) => c.request(AssignVolunteerDocument, { shiftId: cancelled.id, volunteerId: person.id })))
      .toEqual({ code: 'CONFLICT', message: 'The shift is cancelled.' });
    const running = await createShift(server, place.gridId, { startsAt: hoursFromNow(-1), endsAt: hoursFromNow(2) });
    expect((await coordinator.ok(AssignVolunteerDocument, { shiftId: running.id, volunteerId: person.id })).assignVolunteer.status).toBe('ASSIGNED');
    // A paper roster entered after the shift: seated, then checked in and out with the times seen.
    const ended = await createShift(server, place.gridId, { startsAt: hoursFromNow(-9), endsAt: hoursFromNow(-5), capacity: 1 });
    const { assignVolunteer: served } = await coordinator.ok(AssignVolunteerDocument, { shiftId: ended.id, volunteerId: late.id });
    expect(served.status).toBe('ASSIGNED');
    await coordinator.ok(CheckInDocument, { assignmentId: served.id, at: hoursFromNow(-9).toISOString() });
    expect((await coordinator.ok(CheckOutDocument, { assignmentId: served.id, at: hoursFromNow(-5).toISOString() })).checkOut).toMatchObject({ status: 'COMPLETED', hours: 4 });
    // Nobody waits for a shift that is over, and volunteers cannot sign up for one.
    expect(await rejects(coordinator, (c) => c.request(AssignVolunteerDocument, { shiftId: ended.id, volunteerId: waiting.id })))
      .toMatchObject({ code: 'CONFLICT' });
    expect(await rejects(waiting.client, (c) => c.request(SignUpForShiftDocument, { shiftId: ended.id })))
      .toEqual({ code: 'CONFLICT', message: 'The shift has ended.' });
  });

  it('refuses the same volunteer twice on one shift, seated or waiting', async () => {
    const shift = await createShift(server, place.gridId, { capacity: 1 });
    const [first, second] = await createVolunteers(server, 2, { organizationId: place.orgId });
    await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: first.id });
    await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: second.id });
    for (const person of [first, second]) {
      expect(await rejects(coordinator, (c) => c.request(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: person.id })))
        .toEqual({ code: 'CONFLICT', message: 'The volunteer is already on this shift.' });
    }
  });
});

describe('eligibility', () => {
  it('refuses a volunteer who is not ACTIVE', async () => {
    const shift = await createShift(server, place.gridId);
    const suspended = await createVolunteer(server, { organizationId: place.orgId, status: 'SUSPENDED' });
    expect(await rejects(coordinator, (c) => c.request(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: suspended.id })))
      .toEqual({ code: 'CONFLICT', message: 'The volunteer is not ACTIVE here.' });
  });

  it('requires every required skill', async () => {
    const shift = await createShift(server, place.gridId, { requiredSkills: ['medical', 'dialect'] });
    const partial = await createVolunteer(server, { organizationId: place.orgId, skills: ['medical'] });
    expect(await rejects(partial.client, (c) => c.request(SignUpForShiftDocument, { shiftId: shift.id })))
      .toEqual({ code: 'CONFLICT', message: 'The volunteer lacks required skills: dialect.' });
    const full = await createVolunteer(server, { organizationId: place.orgId, skills: ['dialect', 'medical', 'driving'] });
    expect((await full.client.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift.status).toBe('ASSIGNED');
  });

  it('takes only active members of the eligible teams when the shift names any', async () => {
    const { createTeam } = await server.admin.ok(CreateTeamDocument, { organizationId: place.org.id, name: `Party branch ${Date.now()}`, kind: 'PARTY_BRANCH' });
    const shift = await createShift(server, place.gridId, { eligibleTeamIds: [createTeam.id] });
    const [member, outsider] = await createVolunteers(server, 2, { organizationId: place.orgId });
    await server.admin.ok(AddTeamMemberDocument, { teamId: createTeam.id, volunteerId: member.id });
    expect(await rejects(coordinator, (c) => c.request(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: outsider.id })))
      .toEqual({ code: 'CONFLICT', message: "The volunteer is not an active member of any of the shift's eligible teams." });
    expect((await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: member.id })).assignVolunteer.status).toBe('ASSIGNED');
  });
});

describe('demonstration posts', () => {
  it('waitlists a non-member for the last seat of a demonstration post while no Party member is seated', async () => {
    const shift = await createShift(server, place.gridId, { capacity: 2, requiresPartyMember: true });
    const [a, b, c] = await createVolunteers(server, 3, { organizationId: place.orgId });
    const [member] = await createVolunteers(server, 1, { organizationId: place.orgId, partyMember: true });
    expect((await a.client.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift.status).toBe('ASSIGNED');
    expect((await b.client.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
    expect((await member.client.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift.status).toBe('ASSIGNED');
    expect((await c.client.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 2 });
    const [row] = await server.sql`select filled, party_seated from shifts where id = ${shift.dbId}`;
    expect(row).toEqual({ filled: 2, party_seated: 1 });
  });

  it('seats non-members on the last seat once a Party member is seated', async () => {
    const shift = await createShift(server, place.gridId, { capacity: 2, requiresPartyMember: true });
    const [member] = await createVolunteers(server, 1, { organizationId: place.orgId, partyMember: true });
    const [other] = await createVolunteers(server, 1, { organizationId: place.orgId });
    await member.client.ok(SignUpForShiftDocument, { shiftId: shift.id });
    expect((await other.client.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift.status).toBe('ASSIGNED');
  });
});

describe('never double-booked', () => {
  it('refuses a seat overlapping another seat but allows back-to-back shifts and waiting for an overlapping one', async () => {
    const start = hoursFromNow(48);
    const morning = await createShift(server, place.gridId, { startsAt: start, endsAt: new Date(start.getTime() + 4 * 3600_000) });
    const afternoon = await createShift(server, place.gridId, { startsAt: new Date(start.getTime() + 4 * 3600_000), endsAt: new Date(start.getTime() + 8 * 3600_000) });
    const overlapping = await createShift(server, place.gridId, { startsAt: new Date(start.getTime() + 2 * 3600_000), endsAt: new Date(start.getTime() + 6 * 3600_000), capacity: 1 });
    const overlappingFull = await createShift(server, place.gridId, { startsAt: new Date(start.getTime() + 3600_000), endsAt: new Date(start.getTime() + 3 * 3600_000), capacity: 1 });
    const [person, filler] = await createVolunteers(server, 2, { organizationId: place.orgId });
    await coordinator.ok(AssignVolunteerDocument, { shiftId: overlappingFull.id, volunteerId: filler.id });
    expect((await person.client.ok(SignUpForShiftDocument, { shiftId: morning.id })).signUpForShift.status).toBe('ASSIGNED');
    expect((await person.client.ok(SignUpForShiftDocument, { shiftId: afternoon.id })).signUpForShift.status).toBe('ASSIGNED');
    expect(await rejects(person.client, (c) => c.request(SignUpForShiftDocument, { shiftId: overlapping.id })))
      .toEqual({ code: 'CONFLICT', message: 'The volunteer is not available then: another seat of theirs overlaps it, or it would break the rest limit.' });
    expect((await person.client.ok(SignUpForShiftDocument, { shiftId: overlappingFull.id })).signUpForShift.status).toBe('WAITLISTED');
  });
});

describe('rest limit', () => {
  it('refuses a seat that would exceed the organization rest limit in a rolling 24 hours', async () => {
    const start = hoursFromNow(72);
    const at = (h: number) => new Date(start.getTime() + h * 3600_000);
    const person = await createVolunteer(server, { organizationId: place.orgId });
    // 8 h, then 4 h after an 8 h break: 12 h within 24 h is exactly the default limit.
    const first = await createShift(server, place.gridId, { startsAt: at(0), endsAt: at(8) });
    const second = await createShift(server, place.gridId, { startsAt: at(16), endsAt: at(20) });
    const third = await createShift(server, place.gridId, { startsAt: at(22), endsAt: at(24) });
    const later = await createShift(server, place.gridId, { startsAt: at(32), endsAt: at(34) });
    await person.client.ok(SignUpForShiftDocument, { shiftId: first.id });
    await person.client.ok(SignUpForShiftDocument, { shiftId: second.id });
    const refused = await rejects(person.client, (c) => c.request(SignUpForShiftDocument, { shiftId: third.id }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/rest limit/);
    // [16, 40) holds 4 + 2 = 6 hours; [8, 32) reaches the end of the first shift only: fine.
    expect((await person.client.ok(SignUpForShiftDocument, { shiftId: later.id })).signUpForShift.status).toBe('ASSIGNED');
  });

  it('lets an org admin change the limit, within 1 to 24 hours', async () => {
    const org = await createOrg(server, 'COMMUNITY');
    const admin = await createStaff(server, 'ORG_ADMIN', org.id);
    const coord = await createStaff(server, 'COORDINATOR', org.id);
    expect((await admin.ok(SetRestLimitDocument, { organizationId: org.id, hours: 16.5 })).setRestLimit.restLimitHours).toBe(16.5);
    expect(await coord.codes(SetRestLimitDocument, { organizationId: org.id, hours: 10 })).toEqual(['FORBIDDEN']);
    expect(await admin.codes(SetRestLimitDocument, { organizationId: org.id, hours: 25 })).toEqual(['BAD_USER_INPUT']);
    expect(await admin.codes(SetRestLimitDocument, { organizationId: org.id, hours: 0.5 })).toEqual(['BAD_USER_INPUT']);
    expect(await admin.codes(SetRestLimitDocument, { organizationId: place.org.id, hours: 10 })).toEqual(['NOT_FOUND']);
    const [row] = await server.sql`select rest_limit_hours::float8 as h from organizations where id = ${dbId(org.id)}`;
    expect(row.h).toBe(16.5);
  });

  it('applies a raised limit to new seats', async () => {
    const there = await createPlace(server);
    await server.admin.ok(SetRestLimitDocument, { organizationId: there.org.id, hours: 20 });
    const start = hoursFromNow(100);
    const person = await createVolunteer(server, { organizationId: there.orgId });
    const long = await createShift(server, there.gridId, { startsAt: start, endsAt: new Date(start.getTime() + 18 * 3600_000) });
    expect((await person.client.ok(SignUpForShiftDocument, { shiftId: long.id })).signUpForShift.status).toBe('ASSIGNED');
  });
});

describe('bad input', () => {
  it('rejects malformed ids and keys without writing anything', async () => {
    const shift = await createShift(server, place.gridId);
    const person = await createVolunteer(server, { organizationId: place.orgId });
    expect(await rejects(coordinator, (c) => c.request(AssignVolunteerDocument, { shiftId: 'nonsense', volunteerId: person.id })))
      .toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await rejects(coordinator, (c) => c.request(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: person.id, idempotencyKey: '' })))
      .toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await rejects(coordinator, (c) => c.request(AssignVolunteerDocument, { shiftId: person.id, volunteerId: person.id })))
      .toMatchObject({ code: 'NOT_FOUND' });
    expect(await rejects(server.anonymous, (c) => c.request(SignUpForShiftDocument, { shiftId: shift.id })))
      .toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
