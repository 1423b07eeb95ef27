import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import {
  CancelAssignmentDocument, RosterChangedDocument, ShiftListDocument, ShiftsRosterDocument, SignUpForShiftDocument, TallyDocument,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createStaff } from '../../support/factories';
import {
  createPlace, createShift, createVolunteers, hoursFromNow, insertShifts, seatDirectly, type Place, type VolunteerHandle,
} from '../../support/factories/assignments';
import type { GraphQLTestClient } from '../../support/client';
import { captureStatements, expectGolden } from '../../support/golden';
import { liveStream, wsClient } from '../../support/ws';

let server: TestServer;
let place: Place;
let coordinator: GraphQLTestClient;
let people: VolunteerHandle[];
const sockets: Client[] = [];

const golden = (name: string) => fileURLToPath(new URL(`./golden/${name}.sql`, import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  // No periodic token re-check on sockets: only the operation's own statements are recorded.
  server = await startTestServer({ countQueries: true, live: { recheckSeconds: 3600 } });
  place = await createPlace(server);
  coordinator = await createStaff(server, 'COORDINATOR', place.org.id);
  people = await createVolunteers(server, 60, { organizationId: place.orgId });
  // A page of 50 shifts in the future, 10 seated and 2 waiting on each.
  const page = await insertShifts(server, place.gridId, 50, { capacity: 10, startsAt: hoursFromNow(2000), spacingHours: 4 });
  await seatDirectly(server, page, people, 10, 2);
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.dispose()));
  await server?.stop();
});

const rosterPage = (first: number) => coordinator.ok(ShiftsRosterDocument, { filter: { gridId: place.gridId }, first });
const shiftPage = (first: number) => coordinator.ok(ShiftListDocument, { filter: { gridId: place.gridId }, first });

/** Statements sent (both pools) by `work`, after one unrecorded run that opens and warms connections. */
async function recorded(work: () => Promise<unknown>, warm: () => Promise<unknown> = work) {
  await warm();
  return captureStatements(server, work);
}

describe('golden SQL of the key operations', () => {
  it('reads a roster page as a coordinator in the statements of its golden file', async () => {
    const statements = await recorded(() => rosterPage(50));
    expectGolden(golden('roster-page'), 'ShiftsRoster (shifts → roster → volunteer → teams), first: 50, as a coordinator', statements);
  });

  it('sends the same statements for a list page of 10 as of 50, at every depth', async () => {
    for (const query of [shiftPage, rosterPage]) {
      const ten = await recorded(() => query(10));
      const fifty = await recorded(() => query(50));
      expect((await query(50)).shifts.edges).toHaveLength(50);
      expect(fifty.map((s) => s.sql)).toEqual(ten.map((s) => s.sql));
    }
    // A level deeper (roster → volunteer → teams) costs a fixed number of statements, not one per row.
    const shallow = await recorded(() => shiftPage(50));
    const deep = await recorded(() => rosterPage(50));
    expect(deep.length - shallow.length).toBeLessThanOrEqual(4);
  });

  it('signs a volunteer up in the statements of its golden file, with and without an idempotency key', async () => {
    const shift = await createShift(server, place.gridId, { capacity: 5 });
    const [a, b, c] = await createVolunteers(server, 3, { organizationId: place.orgId });
    const warm = await createShift(server, place.gridId, { capacity: 5 });
    const seated = await recorded(() => a.client.ok(SignUpForShiftDocument, { shiftId: shift.id }), () => c.client.ok(SignUpForShiftDocument, { shiftId: warm.id }));
    expect(seated.some((s) => /insert into "?assignments"?/.test(s.sql))).toBe(true);
    expectGolden(golden('sign-up'), 'signUpForShift, seated', seated, 'the transaction: BEGIN, lock + read, check + write, COMMIT (4 round trips)');
    const keyed = await captureStatements(server, () => b.client.ok(SignUpForShiftDocument, { shiftId: shift.id, idempotencyKey: 'golden-key-1' }));
    expectGolden(golden('sign-up-idempotent'), 'signUpForShift with an idempotencyKey, seated', keyed,
      'the transaction: BEGIN, the key\'s claim pipelined with lock + read, check + write + the key\'s result, COMMIT (4 round trips)');
  });

  it('cancels a seat and promotes the first waiting in the statements of its golden file', async () => {
    const shift = await createShift(server, place.gridId, { capacity: 1 });
    const [a, b] = await createVolunteers(server, 2, { organizationId: place.orgId });
    const { signUpForShift: seat } = await a.client.ok(SignUpForShiftDocument, { shiftId: shift.id });
    await b.client.ok(SignUpForShiftDocument, { shiftId: shift.id });
    const statements = await captureStatements(server, () => coordinator.ok(CancelAssignmentDocument, { id: seat.id, reason: 'sick' }));
    expect(statements.some((s) => /savepoint/.test(s.sql))).toBe(true);
    expectGolden(golden('cancel-with-promotion'), 'cancelAssignment of a seat, the first waiting promoted', statements);
  });

  it('tallies hours by grid in the statements of its golden file', async () => {
    const statements = await recorded(() => coordinator.ok(TallyDocument, { input: { groupBy: 'GRID', organizationId: place.org.id } }));
    expectGolden(golden('tally'), 'tally(groupBy: GRID) over an organization, as a coordinator', statements);
  });

  it('brings a roster change to a subscriber in the statements of its golden file', async () => {
    const shift = await createShift(server, place.gridId, { capacity: 10 });
    const [a, b] = await createVolunteers(server, 2, { organizationId: place.orgId });
    const socket = wsClient(server.wsUrl, coordinator.token);
    sockets.push(socket);
    const stream = liveStream(socket, RosterChangedDocument, { filter: { shiftId: shift.id } }, (d) => d.rosterChanged);
    for (let waited = 0; server.liveSubscriptions() < 1; waited += 20) {
      if (waited > 20_000) throw new Error('the subscription never started');
      await sleep(20);
    }
    const change = async (who: VolunteerHandle, count: number) => {
      await who.client.ok(SignUpForShiftDocument, { shiftId: shift.id });
      await stream.until((events) => events.length >= count);
    };
    await change(a, 1); // warms the reader and the fan-out's connections; not recorded
    const statements = await captureStatements(server, () => change(b, 2), () => sleep(150));
    expect(stream.events.map((e) => e.kind)).toEqual(['ASSIGNED', 'ASSIGNED']);
    expectGolden(golden('subscription-event'), 'a sign-up reaching one rosterChanged subscriber (live pool only; the log\'s ticks left out)',
      statements.filter((s) => s.pool === 'live'));
  });
});
