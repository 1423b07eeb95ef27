import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelShiftDocument, RosterEventsDocument, type RosterEventsQuery, type RosterFilter } from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { createGrid, dbId } from '../../support/factories/grids';
import { createTeam } from '../../support/factories/teams';
import { AddTeamMemberDocument } from '../../../client/generated/graphql';
import {
  assignThrough, createShift, insertRosterEvent, registerPerson, shanghaiTime, signInAs, type Person,
} from '../../support/factories/shifts';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let village: OrgHandle, lingyuan: OrgHandle, correctionOffice: OrgHandle;
let villageCoordinator: GraphQLTestClient, outsider: GraphQLTestClient;
/** 梅岭街道 → 梅庭社区 → 网格1 (→ 1-1), 网格2; and 灵源's own grid. */
let communityGrid: string, grid1: string, sub1: string, grid2: string, lingyuanGrid: string;
let day = 0;

/** Each shift gets its own day so the overlap rule never meets the setup assignments. */
function nextSlot() {
  day += 1;
  const date = `2030-10-${String(day).padStart(2, '0')}`;
  return { startsAt: shanghaiTime(date, '08:00'), endsAt: shanghaiTime(date, '12:00') };
}

const read = (client: GraphQLTestClient, filter: RosterFilter, after?: string | null, first?: number) =>
  client.ok(RosterEventsDocument, { filter, after, first }).then((d) => d.rosterEvents);
const summary = (events: RosterEventsQuery['rosterEvents']) => events.map((e) => [e.kind, e.shift.title, e.assignment?.id ?? null]);
const errorsOf = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  (result.errors ?? []).map((e) => [e.extensions?.code, e.extensions?.field ?? null]);

beforeAll(async () => {
  server = await startTestServer();
  const city = await createOrg(server, 'GOVERNMENT', '泉州市');
  const district = await createOrg(server, 'GOVERNMENT', '梅岭街道', city.id);
  village = await createOrg(server, 'COMMUNITY', '梅庭社区', district.id);
  lingyuan = await createOrg(server, 'GOVERNMENT', '灵源街道', city.id);
  correctionOffice = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所', district.id);
  villageCoordinator = await createStaff(server, 'COORDINATOR', village.id);
  outsider = await createStaff(server, 'COORDINATOR', lingyuan.id);
  communityGrid = (await createGrid(server.admin, village.id, '梅庭社区', 'VILLAGE')).id;
  grid1 = (await createGrid(server.admin, village.id, '网格1', 'GRID', communityGrid)).id;
  sub1 = (await createGrid(server.admin, village.id, '1-1', 'SUB_GRID', grid1)).id;
  grid2 = (await createGrid(server.admin, village.id, '网格2', 'GRID', communityGrid)).id;
  lingyuanGrid = (await createGrid(server.admin, lingyuan.id, '灵源网格', 'GRID')).id;
});
afterAll(async () => { await server?.stop(); });

