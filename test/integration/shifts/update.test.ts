import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AssignVolunteerDocument, CancelShiftDocument, CreateShiftRotationDocument, RosterEventsDocument, ShiftRosterDocument, SignUpForShiftDocument,
  UpdateShiftDocument, type ShiftChangesInput,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { createGrid, dbId } from '../../support/factories/grids';
import { createTeam } from '../../support/factories/teams';
import { createShift, registerPerson, shiftInput, signInAs, type Person } from '../../support/factories/shifts';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let village: OrgHandle;
let coordinator: GraphQLTestClient, outsider: GraphQLTestClient;
let gridId: string;
let slot = 0;

/** A fresh four-hour slot in the future, so tests never share times. */
function futureSlot(hours = 4): { startsAt: string; endsAt: string } {
  const start = Date.now() + (48 + 30 * ++slot) * 3600_000;
  return { startsAt: new Date(start).toISOString(), endsAt: new Date(start + hours * 3600_000).toISOString() };
}
const at = (iso: string, hours: number) => new Date(new Date(iso).getTime() + hours * 3600_000).toISOString();

async function people(n: number): Promise<Person[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => registerPerson(server, village.id, `卡口志愿者${slot}-${i}`)));
}

async function eventKinds(shiftId: string): Promise<string[]> {
  const { rosterEvents } = await coordinator.ok(RosterEventsDocument, { filter: { shiftId } });
  return rosterEvents.map((e) => e.kind);
}

/** Everything a refused update must leave as it was. */
async function snapshot(shiftId: string) {
  const [shift] = await server.sql`select title, starts_at, ends_at, capacity, filled, location, updated_at from shifts where id = ${dbId(shiftId)}`;
  const periods = await server.sql`select id, status, period::text from assignments where shift_id = ${dbId(shiftId)} order by id`;
  const [events] = await server.sql`select count(*)::int as n from roster_events`;
  return { shift, periods, events };
}

const update = (id: string, changes: ShiftChangesInput) => coordinator.request(UpdateShiftDocument, { id, changes });
const errorOf = (result: Awaited<ReturnType<typeof update>>) =>
  result.errors?.map((e) => [e.extensions?.code, e.extensions?.field ?? e.extensions?.reason ?? null]);

beforeAll(async () => {
  server = await startTestServer();
  const town = await createOrg(server, 'GOVERNMENT', '东石镇');
  village = await createOrg(server, 'COMMUNITY', '三乡村', town.id);
  const elsewhere = await createOrg(server, 'GOVERNMENT', '灵源街道');
  coordinator = await createStaff(server, 'COORDINATOR', village.id);
  outsider = await createStaff(server, 'COORDINATOR', elsewhere.id);
  gridId = (await createGrid(server.admin, village.id, '网格1', 'GRID')).id;
});
afterAll(async () => { await server?.stop(); });

