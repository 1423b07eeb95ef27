import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CancelShiftDocument, CreateShiftDocument, CreateShiftRotationDocument, DeployTeamDocument, GridShiftsDocument,
  ShiftCheckInCodeDocument, ShiftDocument, ShiftsDocument, type GridShiftsQuery, type ShiftRotationInput, type ShiftsQuery,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { createGrid, dbId, shanghaiDay } from '../../support/factories/grids';
import { createTeam } from '../../support/factories/teams';
import { assignThrough, createShift, insertAssignment, registerPerson, signInAs, shanghaiTime, shiftInput, shiftTableCounts } from '../../support/factories/shifts';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let town: OrgHandle, village: OrgHandle, lingyuan: OrgHandle, correctionOffice: OrgHandle;
let townCoordinator: GraphQLTestClient, villageCoordinator: GraphQLTestClient, villageVolunteer: GraphQLTestClient;
let outsider: GraphQLTestClient, officeOfficer: GraphQLTestClient;
/** 东石镇 → 三乡村 → 网格1 (→ 1-1), 网格2; and 灵源's own grid. */
let townGrid: string, villageGrid: string, grid1: string, grid2: string, subGrid: string, lingyuanGrid: string;

type GridWithShifts = Extract<NonNullable<GridShiftsQuery['node']>, { shifts: unknown }>;
function asGrid(data: GridShiftsQuery): GridWithShifts {
  if (!data.node || !('shifts' in data.node)) throw new Error('not a visible grid');
  return data.node as GridWithShifts;
}

const errorsOf = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  (result.errors ?? []).map((e) => [e.extensions?.code, e.extensions?.field ?? null]);

beforeAll(async () => {
  server = await startTestServer({ countQueries: true });
  const city = await createOrg(server, 'GOVERNMENT', '晋江市');
  town = await createOrg(server, 'GOVERNMENT', '东石镇', city.id);
  village = await createOrg(server, 'COMMUNITY', '三乡村', town.id);
  lingyuan = await createOrg(server, 'GOVERNMENT', '灵源街道', city.id);
  correctionOffice = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所', town.id);
  townCoordinator = await createStaff(server, 'COORDINATOR', town.id);
  villageCoordinator = await createStaff(server, 'COORDINATOR', village.id);
  villageVolunteer = await signInAs(server, await registerPerson(server, village.id, '三乡村志愿者'));
  officeOfficer = await createStaff(server, 'CORRECTION_OFFICER', correctionOffice.id);
  outsider = await createStaff(server, 'COORDINATOR', lingyuan.id);
  townGrid = (await createGrid(server.admin, town.id, '东石镇', 'TOWN')).id;
  villageGrid = (await createGrid(server.admin, village.id, '三乡村', 'VILLAGE', townGrid)).id;
  grid1 = (await createGrid(server.admin, village.id, '网格1', 'GRID', villageGrid)).id;
  grid2 = (await createGrid(server.admin, village.id, '网格2', 'GRID', villageGrid)).id;
  subGrid = (await createGrid(server.admin, village.id, '1-1', 'SUB_GRID', grid1)).id;
  lingyuanGrid = (await createGrid(server.admin, lingyuan.id, '灵源网格', 'GRID')).id;
});
afterAll(async () => { await server?.stop(); });

