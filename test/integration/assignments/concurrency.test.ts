import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelAssignmentDocument, SignUpForShiftDocument } from '../../../client/generated/graphql';
import type { TestServer } from '../../support/harness';
import {
  startPlaceWorld, createShift, createVolunteers, dbId, hoursFromNow, insertShifts, rosterOf, type Place, type VolunteerHandle,
} from '../../support/factories/assignments';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let place: Place;
let coordinator: GraphQLTestClient;

beforeAll(async () => ({ server, place, coordinator } = await startPlaceWorld()));
afterAll(async () => { await server?.stop(); });

describe('concurrent sign-ups', () => {
  it('seats exactly capacity on each of 20 shifts from 500 simultaneous sign-ups and waitlists the rest in arrival order', async () => {
    const shifts = await insertShifts(server, place.gridId, 20, { capacity: 10 });
    const people = await createVolunteers(server, 500, { organizationId: place.orgId });
    const results = await Promise.all(people.map((person, i) => person.client.ok(SignUpForShiftDocument, { shiftId: shifts[i % 20].id })));
    const statuses = results.map((r) => r.signUpForShift.status);
    expect(statuses.filter((s) => s === 'ASSIGNED')).toHaveLength(200);
    expect(statuses.filter((s) => s === 'WAITLISTED')).toHaveLength(300);

    const stored = await server.sql`select id, filled, capacity from shifts where id = any(${shifts.map((s) => s.dbId)}) order by id`;
    expect(stored.every((s) => s.filled === 10 && s.capacity === 10)).toBe(true);
    for (const shift of shifts) {
      const roster = await rosterOf(server.admin, shift.id);
      expect(roster).toMatchObject({ filled: 10, waitlisted: 15 });
      expect(roster.roster.map((a) => a.waitlistPosition)).toEqual([...Array(10).fill(null), ...Array.from({ length: 15 }, (_, i) => i + 1)]);
      // Arrival order is the order the shift lock was granted: the log (written under that lock)
      // shows every seat taken before anyone waited, and the waitlist in the same order as the log.
      const log = await server.sql`select e.kind, a.waitlist_seq from roster_events e join assignments a on a.id = e.assignment_id
        where e.shift_id = ${shift.dbId} order by e.id`;
      expect(log.map((e) => e.kind)).toEqual([...Array(10).fill('ASSIGNED'), ...Array(15).fill('WAITLISTED')]);
      const seqs = log.slice(10).map((e) => Number(e.waitlist_seq));
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      const waitingIds = roster.roster.slice(10).map((a) => dbId(a.id));
      const bySeq = await server.sql`select id from assignments where shift_id = ${shift.dbId} and status = 'WAITLISTED' order by waitlist_seq`;
      expect(bySeq.map((r) => r.id)).toEqual(waitingIds);
    }
  }, 180_000);

  it('gives one volunteer exactly one seat from 50 simultaneous sign-ups for mutually overlapping shifts', async () => {
    const base = hoursFromNow(300);
    const shifts = await insertShifts(server, place.gridId, 50, { capacity: 5, startsAt: base, hours: 3 });
    await server.sql`update shifts set starts_at = starts_at + (id % 50) * interval '1 minute', ends_at = ends_at + (id % 50) * interval '1 minute'
      where id = any(${shifts.map((s) => s.dbId)})`;
    const [person] = await createVolunteers(server, 1, { organizationId: place.orgId });
    const results = await Promise.all(shifts.map((shift) => person.client.request(SignUpForShiftDocument, { shiftId: shift.id })));
    const seated = results.filter((r) => r.data?.signUpForShift.status === 'ASSIGNED');
    expect(seated).toHaveLength(1);
    const refusals = results.filter((r) => r.errors);
    expect(refusals).toHaveLength(49);
    expect(new Set(refusals.map((r) => r.errors![0].extensions?.code))).toEqual(new Set(['CONFLICT']));
    const [row] = await server.sql`select count(*)::int as n from assignments where volunteer_id = ${person.dbId}`;
    expect(row.n).toBe(1);
    const [total] = await server.sql`select sum(filled)::int as filled from shifts where id = any(${shifts.map((s) => s.dbId)})`;
    expect(total.filled).toBe(1);
  });
});

