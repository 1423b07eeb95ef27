import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CancelAssignmentDocument, CheckInDocument, CheckInWithCodeDocument, CheckOutDocument, MarkNoShowDocument, SignUpForShiftDocument,
} from '../../../client/generated/graphql';
import type { TestServer } from '../../support/harness';
import {
  startPlaceWorld, createShift, createVolunteer, dbId, hoursFromNow, rosterCounts, type Place, type ShiftOptions, type VolunteerHandle,
} from '../../support/factories/assignments';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let place: Place;
let coordinator: GraphQLTestClient;

beforeAll(async () => ({ server, place, coordinator } = await startPlaceWorld()));
afterAll(async () => { await server?.stop(); });

/** A shift with one volunteer seated on it. */
async function seated(options: ShiftOptions): Promise<{ shiftId: string; code: string; person: VolunteerHandle; assignmentId: string }> {
  const shift = await createShift(server, place.gridId, options);
  const person = await createVolunteer(server, { organizationId: place.orgId });
  const { signUpForShift } = await person.client.ok(SignUpForShiftDocument, { shiftId: shift.id });
  expect(signUpForShift.status).toBe('ASSIGNED');
  return { shiftId: shift.id, code: shift.checkInCode, person, assignmentId: signUpForShift.id };
}

/** The error of a request that must fail, after checking it changed nothing. */
async function refused<D, V>(client: GraphQLTestClient, document: TypedDocumentNode<D, V>, variables: V) {
  const before = await rosterCounts(server);
  const [rowBefore] = await server.sql`select count(*) filter (where checked_in_at is not null)::int as ins, count(*) filter (where checked_out_at is not null)::int as outs from assignments`;
  const result = await client.request(document, variables);
  expect(await rosterCounts(server)).toEqual(before);
  const [rowAfter] = await server.sql`select count(*) filter (where checked_in_at is not null)::int as ins, count(*) filter (where checked_out_at is not null)::int as outs from assignments`;
  expect(rowAfter).toEqual(rowBefore);
  expect(result.errors).toHaveLength(1);
  return { code: result.errors![0].extensions?.code, field: result.errors![0].extensions?.field, message: result.errors![0].message };
}