describe('createShift', () => {
  it('creates a checkpoint shift with a six-digit check-in code and a SHIFT_CREATED event in the same transaction', async () => {
    const team = await createTeam(server, village, 'GRID_SERVICE', '三乡村网格服务队');
    const input = shiftInput(grid1, {
      title: '  三乡村卡口早班  ', location: '三乡村路口', requiredSkills: [' First Aid ', 'first_aid', 'Dialect'],
      requiresPartyMember: true, eligibleTeamIds: [team.id],
    });
    const { createShift: shift } = await villageCoordinator.ok(CreateShiftDocument, { input });
    expect(shift).toMatchObject({
      title: '三乡村卡口早班', duty: 'CHECKPOINT', location: '三乡村路口', capacity: 3, filled: 0, status: 'OPEN',
      requiredSkills: ['dialect', 'first-aid'], requiresPartyMember: true, cancelReason: null,
      grid: { id: grid1, name: '网格1' }, eligibleTeams: [{ id: team.id, name: '三乡村网格服务队' }],
      startsAt: input.startsAt, endsAt: input.endsAt,
    });
    expect(shift.checkInCode).toMatch(/^\d{6}$/);
    const [stored] = await server.sql`select check_in_code, created_by from shifts where id = ${dbId(shift.id)}`;
    expect(stored.check_in_code).toBe(shift.checkInCode);
    const events = await server.sql`select kind, assignment_id, txid::text as txid,
      (select xmin::text from shifts where id = ${dbId(shift.id)}) as shift_xmin
      from roster_events where shift_id = ${dbId(shift.id)}`;
    expect(events.map((e) => e.kind)).toEqual(['SHIFT_CREATED']);
    // Written by the same transaction as the shift row itself.
    expect(String(BigInt(events[0].txid) & 0xffffffffn)).toBe(events[0].shift_xmin);
    const eligible = await server.sql`select team_id from shift_eligible_teams where shift_id = ${dbId(shift.id)}`;
    expect(eligible.map((r) => r.team_id)).toEqual([dbId(team.id)]);
  });

  it('rejects each invalid field with BAD_USER_INPUT naming it, leaving no shift, event or team link behind', async () => {
    const starts = shanghaiTime('2030-05-01', '08:00');
    const cases: [Parameters<typeof shiftInput>[1], string][] = [
      [{ title: '   ' }, 'input.title'],
      [{ title: '卡'.repeat(101) }, 'input.title'],
      [{ startsAt: starts, endsAt: starts }, 'input.endsAt'],
      [{ startsAt: starts, endsAt: shanghaiTime('2030-05-01', '07:00') }, 'input.endsAt'],
      [{ startsAt: starts, endsAt: new Date(new Date(starts).getTime() + 24 * 3600_000 + 60_000).toISOString() }, 'input.endsAt'],
      [{ capacity: 0 }, 'input.capacity'],
      [{ capacity: 1001 }, 'input.capacity'],
      [{ location: '路'.repeat(201) }, 'input.location'],
      [{ requiredSkills: ['  '] }, 'input.requiredSkills'],
    ];
    const before = await shiftTableCounts(server);
    for (const [overrides, field] of cases) {
      const result = await villageCoordinator.request(CreateShiftDocument, { input: shiftInput(grid1, overrides) });
      expect(errorsOf(result), field).toEqual([['BAD_USER_INPUT', field]]);
    }
    expect(await shiftTableCounts(server)).toEqual(before);
  });

  it('accepts a shift of exactly 24 hours', async () => {
    const starts = shanghaiTime('2030-05-02', '00:00');
    const shift = await createShift(villageCoordinator, grid1, { startsAt: starts, endsAt: shanghaiTime('2030-05-03', '00:00') });
    expect(shift.endsAt).toBe(new Date('2030-05-02T16:00:00Z').toISOString());
  });

  it('answers NOT_FOUND for a grid or an eligible team the caller cannot see, and FORBIDDEN for a volunteer who sees but does not manage the grid', async () => {
    const correctionTeam = await createTeam(server, correctionOffice, 'COMMUNITY_CORRECTION', '矫正志愿队', officeOfficer);
    const before = await shiftTableCounts(server);
    expect(await outsider.codes(CreateShiftDocument, { input: shiftInput(grid1) })).toEqual(['NOT_FOUND']);
    expect(await villageCoordinator.codes(CreateShiftDocument, { input: shiftInput(lingyuanGrid) })).toEqual(['NOT_FOUND']);
    expect(await villageCoordinator.codes(CreateShiftDocument, { input: shiftInput(grid1, { eligibleTeamIds: [correctionTeam.id] }) })).toEqual(['NOT_FOUND']);
    expect(await villageVolunteer.codes(CreateShiftDocument, { input: shiftInput(grid1) })).toEqual(['FORBIDDEN']);
    expect(await server.anonymous.codes(CreateShiftDocument, { input: shiftInput(grid1) })).toEqual(['UNAUTHENTICATED']);
    expect(await shiftTableCounts(server)).toEqual(before);
  });

  it('creates a second shift with the same grid, title and start: two sampling booths side by side', async () => {
    const input = shiftInput(grid2, { title: '核酸采样点', duty: 'NUCLEIC_ACID_SAMPLING', location: '一号棚' });
    const { createShift: first } = await villageCoordinator.ok(CreateShiftDocument, { input });
    const before = await shiftTableCounts(server);
    const { createShift: second } = await townCoordinator.ok(CreateShiftDocument, { input: { ...input, location: '二号棚', capacity: 10 } });
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ title: '核酸采样点', location: '二号棚', capacity: 10, startsAt: first.startsAt });
    expect(await shiftTableCounts(server)).toEqual({ ...before, shifts: before.shifts + 1, events: before.events + 1 });
  });

  it("lets a correction team restrict only its office's own posts, where nobody outside the office sees either", async () => {
    const correctionTeam = await createTeam(server, correctionOffice, 'COMMUNITY_CORRECTION', '夜间卡口矫正队', officeOfficer);
    const partyBranch = await createTeam(server, village, 'PARTY_BRANCH', '三乡村党支部');
    // On a village's grid a shift reserved for a team its staff cannot see would refuse everyone for a reason they are not shown.
    const before = await shiftTableCounts(server);
    const refused = await server.admin.request(CreateShiftDocument, { input: shiftInput(grid1, { eligibleTeamIds: [correctionTeam.id, partyBranch.id] }) });
    expect(refused.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'input.eligibleTeamIds']]);
    expect(await shiftTableCounts(server)).toEqual(before);
    const post = (await createGrid(officeOfficer, correctionOffice.id, '公益劳动点', 'GRID')).id;
    const shift = await createShift(officeOfficer, post, { eligibleTeamIds: [correctionTeam.id] });
    const teamsSeenBy = async (client: GraphQLTestClient) => {
      const { node } = await client.request(ShiftDocument, { id: shift.id }).then((r) => ({ node: r.data?.node ?? null }));
      return node && 'eligibleTeams' in node ? node.eligibleTeams.map((t) => t.name) : null;
    };
    expect(await teamsSeenBy(officeOfficer)).toEqual(['夜间卡口矫正队']);
    expect(await teamsSeenBy(villageCoordinator)).toBeNull();
    expect(await teamsSeenBy(townCoordinator)).toBeNull();
  });
});