describe('rosterEvents', () => {
  it('returns committed events oldest first with strictly increasing cursors; `after` resumes strictly after', async () => {
    const grid = (await createGrid(server.admin, village.id, '顺序网格', 'GRID', communityGrid)).id;
    for (const title of ['早班', '中班', '晚班']) await createShift(villageCoordinator, grid, { title, ...nextSlot() });
    const events = await read(villageCoordinator, { gridId: grid });
    expect(summary(events)).toEqual([['SHIFT_CREATED', '早班', null], ['SHIFT_CREATED', '中班', null], ['SHIFT_CREATED', '晚班', null]]);
    expect(new Set(events.map((e) => e.cursor)).size).toBe(3);

    expect(summary(await read(villageCoordinator, { gridId: grid }, events[0].cursor))).toEqual([['SHIFT_CREATED', '中班', null], ['SHIFT_CREATED', '晚班', null]]);
    expect(await read(villageCoordinator, { gridId: grid }, events[2].cursor)).toEqual([]);
    const firstTwo = await read(villageCoordinator, { gridId: grid }, null, 2);
    expect(firstTwo.map((e) => e.cursor)).toEqual(events.slice(0, 2).map((e) => e.cursor));
    expect(summary(await read(villageCoordinator, { gridId: grid }, firstTwo[1].cursor, 2))).toEqual([['SHIFT_CREATED', '晚班', null]]);
  });

  it('filters by grid subtree, shift and organization', async () => {
    const a = await createShift(villageCoordinator, grid1, { title: '网格1 巡逻', ...nextSlot() });
    await createShift(villageCoordinator, sub1, { title: '1-1 楼栋', ...nextSlot() });
    await createShift(villageCoordinator, grid2, { title: '网格2 配送', ...nextSlot() });
    await createShift(server.admin, lingyuanGrid, { title: '灵源 采样', ...nextSlot() });
    const titles = async (client: GraphQLTestClient, filter: RosterFilter) => (await read(client, filter)).map((e) => e.shift.title);

    expect(await titles(villageCoordinator, { gridId: grid1 })).toEqual(['网格1 巡逻', '1-1 楼栋']);
    expect(await titles(villageCoordinator, { gridId: sub1 })).toEqual(['1-1 楼栋']);
    expect(await titles(villageCoordinator, { shiftId: a.id })).toEqual(['网格1 巡逻']);
    const village_ = await titles(villageCoordinator, { organizationId: village.id });
    expect(village_).toEqual(expect.arrayContaining(['网格1 巡逻', '1-1 楼栋', '网格2 配送']));
    expect(village_).not.toContain('灵源 采样');
    expect(await titles(server.admin, { organizationId: lingyuan.id })).toEqual(['灵源 采样']);
    // Two fields narrow each other.
    expect(await titles(villageCoordinator, { gridId: grid1, shiftId: a.id })).toEqual(['网格1 巡逻']);
  });

  it('reads all the viewer may see with an empty filter, and requires a sensible page size and a cursor it gave out', async () => {
    const everything = (await read(villageCoordinator, {})).map((e) => e.shift.title);
    expect(everything).toEqual(expect.arrayContaining(['网格1 巡逻', '1-1 楼栋', '网格2 配送']));
    expect(everything).not.toContain('灵源 采样');
    expect(errorsOf(await villageCoordinator.request(RosterEventsDocument, { filter: { gridId: grid1 }, first: 5001 }))).toEqual([['BAD_USER_INPUT', 'first']]);
    expect(errorsOf(await villageCoordinator.request(RosterEventsDocument, { filter: { gridId: grid1 }, after: 'bm9wZQ' }))).toEqual([['BAD_USER_INPUT', 'after']]);
    expect(await read(villageCoordinator, { gridId: grid1 }, null, 5000)).not.toHaveLength(0);
    expect(await server.anonymous.codes(RosterEventsDocument, { filter: { gridId: grid1 } })).toEqual(['UNAUTHENTICATED']);
  });

  it('answers NOT_FOUND for a grid, shift or organization filter the viewer cannot see', async () => {
    const hidden = await createShift(server.admin, lingyuanGrid, { title: '灵源 隐藏', ...nextSlot() });
    expect(await villageCoordinator.codes(RosterEventsDocument, { filter: { gridId: lingyuanGrid } })).toEqual(['NOT_FOUND']);
    expect(await villageCoordinator.codes(RosterEventsDocument, { filter: { shiftId: hidden.id } })).toEqual(['NOT_FOUND']);
    expect(await villageCoordinator.codes(RosterEventsDocument, { filter: { organizationId: lingyuan.id } })).toEqual(['NOT_FOUND']);
    expect(await outsider.codes(RosterEventsDocument, { filter: { gridId: grid1 } })).toEqual(['NOT_FOUND']);
  });
});

