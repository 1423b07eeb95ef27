import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelAssignmentDocument, RosterChangedDocument, RosterEventsDocument, SignUpForShiftDocument } from '../../../client/generated/graphql';
import { createShift, createVolunteers, dbId, hoursFromNow, insertShifts, startPlaceWorld, type Place, type ShiftHandle, type VolunteerHandle } from '../../support/factories/assignments';
import type { TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';
import { liveStream, wsClient } from '../../support/ws';

let server: TestServer;
let place: Place;
let coordinator: GraphQLTestClient & { token?: string };

beforeAll(async () => ({ server, place, coordinator } = await startPlaceWorld()));
afterAll(async () => { await server?.stop(); });

const CHANGES = 400;
const LANES = 6;
const FOLLOWERS = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sign-ups and cancellations by volunteers, one lane per volunteer, until `CHANGES` succeeded. */
async function churn(shifts: ShiftHandle[], crowd: VolunteerHandle[]): Promise<void> {
  let made = 0;
  const held = new Map<string, string>(); // volunteer:shift → assignment id
  await Promise.all(Array.from({ length: LANES }, async (_, lane) => {
    const mine = crowd.filter((_, i) => i % LANES === lane);
    while (made < CHANGES) {
      const person = mine[Math.floor(Math.random() * mine.length)];
      const shift = shifts[Math.floor(Math.random() * shifts.length)];
      const key = `${person.id}:${shift.id}`;
      const holding = held.get(key);
      if (holding) {
        await person.client.ok(CancelAssignmentDocument, { id: holding });
        held.delete(key);
      } else {
        held.set(key, (await person.client.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift.id);
      }
      made++;
    }
  }));
}

interface Follower {
  cursors: string[];
  /** assignment id → ASSIGNED | WAITLISTED, as the pushed events tell it. */
  roster: Map<number, string>;
  reconnects: number;
}

/** Follows the grid, dropping its socket at random moments and resuming from its last cursor. */
async function follow(start: string, finished: () => string | null): Promise<Follower> {
  const me: Follower = { cursors: [], roster: new Map(), reconnects: 0 };
  let cursor = start;
  for (;;) {
    const client = wsClient(server.wsUrl, coordinator.token);
    const stream = liveStream(client, RosterChangedDocument, { filter: { gridId: place.gridId }, after: cursor }, (d) => d.rosterChanged);
    await sleep(100 + Math.random() * 500);
    stream.dispose();
    // Half the time the socket just drops (once it is open: a socket still connecting only closes).
    if (stream.events.length > 0 && Math.random() < 0.5) client.terminate();
    else await client.dispose();
    for (const event of stream.events) {
      me.cursors.push(event.cursor);
      cursor = event.cursor;
      const id = event.assignment ? dbId(event.assignment.id) : null;
      if (id == null) continue;
      if (event.kind === 'CANCELLED') me.roster.delete(id);
      else if (event.kind === 'WAITLISTED') me.roster.set(id, 'WAITLISTED');
      else if (event.kind === 'ASSIGNED' || event.kind === 'PROMOTED') me.roster.set(id, 'ASSIGNED');
    }
    const last = finished();
    if (last != null && cursor === last) return me;
    me.reconnects++;
  }
}

async function wholeLog(after: string): Promise<string[]> {
  const cursors: string[] = [];
  for (let cursor = after; ;) {
    const { rosterEvents } = await coordinator.ok(RosterEventsDocument, { filter: { gridId: place.gridId }, after: cursor, first: 1000 });
    cursors.push(...rosterEvents.map((e) => e.cursor));
    if (rosterEvents.length < 1000) return cursors;
    cursor = rosterEvents.at(-1)!.cursor;
  }
}

describe('live rosters through random disconnects', () => {
  it(`leaves every client with the database's roster after ${CHANGES} changes, each event once and in log order`, { timeout: 180_000 }, async () => {
    const shifts = await insertShifts(server, place.gridId, 7, { capacity: 2, spacingHours: 24 });
    // One shift through the API, so the grid's log has an event to start following from.
    shifts.push(await createShift(server, place.gridId, { capacity: 2, startsAt: hoursFromNow(24 * 9) }));
    const crowd = await createVolunteers(server, 36, { organizationId: place.orgId });
    const [created] = (await coordinator.ok(RosterEventsDocument, { filter: { gridId: place.gridId } })).rosterEvents;
    const start = created.cursor;

    let last: string | null = null;
    const followers = Array.from({ length: FOLLOWERS }, () => follow(start, () => last));
    await churn(shifts, crowd);
    const log = await wholeLog(start);
    last = log.at(-1)!;
    const results = await Promise.all(followers);

    const rows = await server.sql<{ id: number; status: string }[]>`
      select id, status from assignments where shift_id = any(${shifts.map((s) => s.dbId)}::int[]) and status in ('ASSIGNED', 'WAITLISTED')`;
    const database = new Map(rows.map((r) => [r.id, r.status]));
    for (const follower of results) {
      expect(follower.reconnects).toBeGreaterThan(3);
      expect(follower.cursors).toEqual(log);
      expect(follower.roster).toEqual(database);
    }
  });
});