describe('createShiftRotation', () => {
  const rotation = (overrides: Partial<ShiftRotationInput> = {}): ShiftRotationInput => ({
    template: shiftInput(villageGrid, { title: '三乡村卡口 24小时', capacity: 4 }),
    startDate: '2030-04-01', days: 14, shiftsPerDay: 4, ...overrides,
  });

  it('covers 14 days with 4 back-to-back six-hour shifts a day (56 shifts) on Asia/Shanghai boundaries', async () => {
    const before = await shiftTableCounts(server);
    const { createShiftRotation: shifts } = await villageCoordinator.ok(CreateShiftRotationDocument, { input: rotation() });
    expect(shifts).toHaveLength(56);
    expect(shifts[0].startsAt).toBe(shanghaiTime('2030-04-01', '00:00'));
    expect(shifts.at(-1)!.endsAt).toBe(shanghaiTime('2030-04-15', '00:00'));
    for (let i = 0; i < shifts.length; i++) {
      expect(new Date(shifts[i].endsAt).getTime() - new Date(shifts[i].startsAt).getTime()).toBe(6 * 3600_000);
      if (i > 0) expect(shifts[i].startsAt).toBe(shifts[i - 1].endsAt);
    }
    const day3 = shifts.slice(8, 12).map((s) => s.startsAt);
    expect(day3).toEqual(['00:00', '06:00', '12:00', '18:00'].map((t) => shanghaiTime('2030-04-03', t)));
    expect(new Set(shifts.map((s) => s.title))).toEqual(new Set(['三乡村卡口 24小时']));
    const after = await shiftTableCounts(server);
    expect(after.shifts - before.shifts).toBe(56);
    expect(after.events - before.events).toBe(56);
  });

  it('starts each day at dayStartsAt, the last shift running past midnight into the next day', async () => {
    const { createShiftRotation: shifts } = await villageCoordinator.ok(CreateShiftRotationDocument, {
      input: rotation({ template: shiftInput(grid2, { title: '东石卡口' }), startDate: '2030-04-01', days: 2, dayStartsAt: '08:00' }),
    });
    expect(shifts.map((s) => [s.startsAt, s.endsAt])).toEqual([
      [shanghaiTime('2030-04-01', '08:00'), shanghaiTime('2030-04-01', '14:00')],
      [shanghaiTime('2030-04-01', '14:00'), shanghaiTime('2030-04-01', '20:00')],
      [shanghaiTime('2030-04-01', '20:00'), shanghaiTime('2030-04-02', '02:00')],
      [shanghaiTime('2030-04-02', '02:00'), shanghaiTime('2030-04-02', '08:00')],
      [shanghaiTime('2030-04-02', '08:00'), shanghaiTime('2030-04-02', '14:00')],
      [shanghaiTime('2030-04-02', '14:00'), shanghaiTime('2030-04-02', '20:00')],
      [shanghaiTime('2030-04-02', '20:00'), shanghaiTime('2030-04-03', '02:00')],
      [shanghaiTime('2030-04-03', '02:00'), shanghaiTime('2030-04-03', '08:00')],
    ]);
  });

  it('creates nothing when run again and returns the same shifts', async () => {
    const input = rotation({ template: shiftInput(grid1, { title: '海尾村卡口' }), days: 3, shiftsPerDay: 3 });
    const { createShiftRotation: first } = await villageCoordinator.ok(CreateShiftRotationDocument, { input });
    const before = await shiftTableCounts(server);
    const { createShiftRotation: again } = await townCoordinator.ok(CreateShiftRotationDocument, { input });
    expect(again.map((s) => s.id)).toEqual(first.map((s) => s.id));
    expect(await shiftTableCounts(server)).toEqual(before);
    // A longer run of the same rotation adds only the new days.
    const { createShiftRotation: longer } = await villageCoordinator.ok(CreateShiftRotationDocument, { input: { ...input, days: 4 } });
    expect(longer.slice(0, 9).map((s) => s.id)).toEqual(first.map((s) => s.id));
    const after = await shiftTableCounts(server);
    expect([after.shifts - before.shifts, after.events - before.events]).toEqual([3, 3]);
  });

  it('rejects shiftsPerDay that does not divide 24, and bad days or dayStartsAt, writing nothing', async () => {
    const before = await shiftTableCounts(server);
    const cases: [Partial<ShiftRotationInput>, string][] = [
      [{ shiftsPerDay: 5 }, 'input.shiftsPerDay'],
      [{ shiftsPerDay: 0 }, 'input.shiftsPerDay'],
      [{ shiftsPerDay: 24 }, 'input.shiftsPerDay'],
      [{ days: 0 }, 'input.days'],
      [{ days: 63 }, 'input.days'],
      [{ dayStartsAt: '24:00' }, 'input.dayStartsAt'],
      [{ dayStartsAt: '8:00' }, 'input.dayStartsAt'],
      [{ template: shiftInput(grid1, { capacity: 0 }) }, 'input.template.capacity'],
    ];
    for (const [overrides, field] of cases) {
      const result = await villageCoordinator.request(CreateShiftRotationDocument, { input: rotation({ ...overrides, startDate: '2030-06-01' }) });
      expect(errorsOf(result), field).toEqual([['BAD_USER_INPUT', field]]);
    }
    expect(await outsider.codes(CreateShiftRotationDocument, { input: rotation({ startDate: '2030-06-01' }) })).toEqual(['NOT_FOUND']);
    expect(await shiftTableCounts(server)).toEqual(before);
  });
});