describe('rosterEvents about volunteers', () => {
  let shiftTitle: string, shiftId: string;
  let member: Person, other: Person, participant: Person;
  let memberAssignment: number, otherAssignment: number, participantAssignment: number;
  let teamId: string;

  beforeAll(async () => {
    member = await registerPerson(server, village.id, '王芳');
    other = await registerPerson(server, village.id, '李强');
    // A community-correction participant known only to the correction office (and platform admins).
    participant = await registerPerson(server, correctionOffice.id, '陈某');
    const team = await createTeam(server, village, 'GRID_SERVICE', '梅庭网格服务队');
    await server.admin.ok(AddTeamMemberDocument, { teamId: team.id, volunteerId: member.id });
    teamId = team.id;
    shiftTitle = '梅庭采样点';
    shiftId = (await createShift(villageCoordinator, grid2, { title: shiftTitle, duty: 'NUCLEIC_ACID_SAMPLING', capacity: 2, ...nextSlot() })).id;
    memberAssignment = (await assignThrough(villageCoordinator, shiftId, member, 'ASSIGNED')).dbId;
    participantAssignment = (await assignThrough(server.admin, shiftId, participant, 'ASSIGNED')).dbId;
    otherAssignment = (await assignThrough(villageCoordinator, shiftId, other, 'WAITLISTED')).dbId;
    await villageCoordinator.ok(CancelShiftDocument, { id: shiftId, reason: '暂停采样' });
  });

  let memberClient: Promise<GraphQLTestClient> | undefined;
  /** The member's own signed-in client, made once (its account row can be written only once). */
  const asMemberClient = () => (memberClient ??= signInAs(server, member));

  const kindsAndAssignments = async (client: GraphQLTestClient, filter: RosterFilter) => {
    const rows = await server.sql`select id from roster_events where shift_id = ${dbId(shiftId)} order by txid, id`;
    const events = await read(client, filter);
    expect(events.every((e) => e.shift.id === shiftId)).toBe(true);
    return { events, all: rows.length };
  };

  it('leaves out events about volunteers the viewer may not see, and only those', async () => {
    const kinds = ['SHIFT_CREATED', 'ASSIGNED', 'ASSIGNED', 'WAITLISTED', 'CANCELLED', 'CANCELLED', 'CANCELLED', 'SHIFT_CANCELLED'];
    const asAdmin = await kindsAndAssignments(server.admin, { shiftId });
    expect(asAdmin.events.map((e) => e.kind)).toEqual(kinds);
    expect(asAdmin.all).toBe(kinds.length);
    const assignmentIdsOf = (events: RosterEventsQuery['rosterEvents']) => new Set(events.map((e) => e.assignment && dbId(e.assignment.id)).filter((id) => id != null));
    expect(assignmentIdsOf(asAdmin.events)).toEqual(new Set([memberAssignment, otherAssignment, participantAssignment]));
    // The participant had a place on the coordinator's own post, so the coordinator sees them like
    // anyone else there, before and after the shift was cancelled (volunteer.scope.ts).
    const asCoordinator = await kindsAndAssignments(villageCoordinator, { shiftId });
    expect(asCoordinator.events.map((e) => e.kind)).toEqual(kinds);
    expect(assignmentIdsOf(asCoordinator.events)).toEqual(new Set([memberAssignment, otherAssignment, participantAssignment]));
    // A viewer who may not see the others gets the shift's own events and their own, nothing about the rest.
    const asMember = await kindsAndAssignments(await asMemberClient(), { shiftId });
    expect(asMember.events.map((e) => e.kind)).toEqual(['SHIFT_CREATED', 'ASSIGNED', 'CANCELLED', 'SHIFT_CANCELLED']);
    expect(assignmentIdsOf(asMember.events)).toEqual(new Set([memberAssignment]));
  });

  it('follows one team: events whose volunteer is an active member', async () => {
    const events = await read(villageCoordinator, { teamId });
    expect(events.map((e) => [e.kind, e.assignment && dbId(e.assignment.id)])).toEqual([['ASSIGNED', memberAssignment], ['CANCELLED', memberAssignment]]);
    expect(await outsider.codes(RosterEventsDocument, { filter: { teamId } })).toEqual(['NOT_FOUND']);
  });

  it('lets a volunteer follow their own assignments only', async () => {
    const asMember = await asMemberClient();
    // Issue 6: a volunteer's feed also carries news of the shifts they hold a place on (here the
    // cancellation that cancelled their place, in the same commit).
    expect((await read(asMember, { volunteerId: member.id })).map((e) => [e.kind, e.shift.title])).toEqual([['ASSIGNED', shiftTitle], ['CANCELLED', shiftTitle], ['SHIFT_CANCELLED', shiftTitle]]);
    expect(await asMember.codes(RosterEventsDocument, { filter: { volunteerId: other.id } })).toEqual(['FORBIDDEN']);
    // By shift, a volunteer sees the shift's own events and their own, nobody else's.
    expect((await read(asMember, { shiftId })).map((e) => e.kind)).toEqual(['SHIFT_CREATED', 'ASSIGNED', 'CANCELLED', 'SHIFT_CANCELLED']);
    // Staff follow any volunteer they may see; one they may not is NOT_FOUND.
    expect((await read(villageCoordinator, { volunteerId: other.id })).map((e) => e.kind)).toEqual(['WAITLISTED', 'CANCELLED', 'SHIFT_CANCELLED']);
    expect(await outsider.codes(RosterEventsDocument, { filter: { volunteerId: other.id } })).toEqual(['NOT_FOUND']);
  });
});

