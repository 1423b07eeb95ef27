import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssignVolunteerDocument, CancelAssignmentDocument, CheckInDocument, SignUpForShiftDocument } from '../../../client/generated/graphql';
import type { TestServer } from '../../support/harness';
import { startPlaceWorld, createShift, createVolunteers, dbId, hoursFromNow, rosterCounts, type Place } from '../../support/factories/assignments';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let place: Place;
let coordinator: GraphQLTestClient & { mobile: string };

beforeAll(async () => ({ server, place, coordinator } = await startPlaceWorld()));
afterAll(async () => { await server?.stop(); });

async function assignmentsOn(shiftDbId: number): Promise<number> {
  const [row] = await server.sql`select count(*)::int as n from assignments where shift_id = ${shiftDbId}`;
  return row.n;
}

describe('idempotency keys', () => {
  it('applies concurrent and later replays of one key once, answering with the same assignment', async () => {
    const shift = await createShift(server, place.gridId, { capacity: 2 });
    const [person] = await createVolunteers(server, 1, { organizationId: place.orgId });
    const variables = { shiftId: shift.id, volunteerId: person.id, idempotencyKey: 'assign-once-1' };
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => coordinator.ok(AssignVolunteerDocument, variables)));
    const later = await coordinator.ok(AssignVolunteerDocument, variables);
    const ids = new Set([...concurrent, later].map((r) => r.assignVolunteer.id));
    expect(ids.size).toBe(1);
    expect(await assignmentsOn(shift.dbId)).toBe(1);
    const events = await server.sql`select count(*)::int as n from roster_events where shift_id = ${shift.dbId} and kind = 'ASSIGNED'`;
    expect(events[0].n).toBe(1);
    const [key] = await server.sql`select operation, result from idempotency_keys where key = 'assign-once-1'`;
    expect(key).toMatchObject({ operation: 'assignVolunteer', result: { assignmentId: dbId([...ids][0]), row: { id: dbId([...ids][0]), status: 'ASSIGNED' } } });
    expect(later.assignVolunteer.shift.filled).toBe(1);
  });

  it('answers a replay with the first result even after the assignment has moved on', async () => {
    const shift = await createShift(server, place.gridId, { capacity: 2 });
    const [person] = await createVolunteers(server, 1, { organizationId: place.orgId });
    const variables = { shiftId: shift.id, volunteerId: person.id, idempotencyKey: 'assign-then-cancel-1' };
    const { assignVolunteer: first } = await coordinator.ok(AssignVolunteerDocument, variables);
    await coordinator.ok(CancelAssignmentDocument, { id: first.id, reason: '改派' });
    const { assignVolunteer: replay } = await coordinator.ok(AssignVolunteerDocument, variables);
    expect(replay).toMatchObject({ id: first.id, status: 'ASSIGNED', createdAt: first.createdAt });
    expect(await assignmentsOn(shift.dbId)).toBe(1);
  });

  it('applies a request once when the connection drops before the answer arrives', async () => {
    const shift = await createShift(server, place.gridId);
    const [person] = await createVolunteers(server, 1, { organizationId: place.orgId });
    const variables = { shiftId: shift.id, idempotencyKey: 'dropped-1' };
    const aborted = new AbortController();
    const lost = fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${person.client.token}` },
      body: JSON.stringify({ query: print(SignUpForShiftDocument), variables }),
      signal: aborted.signal,
    }).catch(() => null);
    setTimeout(() => aborted.abort(), 5);
    await lost;
    // Whether or not the first request got through, the retry applies it exactly once.
    const { signUpForShift } = await person.client.ok(SignUpForShiftDocument, variables);
    const again = await person.client.ok(SignUpForShiftDocument, variables);
    expect(again.signUpForShift.id).toBe(signUpForShift.id);
    expect(await assignmentsOn(shift.dbId)).toBe(1);
  });

  it('answers CONFLICT when a key is reused with other arguments, and writes nothing', async () => {
    const [one, two] = [await createShift(server, place.gridId), await createShift(server, place.gridId)];
    const [person, other] = await createVolunteers(server, 2, { organizationId: place.orgId });
    await coordinator.ok(AssignVolunteerDocument, { shiftId: one.id, volunteerId: person.id, idempotencyKey: 'reused-1' });
    const before = await rosterCounts(server);
    for (const variables of [
      { shiftId: two.id, volunteerId: person.id, idempotencyKey: 'reused-1' },
      { shiftId: one.id, volunteerId: other.id, idempotencyKey: 'reused-1' },
    ]) {
      const result = await coordinator.request(AssignVolunteerDocument, variables);
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
    }
    expect(await rosterCounts(server)).toEqual(before);
  });

  it('keeps keys apart per account', async () => {
    const shift = await createShift(server, place.gridId, { capacity: 5 });
    const [a, b] = await createVolunteers(server, 2, { organizationId: place.orgId });
    const first = await a.client.ok(SignUpForShiftDocument, { shiftId: shift.id, idempotencyKey: 'same-key' });
    const second = await b.client.ok(SignUpForShiftDocument, { shiftId: shift.id, idempotencyKey: 'same-key' });
    expect(first.signUpForShift.id).not.toBe(second.signUpForShift.id);
    expect(await assignmentsOn(shift.dbId)).toBe(2);
  });

  it('stores nothing for a request that failed, so a retry after fixing the cause applies', async () => {
    const shift = await createShift(server, place.gridId);
    const [person] = await createVolunteers(server, 1, { organizationId: place.orgId, status: 'SUSPENDED' });
    const variables = { shiftId: shift.id, volunteerId: person.id, idempotencyKey: 'after-fix-1' };
    const before = await rosterCounts(server);
    expect(await coordinator.codes(AssignVolunteerDocument, variables)).toEqual(['CONFLICT']);
    expect(await rosterCounts(server)).toEqual(before);
    await server.sql`update volunteers set status = 'ACTIVE' where id = ${person.dbId}`;
    expect((await coordinator.ok(AssignVolunteerDocument, variables)).assignVolunteer.status).toBe('ASSIGNED');
  });

  it('replays a check-in instead of refusing it as a repeated status change', async () => {
    const shift = await createShift(server, place.gridId, { startsAt: hoursFromNow(-1), endsAt: hoursFromNow(2) });
    const [person] = await createVolunteers(server, 1, { organizationId: place.orgId });
    const { signUpForShift } = await person.client.ok(SignUpForShiftDocument, { shiftId: shift.id });
    const variables = { assignmentId: signUpForShift.id, idempotencyKey: 'check-in-1' };
    const results = await Promise.all([coordinator.request(CheckInDocument, variables), coordinator.request(CheckInDocument, variables)]);
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined]);
    expect(results.map((r) => r.data?.checkIn.status)).toEqual(['CHECKED_IN', 'CHECKED_IN']);
    expect((await coordinator.ok(CheckInDocument, variables)).checkIn.checkedInAt).toBe(results[0].data?.checkIn.checkedInAt);
    expect(await coordinator.codes(CheckInDocument, { assignmentId: signUpForShift.id })).toEqual(['CONFLICT']);
    const events = await server.sql`select count(*)::int as n from roster_events where assignment_id = ${dbId(signUpForShift.id)} and kind = 'CHECKED_IN'`;
    expect(events[0].n).toBe(1);
  });
});