describe('shifts(filter)', () => {
  /** A fresh little tree so counts are exact: 安海镇 → 村 → 网格A (→ A-1), 网格B. */
  let root: string, gridA: string, subA: string, gridB: string;
  const titlesOf = (data: { shifts: { edges: { node: { title: string } }[] } }) => data.shifts.edges.map((e) => e.node.title);

  beforeAll(async () => {
    root = (await createGrid(server.admin, village.id, '安海片区', 'VILLAGE')).id;
    gridA = (await createGrid(server.admin, village.id, '网格A', 'GRID', root)).id;
    subA = (await createGrid(server.admin, village.id, 'A-1', 'SUB_GRID', gridA)).id;
    gridB = (await createGrid(server.admin, village.id, '网格B', 'GRID', root)).id;
    const at = (date: string, time: string) => ({ startsAt: shanghaiTime(date, time), endsAt: new Date(new Date(shanghaiTime(date, time)).getTime() + 3600_000).toISOString() });
    await createShift(villageCoordinator, root, { title: 'R 片区巡逻', duty: 'PATROL', ...at('2030-07-01', '09:00') });
    await createShift(villageCoordinator, gridA, { title: 'A 采样 深夜', duty: 'NUCLEIC_ACID_SAMPLING', ...at('2030-07-01', '23:30') });
    await createShift(villageCoordinator, subA, { title: 'A-1 配送 零点', duty: 'SUPPLY_DELIVERY', ...at('2030-07-02', '00:00') });
    await createShift(villageCoordinator, gridB, { title: 'B 采样 前一天', duty: 'NUCLEIC_ACID_SAMPLING', ...at('2030-06-30', '23:59') });
    const full = await createShift(villageCoordinator, gridB, { title: 'B 满员', duty: 'PATROL', capacity: 1, ...at('2030-07-03', '08:00') });
    await assignThrough(villageCoordinator, full.id, await registerPerson(server, village.id, '满员志愿者'), 'ASSIGNED');
    const cancelled = await createShift(villageCoordinator, gridB, { title: 'B 已取消', duty: 'PATROL', ...at('2030-07-03', '10:00') });
    await villageCoordinator.ok(CancelShiftDocument, { id: cancelled.id, reason: '转为防范区' });
  });

  it('returns the shifts of a grid and every grid below it, ordered by start', async () => {
    expect(titlesOf(await villageCoordinator.ok(ShiftsDocument, { filter: { gridId: gridA } }))).toEqual(['A 采样 深夜', 'A-1 配送 零点']);
    const all = await villageCoordinator.ok(ShiftsDocument, { filter: { gridId: root } });
    expect(titlesOf(all)).toEqual(['B 采样 前一天', 'R 片区巡逻', 'A 采样 深夜', 'A-1 配送 零点', 'B 满员', 'B 已取消']);
    expect(all.shifts.totalCount).toBe(6);
    expect(titlesOf(await villageCoordinator.ok(ShiftsDocument, { filter: { gridId: subA } }))).toEqual(['A-1 配送 零点']);
  });

  it('takes range as Asia/Shanghai calendar days, by start time', async () => {
    const day = await villageCoordinator.ok(ShiftsDocument, { filter: { gridId: root, range: { from: '2030-07-01', to: '2030-07-01' } } });
    expect(titlesOf(day)).toEqual(['R 片区巡逻', 'A 采样 深夜']);
    expect(day.shifts.totalCount).toBe(2);
    expect(titlesOf(await villageCoordinator.ok(ShiftsDocument, { filter: { gridId: root, range: { from: '2030-07-02' } } })))
      .toEqual(['A-1 配送 零点', 'B 满员', 'B 已取消']);
    expect(titlesOf(await villageCoordinator.ok(ShiftsDocument, { filter: { gridId: root, range: { to: '2030-06-30' } } })))
      .toEqual(['B 采样 前一天']);
    const backwards = await villageCoordinator.request(ShiftsDocument, { filter: { gridId: root, range: { from: '2030-07-02', to: '2030-07-01' } } });
    expect(errorsOf(backwards)).toEqual([['BAD_USER_INPUT', 'filter.range']]);
  });

  it('filters by duty and by open seats (not full, not cancelled)', async () => {
    expect(titlesOf(await villageCoordinator.ok(ShiftsDocument, { filter: { gridId: root, duty: 'NUCLEIC_ACID_SAMPLING' } })))
      .toEqual(['B 采样 前一天', 'A 采样 深夜']);
    const open = await villageCoordinator.ok(ShiftsDocument, { filter: { gridId: root, openSeatsOnly: true } });
    expect(titlesOf(open)).toEqual(['B 采样 前一天', 'R 片区巡逻', 'A 采样 深夜', 'A-1 配送 零点']);
    expect(open.shifts.totalCount).toBe(4);
    expect(titlesOf(await villageCoordinator.ok(ShiftsDocument, { filter: { gridId: gridB, duty: 'PATROL', openSeatsOnly: true } }))).toEqual([]);
  });

  it('pages with opaque cursors: no overlap, no gaps, the same totalCount on every page', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const data: ShiftsQuery = await villageCoordinator.ok(ShiftsDocument, { filter: { gridId: root }, first: 2, after });
      expect(data.shifts.totalCount).toBe(6);
      expect(data.shifts.edges).toHaveLength(2);
      expect(data.shifts.pageInfo.hasNextPage).toBe(page < 2);
      seen.push(...titlesOf(data));
      after = data.shifts.pageInfo.endCursor;
    }
    expect(seen).toEqual(['B 采样 前一天', 'R 片区巡逻', 'A 采样 深夜', 'A-1 配送 零点', 'B 满员', 'B 已取消']);
    const end = await villageCoordinator.ok(ShiftsDocument, { filter: { gridId: root }, first: 2, after });
    expect(end.shifts).toMatchObject({ edges: [], totalCount: 6, pageInfo: { hasNextPage: false, endCursor: null } });
    expect(errorsOf(await villageCoordinator.request(ShiftsDocument, { filter: { gridId: root }, after: 'not-a-cursor' }))).toEqual([['BAD_USER_INPUT', 'after']]);
    expect(errorsOf(await villageCoordinator.request(ShiftsDocument, { filter: { gridId: root }, first: 1001 }))).toEqual([['BAD_USER_INPUT', 'first']]);
  });

  it('answers Grid.shifts for a grid and each of its children in a constant number of statements', async () => {
    server.queries.length = 0;
    const grid = asGrid(await villageCoordinator.ok(GridShiftsDocument, { id: root, first: 10 }));
    expect(grid.shifts.totalCount).toBe(6);
    expect(grid.children.map((c) => [c.id, c.shifts.totalCount, c.shifts.edges.map((e) => e.node.title)])).toEqual([
      [gridA, 2, ['A 采样 深夜', 'A-1 配送 零点']],
      [gridB, 3, ['B 采样 前一天', 'B 满员', 'B 已取消']],
    ]);
    const shiftStatements = server.queries.filter((q) => q.includes('rank_after'));
    expect(shiftStatements.length).toBeLessThanOrEqual(2);
    const ranged = asGrid(await villageCoordinator.ok(GridShiftsDocument, { id: root, range: { from: '2030-07-03', to: '2030-07-03' } }));
    expect(ranged.shifts.totalCount).toBe(2);
  });

  it('answers NOT_FOUND for a grid filter the viewer cannot see', async () => {
    expect(await outsider.codes(ShiftsDocument, { filter: { gridId: root } })).toEqual(['NOT_FOUND']);
    const { shifts } = await outsider.ok(ShiftsDocument, { filter: { duty: 'PATROL' } });
    expect(shifts.totalCount).toBe(0);
  });
});

