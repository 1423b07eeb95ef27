import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { print } from 'graphql';
import {
  AddTeamMemberDocument, AssignVolunteerDocument, CancelAssignmentDocument, CreateTeamDocument, DeployTeamDocument,
  RosterEventLogDocument, RosterChangedDocument, SignUpForShiftDocument, type RosterChangedSubscription, type RosterFilter,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { twoTownships, type OrgHandle } from '../../support/factories';
import { createGrid, shanghaiDay } from '../../support/factories/grids';
import { createShift, insertRosterEvent, registerPerson, signInAs, type Person } from '../../support/factories/shifts';
import { wsClient } from '../../support/ws';
import type { GraphQLTestClient } from '../../support/client';

type Event = RosterChangedSubscription['rosterChanged'];

let server: TestServer;
let village: OrgHandle, lingyuan: OrgHandle;
let villageCoordinator: GraphQLTestClient, lingyuanCoordinator: GraphQLTestClient;
let gridId: string, subGridId: string;
let villager: Person, member: Person, neighbour: Person;
let villagerClient: GraphQLTestClient;
let teamId: string;
let slot = 0;

const startsIn = () => new Date(Date.now() + (48 + 6 * ++slot) * 3600_000).toISOString();

beforeAll(async () => {
  server = await startTestServer();
  ({ village, lingyuan, villageCoordinator, lingyuanCoordinator } = await twoTownships(server));
  gridId = (await createGrid(server.admin, village.id, '洋埭村网格3', 'GRID')).id;
  subGridId = (await createGrid(server.admin, village.id, '3-1', 'SUB_GRID', gridId)).id;
  villager = await registerPerson(server, village.id, '洋埭村民');
  neighbour = await registerPerson(server, village.id, '洋埭邻居');
  member = await registerPerson(server, lingyuan.id, '灵源组员');
  villagerClient = await signInAs(server, villager);
  const { createTeam } = await server.admin.ok(CreateTeamDocument, { organizationId: lingyuan.id, name: '灵源驰援工作组', kind: 'WORKING_GROUP' });
  teamId = createTeam.id;
  await server.admin.ok(AddTeamMemberDocument, { teamId, volunteerId: member.id });
  await server.admin.ok(DeployTeamDocument, { teamId, gridId, startsOn: shanghaiDay(-1), endsOn: shanghaiDay(5) });
});
afterAll(async () => { await server?.stop(); });

/** Collects pushed events until `until` says stop (or the subscription errors). */
function collect(client: Client, variables: { filter: RosterFilter; after?: string | null }, until: (events: Event[]) => boolean) {
  const events: Event[] = [];
  let dispose = () => {};
  const done = new Promise<Event[]>((resolve, reject) => {
    dispose = client.subscribe<RosterChangedSubscription>({ query: print(RosterChangedDocument), variables }, {
      next: (value) => {
        if (value.errors?.length) return reject(new Error(JSON.stringify(value.errors)));
        events.push(value.data!.rosterChanged);
        if (until(events)) resolve(events);
      },
      error: (error) => reject(Array.isArray(error) ? new Error(JSON.stringify(error)) : error),
      complete: () => resolve(events),
    });
  });
  return { done, events, dispose: () => dispose() };
}

async function lastCursor(client: GraphQLTestClient, filter: RosterFilter): Promise<string | null> {
  const { rosterEvents } = await client.ok(RosterEventLogDocument, { filter, first: 500 });
  return rosterEvents.at(-1)?.cursor ?? null;
}

describe('rosterEvents scope and filters', () => {
  it("shows a deployed team's organization the grid's shift events and its own member's, never the village's volunteers", async () => {
    const shift = await createShift(villageCoordinator, subGridId, { title: '3-1 配送', startsAt: startsIn(), capacity: 3 });
    const hidden = (await villageCoordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: villager.id })).assignVolunteer;
    const shown = (await villageCoordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: member.id })).assignVolunteer;
    const { rosterEvents } = await lingyuanCoordinator.ok(RosterEventLogDocument, { filter: { shiftId: shift.id } });
    expect(rosterEvents.map((e) => [e.kind, e.assignment?.id ?? null])).toEqual([['SHIFT_CREATED', null], ['ASSIGNED', shown.id]]);
    expect(JSON.stringify(rosterEvents)).not.toContain(hidden.id);
    // The grid filter covers the sub-grid; the village coordinator sees both.
    const byGrid = await villageCoordinator.ok(RosterEventLogDocument, { filter: { gridId } });
    expect(byGrid.rosterEvents.filter((e) => e.shift.id === shift.id).map((e) => e.assignment?.id ?? null)).toEqual([null, hidden.id, shown.id]);
    // Following a volunteer they may not see is NOT_FOUND, like one that does not exist.
    expect(await lingyuanCoordinator.codes(RosterEventLogDocument, { filter: { volunteerId: villager.id } })).toEqual(['NOT_FOUND']);
    const byTeam = await villageCoordinator.ok(RosterEventLogDocument, { filter: { teamId } });
    expect(byTeam.rosterEvents.map((e) => e.assignment?.id)).toEqual([shown.id]);
  });

  it('resumes strictly after a cursor, oldest first, and pages with first', async () => {
    const shift = await createShift(villageCoordinator, gridId, { title: '分页班', startsAt: startsIn(), capacity: 1 });
    await villageCoordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: villager.id });
    await villageCoordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: neighbour.id });
    const all = (await villageCoordinator.ok(RosterEventLogDocument, { filter: { shiftId: shift.id } })).rosterEvents;
    expect(all.map((e) => e.kind)).toEqual(['SHIFT_CREATED', 'ASSIGNED', 'WAITLISTED']);
    const page1 = (await villageCoordinator.ok(RosterEventLogDocument, { filter: { shiftId: shift.id }, first: 2 })).rosterEvents;
    const page2 = (await villageCoordinator.ok(RosterEventLogDocument, { filter: { shiftId: shift.id }, first: 2, after: page1.at(-1)!.cursor })).rosterEvents;
    expect([...page1, ...page2].map((e) => e.cursor)).toEqual(all.map((e) => e.cursor));
    expect((await villageCoordinator.ok(RosterEventLogDocument, { filter: { shiftId: shift.id }, after: all.at(-1)!.cursor })).rosterEvents).toEqual([]);
  });
});

