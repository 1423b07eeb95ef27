import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AssignVolunteerDocument, CancelAssignmentDocument, RegisterVolunteersDocument, RosterEventsDocument, watchRoster, type RosterEvent, type WatchStatus,
} from '../../../client/sdk';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff, mobileNumber } from '../../support/factories';
import { createGrid } from '../../support/factories/grids';
import { createShift } from '../../support/factories/shifts';
import { startCuttingProxy, type CuttingProxy } from '../../support/cutting-proxy';
import type { GraphQLTestClient } from '../../support/client';

/*
 * The SDK's live roster against a server whose sockets are cut mid-burst: every committed event
 * reaches the caller exactly once, in the log's order, however often the connection drops.
 */
let server: TestServer;
let proxy: CuttingProxy;
let coordinator: GraphQLTestClient;
let villageId: string;
let gridId: string;

const FAST = { initialMs: 20, maxMs: 200 };

beforeAll(async () => {
  server = await startTestServer();
  proxy = await startCuttingProxy(server.wsUrl);
  villageId = (await createOrg(server, 'COMMUNITY', '洋埭村委会')).id;
  coordinator = await createStaff(server, 'COORDINATOR', villageId);
  gridId = (await createGrid(server.admin, villageId, '洋埭村', 'VILLAGE')).id;
});
afterAll(async () => {
  await proxy?.close();
  await server?.stop();
});

/** Every committed event of the grid after `after`, read over HTTP. */
async function committedAfter(after: string | null): Promise<string[]> {
  const cursors: string[] = [];
  for (let from = after; ;) {
    const { rosterEvents } = await coordinator.ok(RosterEventsDocument, { filter: { gridId }, after: from, first: 200 });
    cursors.push(...rosterEvents.map((e) => e.cursor));
    if (rosterEvents.length < 200) return cursors;
    from = rosterEvents.at(-1)!.cursor;
  }
}

async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A shift for two, three people asking at once, then the first answered cancelling. */
async function busyShift(hourOffset: number, people: string[]): Promise<void> {
  const startsAt = new Date(Date.UTC(2031, 0, 1) + hourOffset * 3600_000).toISOString();
  const shift = await createShift(coordinator, gridId, { capacity: 2, startsAt, endsAt: new Date(Date.parse(startsAt) + 2 * 3600_000).toISOString() });
  const [first] = await Promise.all(people.map((volunteerId) => coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId })));
  await coordinator.ok(CancelAssignmentDocument, { id: first.assignVolunteer.id, reason: '临时有事' });
}

describe('watchRoster', () => {
  it('delivers every committed event exactly once, in order, while the connection is cut again and again mid-burst', async () => {
    const rows = Array.from({ length: 36 }, (_, i) => ({ name: `志愿者${i}`, mobile: mobileNumber() }));
    const { registerVolunteers } = await server.admin.ok(RegisterVolunteersDocument, { organizationId: villageId, volunteers: rows });
    const people = registerVolunteers.results.map((r) => r.volunteer!.id);
    await createShift(coordinator, gridId, { startsAt: new Date(Date.UTC(2030, 0, 1)).toISOString() });
    const [start] = (await committedAfter(null)).slice(-1);

    const received: RosterEvent[] = [];
    const statuses: WatchStatus[] = [];
    const watch = watchRoster({ url: proxy.wsUrl, httpUrl: server.url, token: coordinator.token, filter: { gridId }, backoff: FAST }, {
      event: (event) => received.push(event),
      status: (status) => statuses.push(status),
    });
    await until(() => statuses.some((s) => s.state === 'live'), 'the first connection');

    let cuts = 0;
    const cutter = setInterval(() => { if (proxy.cut() > 0) cuts += 1; }, 60);
    try {
      // Four chains of changes at once, twelve shifts in all.
      await Promise.all([0, 1, 2, 3].map(async (chain) => {
        for (let k = 0; k < 3; k++) {
          const n = chain * 3 + k;
          await busyShift(n * 3, people.slice(n * 3, n * 3 + 3));
        }
      }));
    } finally {
      clearInterval(cutter);
    }
    const expected = await committedAfter(start);
    // Created, assigned twice, waitlisted, cancelled, and a promotion when the one cancelling held a seat.
    expect(expected.length).toBeGreaterThanOrEqual(12 * 5);
    await until(() => received.length >= expected.length, `${expected.length} events (have ${received.length}; ${JSON.stringify(statuses.slice(-6).map((s) => [s.state, s.attempt, s.error?.message]))})`);
    await watch.stop();

    expect(cuts).toBeGreaterThanOrEqual(2);
    expect(statuses.filter((s) => s.state === 'reconnecting').length).toBeGreaterThanOrEqual(2);
    expect(received.map((e) => e.cursor)).toEqual(expected);
    expect(watch.cursor).toBe(expected.at(-1));
    expect(statuses.at(-1)?.state).toBe('stopped');
  });

  it('stops at a refusal instead of retrying it: a token the server does not accept', async () => {
    const before = proxy.accepted;
    const statuses: WatchStatus[] = [];
    const watch = watchRoster({ url: proxy.wsUrl, token: 'not-a-token', filter: { gridId }, backoff: FAST }, { event: () => {}, status: (s) => statuses.push(s) });
    await expect(watch.done).rejects.toMatchObject({ name: expect.stringMatching(/GridrosterError|TransportError/) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(proxy.accepted - before).toBe(1);
    expect(statuses.map((s) => s.state)).toEqual(['connecting', ...(statuses.some((s) => s.state === 'live') ? ['live'] : []), 'failed']);
  });

  it('resumes from the cursor it was given, replaying what was committed before it started', async () => {
    const [start] = (await committedAfter(null)).slice(-1);
    const shift = await createShift(coordinator, gridId, { capacity: 1, startsAt: new Date(Date.UTC(2032, 0, 1)).toISOString() });
    const expected = await committedAfter(start);
    const received: string[] = [];
    const watch = watchRoster({ url: server.wsUrl, token: coordinator.token, filter: { gridId }, after: start, backoff: FAST }, { event: (e) => received.push(e.cursor) });
    await until(() => received.length >= expected.length, 'the replay');
    await watch.stop();
    expect(received).toEqual(expected);
    expect(expected).toHaveLength(1);
    expect(shift.id).toBeTruthy();
  });
});