describe('cancelShift', () => {
  it('cancels open assignments, keeps COMPLETED and NO_SHOW, frees the seats and logs every change in one transaction', async () => {
    // A shift under way, so every status can be reached through the assignments API.
    const now = Date.now();
    const shift = await createShift(villageCoordinator, grid2, {
      title: '梅岭配送', duty: 'SUPPLY_DELIVERY', capacity: 4,
      startsAt: new Date(now - 3600_000).toISOString(), endsAt: new Date(now + 3 * 3600_000).toISOString(),
    });
    const people = await Promise.all(['甲', '乙', '丙', '丁', '戊', '己'].map((n) => registerPerson(server, village.id, `志愿者${n}`)));
    const assigned = await assignThrough(villageCoordinator, shift.id, people[0], 'ASSIGNED');
    const checkedIn = await assignThrough(villageCoordinator, shift.id, people[1], 'CHECKED_IN');
    const completed = await assignThrough(villageCoordinator, shift.id, people[2], 'COMPLETED');
    const noShow = await assignThrough(villageCoordinator, shift.id, people[3], 'NO_SHOW');
    const lastSeat = await assignThrough(villageCoordinator, shift.id, people[4], 'ASSIGNED');
    const waitlisted = await assignThrough(villageCoordinator, shift.id, people[5], 'WAITLISTED');
    const earlierCancel = await insertAssignment(server, shift.id, (await registerPerson(server, village.id, '志愿者庚')).dbId, 'CANCELLED');
    const [{ max: lastEventBefore }] = await server.sql`select max(id)::int as max from roster_events`;

    const { cancelShift: cancelled } = await villageCoordinator.ok(CancelShiftDocument, { id: shift.id, reason: '  洋埭村转为防范区  ' });
    // The COMPLETED seat stays counted: filled is every ASSIGNED, CHECKED_IN or COMPLETED seat.
    expect(cancelled).toMatchObject({ status: 'CANCELLED', cancelReason: '洋埭村转为防范区', filled: 1 });

    const rows = await server.sql`select id, status, cancel_reason, cancelled_at from assignments where shift_id = ${dbId(shift.id)} order by id`;
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const a of [assigned, checkedIn, lastSeat, waitlisted]) {
      expect(byId.get(a.dbId)).toMatchObject({ status: 'CANCELLED', cancel_reason: '洋埭村转为防范区' });
      expect(byId.get(a.dbId)!.cancelled_at).not.toBeNull();
    }
    expect(byId.get(completed.dbId)).toMatchObject({ status: 'COMPLETED', cancelled_at: null });
    expect(byId.get(noShow.dbId)).toMatchObject({ status: 'NO_SHOW', cancelled_at: null });
    expect(byId.get(earlierCancel.dbId)).toMatchObject({ status: 'CANCELLED', cancel_reason: null });
    const [stored] = await server.sql`select filled, party_seated, status, cancel_reason from shifts where id = ${dbId(shift.id)}`;
    expect(stored).toMatchObject({ filled: 1, party_seated: 0, status: 'CANCELLED', cancel_reason: '洋埭村转为防范区' });

    const events = await server.sql`select kind, assignment_id, txid::text as txid from roster_events
      where shift_id = ${dbId(shift.id)} and id > ${lastEventBefore} order by txid, id`;
    expect(events.map((e) => [e.kind, e.assignment_id])).toEqual([
      ...[assigned, checkedIn, lastSeat, waitlisted].map((a) => a.dbId).sort((x, y) => x - y).map((id) => ['CANCELLED', id]),
      ['SHIFT_CANCELLED', null],
    ]);
    expect(new Set(events.map((e) => e.txid)).size).toBe(1);
  });

  it('refuses to cancel twice with CONFLICT, and refuses non-managers, changing nothing', async () => {
    const shift = await createShift(villageCoordinator, grid2, { title: '重复取消', startsAt: shanghaiTime('2030-08-02', '08:00'), endsAt: shanghaiTime('2030-08-02', '10:00') });
    const before = await shiftTableCounts(server);
    expect(await outsider.codes(CancelShiftDocument, { id: shift.id })).toEqual(['NOT_FOUND']);
    expect(await villageVolunteer.codes(CancelShiftDocument, { id: shift.id })).toEqual(['FORBIDDEN']);
    expect(await shiftTableCounts(server)).toEqual(before);
    const [{ status }] = await server.sql`select status from shifts where id = ${dbId(shift.id)}`;
    expect(status).toBe('OPEN');
    await townCoordinator.ok(CancelShiftDocument, { id: shift.id });
    const afterFirst = await shiftTableCounts(server);
    expect(await villageCoordinator.codes(CancelShiftDocument, { id: shift.id, reason: '再来一次' })).toEqual(['CONFLICT']);
    expect(await shiftTableCounts(server)).toEqual(afterFirst);
    const [stored] = await server.sql`select cancel_reason from shifts where id = ${dbId(shift.id)}`;
    expect(stored.cancel_reason).toBeNull();
  });
});