describe('check-in window', () => {
  it('opens an hour before the start', async () => {
    const early = await seated({ startsAt: hoursFromNow(2), endsAt: hoursFromNow(6) });
    expect(await refused(coordinator, CheckInDocument, { assignmentId: early.assignmentId }))
      .toMatchObject({ code: 'CONFLICT', message: 'Check-in is open from an hour before the shift starts until it ends.' });
    const soon = await seated({ startsAt: hoursFromNow(0.5), endsAt: hoursFromNow(4) });
    const { checkIn } = await coordinator.ok(CheckInDocument, { assignmentId: soon.assignmentId });
    expect(checkIn.status).toBe('CHECKED_IN');
    expect(Math.abs(new Date(checkIn.checkedInAt!).getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('closes when the shift ends, except for a staff backfill within the window', async () => {
    const past = await seated({ startsAt: hoursFromNow(-1), endsAt: hoursFromNow(3) });
    await server.sql`update shifts set starts_at = now() - interval '5 hours', ends_at = now() - interval '1 hour' where id = (select shift_id from assignments where id = ${dbId(past.assignmentId)})`;
    expect(await refused(coordinator, CheckInDocument, { assignmentId: past.assignmentId })).toMatchObject({ code: 'CONFLICT' });
    const at = hoursFromNow(-4.5).toISOString();
    const { checkIn } = await coordinator.ok(CheckInDocument, { assignmentId: past.assignmentId, at });
    expect(checkIn).toMatchObject({ status: 'CHECKED_IN', checkedInAt: at });
  });

  it('refuses a staff time outside the window or in the future, as BAD_USER_INPUT on at', async () => {
    const running = await seated({ startsAt: hoursFromNow(-1), endsAt: hoursFromNow(3) });
    expect(await refused(coordinator, CheckInDocument, { assignmentId: running.assignmentId, at: hoursFromNow(0.25).toISOString() }))
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'at', message: 'at must not lie in the future.' });
    expect(await refused(coordinator, CheckInDocument, { assignmentId: running.assignmentId, at: hoursFromNow(-2.5).toISOString() }))
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'at' });
  });

  it('lets only staff give a time', async () => {
    const running = await seated({ startsAt: hoursFromNow(-1), endsAt: hoursFromNow(3) });
    expect(await refused(running.person.client, CheckInDocument, { assignmentId: running.assignmentId, at: hoursFromNow(-0.5).toISOString() }))
      .toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('statuses move forward only', () => {
  it('goes ASSIGNED → CHECKED_IN → COMPLETED, crediting the hours within the shift widened by 30 minutes', async () => {
    const start = hoursFromNow(-3);
    const running = await seated({ startsAt: start, endsAt: hoursFromNow(1) });
    expect(await refused(coordinator, CheckOutDocument, { assignmentId: running.assignmentId })).toMatchObject({ code: 'CONFLICT' });
    // Arrived 30 minutes before the start (counted: the shift is widened by 30 minutes each side, issue 9), left 2 h 15 min into it.
    const inAt = new Date(start.getTime() - 30 * 60_000);
    await coordinator.ok(CheckInDocument, { assignmentId: running.assignmentId, at: inAt.toISOString() });
    expect(await refused(coordinator, CheckInDocument, { assignmentId: running.assignmentId })).toMatchObject({ code: 'CONFLICT' });
    expect(await refused(coordinator, CheckOutDocument, { assignmentId: running.assignmentId, at: new Date(inAt.getTime() - 60_000).toISOString() }))
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'at' });
    const outAt = new Date(start.getTime() + 2.25 * 3600_000).toISOString();
    const { checkOut } = await coordinator.ok(CheckOutDocument, { assignmentId: running.assignmentId, at: outAt });
    expect(checkOut).toMatchObject({ status: 'COMPLETED', checkedInAt: inAt.toISOString(), checkedOutAt: outAt, hours: 2.75 });
    expect(await refused(coordinator, CheckInDocument, { assignmentId: running.assignmentId })).toMatchObject({ code: 'CONFLICT' });
    expect(await refused(coordinator, CheckOutDocument, { assignmentId: running.assignmentId })).toMatchObject({ code: 'CONFLICT' });
    expect(await refused(coordinator, MarkNoShowDocument, { assignmentId: running.assignmentId })).toMatchObject({ code: 'CONFLICT' });
    expect(await refused(coordinator, CancelAssignmentDocument, { id: running.assignmentId })).toMatchObject({ code: 'CONFLICT' });
    const events = await server.sql`select kind, actor_account_id is not null as actor from roster_events
      where assignment_id = ${dbId(running.assignmentId)} order by id`;
    expect(events.map((e) => e.kind)).toEqual(['ASSIGNED', 'CHECKED_IN', 'CHECKED_OUT']);
  });

  it("refuses a volunteer's bare checkIn (the post's code proves they are there), and lets them check in with the code and out as of now", async () => {
    const running = await seated({ startsAt: hoursFromNow(-1), endsAt: hoursFromNow(3) });
    expect(await refused(running.person.client, CheckInDocument, { assignmentId: running.assignmentId })).toMatchObject({ code: 'FORBIDDEN' });
    await running.person.client.ok(CheckInWithCodeDocument, { shiftId: running.shiftId, code: running.code });
    const { checkOut } = await running.person.client.ok(CheckOutDocument, { assignmentId: running.assignmentId });
    expect(checkOut.status).toBe('COMPLETED');
    expect(checkOut.hours).toBeGreaterThanOrEqual(0);
    expect(checkOut.hours).toBeLessThan(0.05); // seconds apart, rounded to 2 decimals of an hour
  });

  it('keeps a checked-in volunteer seated, and frees the seat when they cancel', async () => {
    const running = await seated({ startsAt: hoursFromNow(-1), endsAt: hoursFromNow(3), capacity: 1 });
    await running.person.client.ok(CheckInWithCodeDocument, { shiftId: running.shiftId, code: running.code });
    const { cancelAssignment } = await running.person.client.ok(CancelAssignmentDocument, { id: running.assignmentId, reason: 'went home ill' });
    expect(cancelAssignment).toMatchObject({ status: 'CANCELLED', shift: { filled: 0 } });
  });
});

describe('checkInWithCode', () => {
  it("checks the volunteer in on their own seat with the shift's code", async () => {
    const running = await seated({ startsAt: hoursFromNow(-0.5), endsAt: hoursFromNow(3) });
    const { checkInWithCode } = await running.person.client.ok(CheckInWithCodeDocument, { shiftId: running.shiftId, code: running.code });
    expect(checkInWithCode).toMatchObject({ id: running.assignmentId, status: 'CHECKED_IN' });
  });

  it('answers BAD_USER_INPUT on code for a wrong code, and CONFLICT after five wrong codes', async () => {
    const running = await seated({ startsAt: hoursFromNow(-0.5), endsAt: hoursFromNow(3) });
    const wrong = running.code === '000000' ? '000001' : '000000';
    for (let i = 0; i < 5; i++) {
      expect(await refused(running.person.client, CheckInWithCodeDocument, { shiftId: running.shiftId, code: wrong }))
        .toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
    }
    expect(await refused(running.person.client, CheckInWithCodeDocument, { shiftId: running.shiftId, code: running.code }))
      .toMatchObject({ code: 'CONFLICT' });
    expect((await coordinator.ok(CheckInDocument, { assignmentId: running.assignmentId })).checkIn.status).toBe('CHECKED_IN');
  });

  it('counts wrong codes in PostgreSQL, so ten simultaneous guesses get at most five answers', async () => {
    const running = await seated({ startsAt: hoursFromNow(-0.5), endsAt: hoursFromNow(3) });
    const wrong = running.code === '000000' ? '000001' : '000000';
    const answers = await Promise.all(Array.from({ length: 10 }, () =>
      refused(running.person.client, CheckInWithCodeDocument, { shiftId: running.shiftId, code: wrong })));
    expect(answers.map((a) => a.code).sort()).toEqual([...Array(5).fill('BAD_USER_INPUT'), ...Array(5).fill('CONFLICT')]);
    const [kept] = await server.sql`select count(*)::int as n from check_in_code_failures where assignment_id = ${dbId(running.assignmentId)}`;
    expect(kept.n).toBe(5);
  });

  it('answers NOT_FOUND to someone without a seat on the shift', async () => {
    const running = await seated({ startsAt: hoursFromNow(-0.5), endsAt: hoursFromNow(3) });
    const other = await createVolunteer(server, { organizationId: place.orgId });
    expect(await refused(other.client, CheckInWithCodeDocument, { shiftId: running.shiftId, code: running.code })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refused(coordinator, CheckInWithCodeDocument, { shiftId: running.shiftId, code: running.code })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refused(other.client, CheckInWithCodeDocument, { shiftId: running.shiftId, code: '12ab' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
  });
});
