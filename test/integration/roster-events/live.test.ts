import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { print } from 'graphql';
import {
  AssignVolunteerDocument, CancelAssignmentDocument, RosterChangedDocument, RosterEventsDocument, type RosterChangedSubscription,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff } from '../../support/factories';
import { createGrid } from '../../support/factories/grids';
import { createShift, registerPerson, type Person } from '../../support/factories/shifts';
import { wsClient, wsClientWithClose } from '../../support/ws';
import type { GraphQLTestClient } from '../../support/client';

type Event = RosterChangedSubscription['rosterChanged'];

let server: TestServer;
let coordinator: GraphQLTestClient & { token?: string };
let gridId: string;
let people: Person[];

beforeAll(async () => {
  server = await startTestServer();
  const village = await createOrg(server, 'COMMUNITY', '洋埭村委会');
  coordinator = await createStaff(server, 'COORDINATOR', village.id);
  gridId = (await createGrid(server.admin, village.id, '洋埭村', 'VILLAGE')).id;
  people = [];
  for (const name of ['陈明', '林芳', '黄伟']) people.push(await registerPerson(server, village.id, name));
});
afterAll(async () => { await server?.stop(); });

/** Collects pushed events until `count` arrived (or the subscription errors). */
function collect(client: Client, variables: { filter: Record<string, string>; after?: string | null }, count: number) {
  const events: Event[] = [];
  let dispose = () => {};
  const done = new Promise<Event[]>((resolve, reject) => {
    dispose = client.subscribe<RosterChangedSubscription>({ query: print(RosterChangedDocument), variables }, {
      next: (value) => {
        if (value.errors?.length) return reject(new Error(JSON.stringify(value.errors)));
        events.push(value.data!.rosterChanged);
        if (events.length >= count) resolve(events);
      },
      error: (error) => reject(Array.isArray(error) ? new Error(JSON.stringify(error)) : error),
      complete: () => resolve(events),
    });
  });
  return { done, dispose: () => dispose() };
}

/** The cursor of the shift's latest committed event (its SHIFT_CREATED), to subscribe from. */
async function latestCursor(shiftId: string): Promise<string> {
  const { rosterEvents } = await coordinator.ok(RosterEventsDocument, { filter: { shiftId } });
  return rosterEvents.at(-1)!.cursor;
}

function startsIn(hours: number): string {
  return new Date(Date.now() + hours * 3600_000).toISOString();
}

describe('rosterChanged', () => {
  it('pushes each roster change after it commits, in order, with the shift and assignment', async () => {
    const shift = await createShift(coordinator, gridId, { capacity: 1, startsAt: startsIn(24) });
    const client = wsClient(server.wsUrl, coordinator.token);
    try {
      // The cancellation frees the seat, so the waitlisted volunteer is promoted in the same commit.
      const stream = collect(client, { filter: { shiftId: shift.id }, after: await latestCursor(shift.id) }, 4);
      const first = await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: people[0].id });
      await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: people[1].id });
      await coordinator.ok(CancelAssignmentDocument, { id: first.assignVolunteer.id, reason: '家中有事' });
      const events = await stream.done;
      expect(events.map((e) => e.kind)).toEqual(['ASSIGNED', 'WAITLISTED', 'CANCELLED', 'PROMOTED']);
      expect(events[0].assignment?.volunteer.name).toBe('陈明');
      expect(events.every((e) => e.shift.id === shift.id)).toBe(true);
      expect(new Set(events.map((e) => e.cursor)).size).toBe(4);
      stream.dispose();
    } finally {
      await client.dispose();
    }
  });

  it('replays every committed event after `after` to a reconnecting client, then goes live', async () => {
    const shift = await createShift(coordinator, gridId, { capacity: 2, startsAt: startsIn(48) });
    const client = wsClient(server.wsUrl, coordinator.token);
    try {
      const firstStream = collect(client, { filter: { shiftId: shift.id }, after: await latestCursor(shift.id) }, 1);
      await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: people[0].id });
      const [seen] = await firstStream.done;
      firstStream.dispose();
      // While disconnected, two more changes commit.
      await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: people[1].id });
      await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: people[2].id });
      const resumed = collect(client, { filter: { shiftId: shift.id }, after: seen.cursor }, 2);
      const missed = await resumed.done;
      expect(missed.map((e) => [e.kind, e.assignment?.volunteer.name])).toEqual([['ASSIGNED', '林芳'], ['WAITLISTED', '黄伟']]);
      resumed.dispose();
    } finally {
      await client.dispose();
    }
  });

  it('follows everything the viewer may see when the filter is empty', async () => {
    const { rosterEvents: log } = await coordinator.ok(RosterEventsDocument, { filter: {}, first: 5000 });
    const client = wsClient(server.wsUrl, coordinator.token);
    try {
      const stream = collect(client, { filter: {}, after: log.at(-1)?.cursor ?? null }, 2);
      const shift = await createShift(coordinator, gridId, { capacity: 1, startsAt: startsIn(96) });
      await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: people[0].id });
      const events = await stream.done;
      expect(events.map((e) => [e.kind, e.shift.id])).toEqual([['SHIFT_CREATED', shift.id], ['ASSIGNED', shift.id]]);
      stream.dispose();
    } finally {
      await client.dispose();
    }
  });

  it('refuses a grid the viewer may not see with NOT_FOUND, as for one that does not exist', async () => {
    const other = await createOrg(server, 'COMMUNITY', '海尾村委会');
    const outsider = await createStaff(server, 'COORDINATOR', other.id);
    const client = wsClient(server.wsUrl, (outsider as unknown as { token: string }).token);
    try {
      await expect(collect(client, { filter: { gridId } }, 1).done).rejects.toThrow(/NOT_FOUND/);
    } finally {
      await client.dispose();
    }
  });

  // Issue 6 replaced the per-operation UNAUTHENTICATED on sockets: a refused token closes the socket with 4401.
  it('closes the socket with 4401 when the token is refused', async () => {
    const { client, closed } = wsClientWithClose(server.wsUrl, 'not-a-token');
    try {
      await expect(collect(client, { filter: { gridId } }, 1).done).rejects.toBeTruthy();
      expect((await closed).code).toBe(4401);
    } finally {
      await client.dispose();
    }
  });
});