describe('who sees a shift', () => {
  let shiftId: string;
  const codeSeenBy = async (client: GraphQLTestClient) => {
    const { data, errors } = await client.request(ShiftCheckInCodeDocument, { id: shiftId });
    if (errors?.length) return errors.map((e) => e.extensions?.code).join();
    return data?.node && 'checkInCode' in data.node ? data.node.checkInCode : 'unexpected';
  };

  beforeAll(async () => {
    shiftId = (await createShift(villageCoordinator, subGrid, { title: '楼栋值守', startsAt: shanghaiTime('2030-09-01', '08:00'), endsAt: shanghaiTime('2030-09-01', '12:00') })).id;
  });

  it('shows the check-in code to the grid\'s org admins and coordinators (and platform admins) only', async () => {
    const [{ check_in_code: code }] = await server.sql`select check_in_code from shifts where id = ${dbId(shiftId)}`;
    const villageAdmin = await createStaff(server, 'ORG_ADMIN', village.id);
    expect(await codeSeenBy(villageCoordinator)).toBe(code);
    expect(await codeSeenBy(townCoordinator)).toBe(code);
    expect(await codeSeenBy(villageAdmin)).toBe(code);
    expect(await codeSeenBy(server.admin)).toBe(code);
    expect(await codeSeenBy(villageVolunteer)).toBeNull();
    expect(await codeSeenBy(officeOfficer)).toBe('NOT_FOUND');
    expect(await codeSeenBy(outsider)).toBe('NOT_FOUND');
  });

  it('hides a grid\'s shifts from staff of another organization until their team is deployed there', async () => {
    const workingGroup = await createTeam(server, lingyuan, 'WORKING_GROUP', '灵源驰援工作组');
    const titles = async () => (await outsider.ok(ShiftsDocument, { filter: {} })).shifts.edges.map((e) => e.node.id);
    expect(await titles()).not.toContain(shiftId);
    expect(await outsider.codes(ShiftDocument, { id: shiftId })).toEqual(['NOT_FOUND']);
    expect(await outsider.codes(ShiftsDocument, { filter: { gridId: grid1 } })).toEqual(['NOT_FOUND']);

    // Deployed to 网格1, the group's staff see its shifts and those of the grids below it, but do not manage them.
    await server.admin.ok(DeployTeamDocument, { teamId: workingGroup.id, gridId: grid1, startsOn: shanghaiDay(0), endsOn: shanghaiDay(20) });
    expect(await titles()).toContain(shiftId);
    const { shifts } = await outsider.ok(ShiftsDocument, { filter: { gridId: grid1 } });
    expect(shifts.edges.map((e) => e.node.grid.id)).toContain(subGrid);
    expect(shifts.edges.every((e) => [grid1, subGrid].includes(e.node.grid.id))).toBe(true);
    expect(await codeSeenBy(outsider)).toBeNull();
    expect(await outsider.codes(CancelShiftDocument, { id: shiftId })).toEqual(['FORBIDDEN']);
    // Not the sibling grid.
    expect(await outsider.codes(ShiftsDocument, { filter: { gridId: grid2 } })).toEqual(['NOT_FOUND']);
  });

  it('answers node(Shift) with NOT_FOUND for a shift id the viewer may not see, exactly like a missing one', async () => {
    const stranger = await createStaff(server, 'COORDINATOR', correctionOffice.id);
    expect(await stranger.codes(ShiftDocument, { id: shiftId })).toEqual(['NOT_FOUND']);
    expect(await stranger.codes(ShiftDocument, { id: Buffer.from('Shift:999999').toString('base64url') })).toEqual(['NOT_FOUND']);
  });
});