describe('updateShift', () => {
  it('changes title, duty and location, appending one SHIFT_UPDATED, and nothing when nothing changes', async () => {
    const shift = await createShift(coordinator, gridId, { ...futureSlot(), location: '三乡村路口' });
    const { updateShift } = await coordinator.ok(UpdateShiftDocument, {
      id: shift.id, changes: { title: '  三乡村东路口  ', duty: 'PATROL', location: '东路口' },
    });
    expect(updateShift).toMatchObject({ id: shift.id, title: '三乡村东路口', duty: 'PATROL', location: '东路口', capacity: 3 });
    expect(await eventKinds(shift.id)).toEqual(['SHIFT_CREATED', 'SHIFT_UPDATED']);
    await coordinator.ok(UpdateShiftDocument, { id: shift.id, changes: { title: '三乡村东路口', duty: 'PATROL' } });
    expect(await eventKinds(shift.id)).toEqual(['SHIFT_CREATED', 'SHIFT_UPDATED']);
    const cleared = await coordinator.ok(UpdateShiftDocument, { id: shift.id, changes: { location: '' } });
    expect(cleared.updateShift.location).toBeNull();
  });

  it('promotes from the waitlist in order, in the same transaction, when capacity is raised', async () => {
    const shift = await createShift(coordinator, gridId, { ...futureSlot(), capacity: 1 });
    const crowd = await people(4);
    for (const person of crowd) await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: person.id });
    const { updateShift } = await coordinator.ok(UpdateShiftDocument, { id: shift.id, changes: { capacity: 3 } });
    expect(updateShift).toMatchObject({ capacity: 3, filled: 3, waitlisted: 1 });
    const { node } = await coordinator.ok(ShiftRosterDocument, { id: shift.id });
    const roster = node && 'roster' in node ? node.roster : [];
    expect(roster.map((a) => [a.volunteer.id, a.status, a.waitlistPosition ?? null])).toEqual([
      [crowd[0].id, 'ASSIGNED', null], [crowd[1].id, 'ASSIGNED', null], [crowd[2].id, 'ASSIGNED', null], [crowd[3].id, 'WAITLISTED', 1],
    ]);
    expect(await eventKinds(shift.id)).toEqual(['SHIFT_CREATED', 'ASSIGNED', 'WAITLISTED', 'WAITLISTED', 'WAITLISTED', 'SHIFT_UPDATED', 'PROMOTED', 'PROMOTED']);
  });

  it('refuses capacity below the seats held with CONFLICT, changing nothing, and allows it down to them', async () => {
    const shift = await createShift(coordinator, gridId, { ...futureSlot(), capacity: 3 });
    for (const person of await people(2)) await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: person.id });
    const before = await snapshot(shift.id);
    expect(errorOf(await update(shift.id, { capacity: 1, title: '不该生效' }))).toEqual([['CONFLICT', 'CAPACITY_BELOW_FILLED']]);
    expect(await snapshot(shift.id)).toEqual(before);
    expect((await coordinator.ok(UpdateShiftDocument, { id: shift.id, changes: { capacity: 2 } })).updateShift).toMatchObject({ capacity: 2, filled: 2 });
  });

  it('moves the times of every assignment with the shift, freeing the old slot for its volunteers', async () => {
    const old = futureSlot();
    const shift = await createShift(coordinator, gridId, old);
    const [person] = await people(1);
    const client = await signInAs(server, person);
    await client.ok(SignUpForShiftDocument, { shiftId: shift.id });
    const later = { startsAt: at(old.startsAt, 8), endsAt: at(old.endsAt, 8) };
    const { updateShift } = await coordinator.ok(UpdateShiftDocument, { id: shift.id, changes: later });
    expect(updateShift).toMatchObject({ startsAt: later.startsAt, endsAt: later.endsAt, filled: 1 });
    const [row] = await server.sql`select lower(period) = ${later.startsAt}::timestamptz and upper(period) = ${later.endsAt}::timestamptz as moved
      from assignments where shift_id = ${dbId(shift.id)}`;
    expect(row.moved).toBe(true);
    // The old slot no longer overlaps the volunteer's seat.
    const other = await createShift(coordinator, gridId, old);
    expect((await client.ok(SignUpForShiftDocument, { shiftId: other.id })).signUpForShift.status).toBe('ASSIGNED');
  });

  it('refuses new times that give a seated volunteer two overlapping seats, changing nothing', async () => {
    const first = futureSlot();
    const a = await createShift(coordinator, gridId, first);
    const b = await createShift(coordinator, gridId, { startsAt: first.endsAt, endsAt: at(first.endsAt, 4) });
    const [person] = await people(1);
    await coordinator.ok(AssignVolunteerDocument, { shiftId: a.id, volunteerId: person.id });
    await coordinator.ok(AssignVolunteerDocument, { shiftId: b.id, volunteerId: person.id });
    const before = await snapshot(b.id);
    expect(errorOf(await update(b.id, { startsAt: at(first.endsAt, -2) }))).toEqual([['CONFLICT', 'UNAVAILABLE']]);
    expect(await snapshot(b.id)).toEqual(before);
  });

  it('refuses new times that break a seated volunteer\'s rest limit', async () => {
    const first = futureSlot(8);
    const a = await createShift(coordinator, gridId, first);
    const b = await createShift(coordinator, gridId, { startsAt: at(first.endsAt, 2), endsAt: at(first.endsAt, 6) });
    const [person] = await people(1);
    await coordinator.ok(AssignVolunteerDocument, { shiftId: a.id, volunteerId: person.id });
    await coordinator.ok(AssignVolunteerDocument, { shiftId: b.id, volunteerId: person.id });
    const before = await snapshot(b.id);
    expect(errorOf(await update(b.id, { endsAt: at(first.endsAt, 7) }))).toEqual([['CONFLICT', 'UNAVAILABLE']]);
    expect(await snapshot(b.id)).toEqual(before);
  });

  it('refuses bad input with BAD_USER_INPUT naming the field, changing nothing', async () => {
    const slotTimes = futureSlot();
    const shift = await createShift(coordinator, gridId, slotTimes);
    const before = await snapshot(shift.id);
    expect(errorOf(await update(shift.id, { capacity: 0 }))).toEqual([['BAD_USER_INPUT', 'changes.capacity']]);
    expect(errorOf(await update(shift.id, { endsAt: slotTimes.startsAt }))).toEqual([['BAD_USER_INPUT', 'changes.endsAt']]);
    expect(errorOf(await update(shift.id, { endsAt: at(slotTimes.startsAt, 25) }))).toEqual([['BAD_USER_INPUT', 'changes.endsAt']]);
    expect(errorOf(await update(shift.id, { startsAt: at(slotTimes.endsAt, 1) }))).toEqual([['BAD_USER_INPUT', 'changes.startsAt']]);
    expect(errorOf(await update(shift.id, { title: '   ' }))).toEqual([['BAD_USER_INPUT', 'changes.title']]);
    expect(await snapshot(shift.id)).toEqual(before);
  });

  it('refuses new times for a shift under way, a rotation title clash, and a cancelled shift with CONFLICT', async () => {
    const running = await createShift(coordinator, gridId, { startsAt: at(new Date().toISOString(), -1), endsAt: at(new Date().toISOString(), 2) });
    expect(errorOf(await update(running.id, { endsAt: at(new Date().toISOString(), 3) }))).toEqual([['CONFLICT', 'SHIFT_STARTED']]);
    const rotation = (title: string) => coordinator.ok(CreateShiftRotationDocument, {
      input: { template: shiftInput(gridId, { title }), startDate: '2031-05-01', days: 1, shiftsPerDay: 1 },
    }).then((r) => r.createShiftRotation[0]);
    const one = await rotation('重名班次');
    const two = await rotation('另一个班次');
    expect(errorOf(await update(two.id, { title: '重名班次' }))).toEqual([['CONFLICT', 'DUPLICATE_SHIFT']]);
    await coordinator.ok(CancelShiftDocument, { id: one.id, reason: '取消' });
    expect(errorOf(await update(one.id, { capacity: 5 }))).toEqual([['CONFLICT', 'SHIFT_CANCELLED']]);
  });

  it('answers NOT_FOUND to staff who cannot see the grid and FORBIDDEN to its volunteers', async () => {
    const shift = await createShift(coordinator, gridId, futureSlot());
    const before = await snapshot(shift.id);
    expect(await outsider.codes(UpdateShiftDocument, { id: shift.id, changes: { capacity: 9 } })).toEqual(['NOT_FOUND']);
    const [person] = await people(1);
    const volunteer = await signInAs(server, person);
    await volunteer.ok(SignUpForShiftDocument, { shiftId: shift.id });
    const seen = await snapshot(shift.id);
    expect(await volunteer.codes(UpdateShiftDocument, { id: shift.id, changes: { capacity: 9 } })).toEqual(['FORBIDDEN']);
    expect(await snapshot(shift.id)).toEqual(seen);
    expect(before.shift.capacity).toBe(3);
  });

  it('replaces the eligible teams', async () => {
    const first = await createTeam(server, village, 'GRID_SERVICE', '三乡村网格服务队');
    const second = await createTeam(server, village, 'PARTY_BRANCH', '三乡村党支部');
    const shift = await createShift(coordinator, gridId, { ...futureSlot(), eligibleTeamIds: [first.id] });
    const { updateShift } = await coordinator.ok(UpdateShiftDocument, { id: shift.id, changes: { eligibleTeamIds: [second.id] } });
    expect(updateShift.eligibleTeams.map((t) => t.id)).toEqual([second.id]);
    expect(await eventKinds(shift.id)).toEqual(['SHIFT_CREATED', 'SHIFT_UPDATED']);
  });

  it('never overbooks when capacity changes race with sign-ups', async () => {
    const shift = await createShift(coordinator, gridId, { ...futureSlot(), capacity: 5 });
    const crowd = await people(20);
    const results = await Promise.allSettled([
      ...crowd.map((person) => coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: person.id })),
      coordinator.ok(UpdateShiftDocument, { id: shift.id, changes: { capacity: 8 } }),
    ]);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const [row] = await server.sql`select capacity, filled,
      (select count(*)::int from assignments where shift_id = s.id and status = 'ASSIGNED') as seated,
      (select count(*)::int from assignments where shift_id = s.id and status = 'WAITLISTED') as waiting
      from shifts s where id = ${dbId(shift.id)}`;
    expect(row).toEqual({ capacity: 8, filled: 8, seated: 8, waiting: 12 });
  });
});