describe('cancel-and-promote races', () => {
  it('never overfills a shift and gives every freed seat to the next eligible in order', async () => {
    const start = hoursFromNow(400);
    const shift = await createShift(server, place.gridId, { capacity: 10, startsAt: start, endsAt: new Date(start.getTime() + 4 * 3600_000) });
    const clash = await createShift(server, place.gridId, { capacity: 5, startsAt: new Date(start.getTime() + 3600_000), endsAt: new Date(start.getTime() + 2 * 3600_000) });
    const seatedPeople = await createVolunteers(server, 10, { organizationId: place.orgId });
    const waiting = await createVolunteers(server, 20, { organizationId: place.orgId });
    const newcomers = await createVolunteers(server, 5, { organizationId: place.orgId });
    const seatIds = await signUpInOrder(shift.id, seatedPeople);
    const waitIds = await signUpInOrder(shift.id, waiting);
    await waiting[1].client.ok(SignUpForShiftDocument, { shiftId: clash.id }); // now holds an overlapping seat: skipped
    const cancelledWaiting = [0, 4, 8];

    const race = await Promise.all([
      ...seatIds.slice(0, 6).map((id) => coordinator.request(CancelAssignmentDocument, { id })),
      ...cancelledWaiting.map((i) => waiting[i].client.request(CancelAssignmentDocument, { id: waitIds[i] })),
      ...newcomers.map((person) => person.client.request(SignUpForShiftDocument, { shiftId: shift.id })),
    ]);
    expect(race.flatMap((r) => r.errors ?? [])).toEqual([]);

    const eligible = waitIds.filter((_, i) => i !== 1 && !cancelledWaiting.includes(i));
    const expectedSeated = new Set([...seatIds.slice(6), ...eligible.slice(0, 6)]);
    const roster = await rosterOf(coordinator, shift.id);
    expect(roster.filled).toBe(10);
    expect(new Set(roster.roster.filter((a) => a.status === 'ASSIGNED').map((a) => a.id))).toEqual(expectedSeated);
    const stillWaiting = roster.roster.filter((a) => a.status === 'WAITLISTED');
    expect(stillWaiting.map((a) => a.waitlistPosition)).toEqual(stillWaiting.map((_, i) => i + 1));
    expect(stillWaiting.slice(0, 1 + eligible.length - 6).map((a) => a.id).sort()).toEqual([waitIds[1], ...eligible.slice(6)].sort());
    expect(stillWaiting.slice(-5).map((a) => a.volunteer.id).sort()).toEqual(newcomers.map((p) => p.id).sort());
    const [counts] = await server.sql`select count(*) filter (where status in ('ASSIGNED','CHECKED_IN','COMPLETED'))::int as seated,
      (select filled from shifts where id = ${shift.dbId}) as filled from assignments where shift_id = ${shift.dbId}`;
    expect(counts).toEqual({ seated: 10, filled: 10 });
  });

  it('lets only one of several simultaneous cancels of the same assignment through', async () => {
    const shift = await createShift(server, place.gridId, { capacity: 1 });
    const [holder, next, after] = await createVolunteers(server, 3, { organizationId: place.orgId });
    const [seatId, nextId, afterId] = await signUpInOrder(shift.id, [holder, next, after]);
    const results = await Promise.all(Array.from({ length: 5 }, () => coordinator.request(CancelAssignmentDocument, { id: seatId })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors).map((r) => r.errors![0].extensions?.code)).toEqual(Array(4).fill('CONFLICT'));
    const rows = await server.sql`select id, status from assignments where id = any(${[seatId, nextId, afterId].map(dbId)}) order by id`;
    expect(rows.map((r) => r.status)).toEqual(['CANCELLED', 'ASSIGNED', 'WAITLISTED']);
  });
});

async function signUpInOrder(shiftId: string, people: VolunteerHandle[]): Promise<string[]> {
  const ids: string[] = [];
  for (const person of people) ids.push((await person.client.ok(SignUpForShiftDocument, { shiftId })).signUpForShift.id);
  return ids;
}