describe('rosterEvents and commit order', () => {
  // Issue 7 changed this: events used to wait behind any older transaction still running (the
  // "horizon"); now each event takes its place when a tick first sees it committed, so only the
  // late transaction's own event waits, and it lands after everything already read.
  it('places an event that commits late after everything already read, so a cursor never skips it', async () => {
    const grid = (await createGrid(server.admin, village.id, '提交顺序网格', 'GRID', communityGrid)).id;
    const first = await createShift(villageCoordinator, grid, { title: '先开始的班', ...nextSlot() });
    const seen = await read(villageCoordinator, { gridId: grid });
    expect(summary(seen)).toEqual([['SHIFT_CREATED', '先开始的班', null]]);
    const cursor = seen.at(-1)!.cursor;

    // Transaction A appends an event (taking its txid now) and stays open.
    let inserted!: () => void, release!: () => void;
    const insertedSignal = new Promise<void>((resolve) => { inserted = resolve; });
    const held = new Promise<void>((resolve) => { release = resolve; });
    const transactionA = server.sql.begin(async (tx) => {
      await insertRosterEvent(tx, 'SHIFT_UPDATED', first.id);
      inserted();
      await held;
    });
    await insertedSignal;

    // Transaction B, later, commits first (through the API): readers see it at once, A not yet.
    await createShift(villageCoordinator, grid, { title: '后开始先提交的班', ...nextSlot() });
    const whileHeld = await read(villageCoordinator, { gridId: grid }, cursor);
    expect(summary(whileHeld)).toEqual([['SHIFT_CREATED', '后开始先提交的班', null]]);
    const afterB = whileHeld.at(-1)!.cursor;

    release();
    await transactionA;

    // A's event lands after B's: a reader holding B's cursor gets it next, one holding the older cursor gets both.
    expect(summary(await read(villageCoordinator, { gridId: grid }, afterB))).toEqual([['SHIFT_UPDATED', '先开始的班', null]]);
    expect(summary(await read(villageCoordinator, { gridId: grid }, cursor))).toEqual([['SHIFT_CREATED', '后开始先提交的班', null], ['SHIFT_UPDATED', '先开始的班', null]]);
  });
});
