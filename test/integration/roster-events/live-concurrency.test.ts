import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { print } from 'graphql';
import {
  CancelAssignmentDocument, RosterChangedDocument, RosterEventsDocument, SignUpForShiftDocument, type RosterChangedSubscription,
} from '../../../client/generated/graphql';
import { startPlaceWorld, createShift, createVolunteers, type Place, type ShiftHandle } from '../../support/factories/assignments';
import { wsClient } from '../../support/ws';
import type { TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';

type Event = RosterChangedSubscription['rosterChanged'];

let server: TestServer;
let place: Place;
let coordinator: GraphQLTestClient & { mobile: string };

beforeAll(async () => ({ server, place, coordinator } = await startPlaceWorld()));
afterAll(async () => { await server?.stop(); });

/** Reads the whole log of the grid after a cursor, page by page, as rosterEvents gives it. */
async function logAfter(after: string | null): Promise<{ cursor: string; kind: string }[]> {
  const events: { cursor: string; kind: string }[] = [];
  for (let cursor = after; ;) {
    const { rosterEvents } = await coordinator.ok(RosterEventsDocument, { filter: { gridId: place.gridId }, after: cursor, first: 100 });
    events.push(...rosterEvents.map((e) => ({ cursor: e.cursor, kind: e.kind })));
    if (rosterEvents.length < 100) return events;
    cursor = rosterEvents.at(-1)!.cursor;
  }
}

describe('a live roster under concurrent changes', () => {
  it('pushes every committed event exactly once, in the order rosterEvents reads them', async () => {
    const shifts: ShiftHandle[] = [];
    for (let i = 0; i < 4; i++) shifts.push(await createShift(server, place.gridId, { capacity: 5 }));
    const crowd = await createVolunteers(server, 40, { organizationId: place.orgId });
    const start = (await logAfter(null)).at(-1)!.cursor;

    const client = wsClient(server.wsUrl, coordinator.token);
    const pushed: Event[] = [];
    let failure: unknown = null;
    const dispose = client.subscribe<RosterChangedSubscription>(
      { query: print(RosterChangedDocument), variables: { filter: { gridId: place.gridId }, after: start } },
      { next: (value) => { if (value.data) pushed.push(value.data.rosterChanged); else failure = value.errors; }, error: (e) => { failure = e; }, complete: () => {} },
    );
    try {
      // 40 sign-ups race for 20 seats; then the first ten seated cancel at once, promoting the waitlist.
      const assignments = await Promise.all(crowd.map((person, i) =>
        person.client.ok(SignUpForShiftDocument, { shiftId: shifts[i % 4].id }).then((r) => ({ person, assignment: r.signUpForShift }))));
      const seated = assignments.filter((a) => a.assignment.status === 'ASSIGNED').slice(0, 10);
      await Promise.all(seated.map(({ person, assignment }) => person.client.ok(CancelAssignmentDocument, { id: assignment.id })));

      const log = await logAfter(start);
      expect(log.filter((e) => e.kind === 'ASSIGNED' || e.kind === 'WAITLISTED')).toHaveLength(40);
      expect(log.filter((e) => e.kind === 'CANCELLED')).toHaveLength(10);
      expect(log.filter((e) => e.kind === 'PROMOTED')).toHaveLength(10);
      // Wait for the stream to catch up (NOTIFY wake-ups, then its once-a-second poll).
      for (let waited = 0; pushed.length < log.length && waited < 15_000 && !failure; waited += 100) await new Promise((r) => setTimeout(r, 100));
      expect(failure).toBeNull();
      expect(pushed.map((e) => e.cursor)).toEqual(log.map((e) => e.cursor));
      expect(new Set(pushed.map((e) => e.cursor)).size).toBe(pushed.length);
    } finally {
      dispose();
      await client.dispose();
    }
  });
});