describe('rosterChanged over graphql-ws', () => {
  it("never pushes events about a volunteer the subscriber may not see", async () => {
    const shift = await createShift(villageCoordinator, gridId, { title: '卡口 live scope', startsAt: startsIn(), capacity: 3 });
    const client = wsClient(server.wsUrl, lingyuanCoordinator.token);
    try {
      const stream = collect(client, { filter: { gridId }, after: await lastCursor(lingyuanCoordinator, { gridId }) },
        (events) => events.some((e) => e.assignment?.volunteer.id === member.id));
      const hidden = (await villageCoordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: villager.id })).assignVolunteer;
      await villageCoordinator.ok(CancelAssignmentDocument, { id: hidden.id });
      const shown = (await villageCoordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: member.id })).assignVolunteer;
      const events = await stream.done;
      stream.dispose();
      expect(events.map((e) => [e.kind, e.assignment?.id ?? null])).toEqual([['ASSIGNED', shown.id]]);
      expect(JSON.stringify(events)).not.toContain('洋埭村民');
    } finally {
      await client.dispose();
    }
  });

  it("gives a volunteer following a shift only the shift's own events and their own", async () => {
    const shift = await createShift(villageCoordinator, gridId, { title: '卡口 live self', startsAt: startsIn(), capacity: 1 });
    const client = wsClient(server.wsUrl, villagerClient.token);
    try {
      const stream = collect(client, { filter: { shiftId: shift.id }, after: await lastCursor(villagerClient, { shiftId: shift.id }) },
        (events) => events.some((e) => e.kind === 'PROMOTED'));
      const other = (await villageCoordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: neighbour.id })).assignVolunteer;
      const mine = (await villagerClient.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift;
      expect(mine.status).toBe('WAITLISTED');
      await villageCoordinator.ok(CancelAssignmentDocument, { id: other.id });
      const events = await stream.done;
      stream.dispose();
      expect(events.map((e) => [e.kind, e.assignment?.id ?? null])).toEqual([['WAITLISTED', mine.id], ['PROMOTED', mine.id]]);
      expect(events.every((e) => e.assignment?.volunteer.id === villager.id)).toBe(true);
    } finally {
      await client.dispose();
    }
  });

  it('refuses a volunteer following someone else, before anything is pushed', async () => {
    const client = wsClient(server.wsUrl, villagerClient.token);
    try {
      const stream = collect(client, { filter: { volunteerId: neighbour.id } }, () => true);
      await expect(stream.done).rejects.toThrow(/FORBIDDEN/);
    } finally {
      await client.dispose();
    }
  });

  // Issue 7 changed this: a change used to wait behind every older transaction still running; now
  // only the late transaction's own event waits, and it is pushed after it commits, in log order.
  it('pushes a change once it has committed, and a late transaction\'s own event after that one commits', async () => {
    const grid = (await createGrid(server.admin, village.id, '提交顺序网格', 'GRID')).id;
    // The held transaction writes on one shift (its row stays key-share locked), the API on another.
    const held = await createShift(villageCoordinator, grid, { title: '先开始的班', startsAt: startsIn(), capacity: 2 });
    const shift = await createShift(villageCoordinator, grid, { title: '提交后推送', startsAt: startsIn(), capacity: 2 });
    const client = wsClient(server.wsUrl, villageCoordinator.token);
    let release!: () => void;
    const holding = new Promise<void>((resolve) => { release = resolve; });
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((resolve) => { inserted = resolve; });
    try {
      const stream = collect(client, { filter: { gridId: grid }, after: await lastCursor(villageCoordinator, { gridId: grid }) }, (events) => events.length >= 2);
      const open = server.sql.begin(async (tx) => {
        await insertRosterEvent(tx, 'SHIFT_UPDATED', held.id);
        inserted();
        await holding;
      });
      await insertedSignal;
      const { assignVolunteer } = await villageCoordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: villager.id });
      // Pushed while the older transaction is still open.
      for (let waited = 0; stream.events.length === 0 && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(stream.events.map((e) => [e.kind, e.assignment?.id ?? null])).toEqual([['ASSIGNED', assignVolunteer.id]]);
      release();
      await open;
      const events = await stream.done;
      stream.dispose();
      expect(events.map((e) => [e.kind, e.shift.id, e.assignment?.id ?? null])).toEqual([['ASSIGNED', shift.id, assignVolunteer.id], ['SHIFT_UPDATED', held.id, null]]);
    } finally {
      release();
      await client.dispose();
    }
  });
});

// Issue 7: booking transactions no longer NOTIFY; the ticker does, once per tick, on roster_ticks.
describe('NOTIFY roster_ticks', () => {
  it('carries no personal data: the payload is the log\'s head position', async () => {
    const payloads: string[] = [];
    let got!: () => void;
    const first = new Promise<void>((resolve) => { got = resolve; });
    const listener = await server.sql.listen('roster_ticks', (payload) => { payloads.push(payload); got(); });
    try {
      const shift = await createShift(villageCoordinator, gridId, { title: '通知内容', startsAt: startsIn() });
      await villageCoordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: villager.id });
      await first;
      expect(payloads.length).toBeGreaterThan(0);
      for (const payload of payloads) {
        expect(payload).toMatch(/^\d+$/);
        expect(payload).not.toContain(villager.name);
      }
    } finally {
      await listener.unlisten();
    }
  });
});
