import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AssignVolunteerDocument, CancelShiftDocument, CreateShiftDocument, CreateShiftRotationDocument, GridShiftTitlesDocument, ShiftAttendanceDocument,
  RosterEventLogDocument, ShiftListDocument, SignUpForShiftDocument, type ShiftFilter, type ShiftInput, type ShiftRotationInput,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { createGrid, dbId } from '../../support/factories/grids';
import { createVolunteers, type VolunteerHandle } from '../../support/factories/assignments';
import { shanghaiTime, shiftInput, shiftTableCounts } from '../../support/factories/shifts';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let village: OrgHandle;
let coordinator: GraphQLTestClient;
let outsider: GraphQLTestClient;
let villageGrid: string, grid1: string, grid2: string, subGrid: string, otherGrid: string;
let people: VolunteerHandle[];

const HOUR = 3600_000;
const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();
const errorsOf = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  (result.errors ?? []).map((e) => [e.extensions?.code, e.extensions?.field ?? null]);

beforeAll(async () => {
  server = await startTestServer();
  const town = await createOrg(server, 'GOVERNMENT', '东石镇');
  village = await createOrg(server, 'COMMUNITY', '三乡村', town.id);
  const elsewhere = await createOrg(server, 'GOVERNMENT', '灵源街道');
  coordinator = await createStaff(server, 'COORDINATOR', village.id);
  outsider = await createStaff(server, 'COORDINATOR', elsewhere.id);
  villageGrid = (await createGrid(server.admin, village.id, '三乡村', 'VILLAGE')).id;
  grid1 = (await createGrid(server.admin, village.id, '网格1', 'GRID', villageGrid)).id;
  grid2 = (await createGrid(server.admin, village.id, '网格2', 'GRID', villageGrid)).id;
  subGrid = (await createGrid(server.admin, village.id, '1-1', 'SUB_GRID', grid1)).id;
  otherGrid = (await createGrid(server.admin, elsewhere.id, '灵源网格', 'GRID')).id;
  people = await createVolunteers(server, 4, { organizationId: dbId(village.id) });
});
afterAll(async () => { await server?.stop(); });

async function expectRejected(client: GraphQLTestClient, input: ShiftInput, expected: [string, string | null]) {
  const before = await shiftTableCounts(server);
  const result = await client.request(CreateShiftDocument, { input });
  expect(errorsOf(result)).toEqual([expected]);
  expect(await shiftTableCounts(server)).toEqual(before);
}

describe('createShift validation edges', () => {
  const start = shanghaiTime('2031-03-01', '08:00');

  it('rejects endsAt equal to startsAt, leaving nothing behind', async () => {
    await expectRejected(coordinator, shiftInput(grid1, { startsAt: start, endsAt: start }), ['BAD_USER_INPUT', 'input.endsAt']);
  });

  it('accepts exactly 24 hours and rejects 24 hours and one second', async () => {
    await expectRejected(coordinator, shiftInput(grid1, { title: 'long', startsAt: start, endsAt: plus(start, 24 * HOUR + 1000) }), ['BAD_USER_INPUT', 'input.endsAt']);
    const { createShift } = await coordinator.ok(CreateShiftDocument, { input: shiftInput(grid1, { title: 'day', startsAt: start, endsAt: plus(start, 24 * HOUR) }) });
    expect(createShift.endsAt).toBe(plus(start, 24 * HOUR));
  });

  it('accepts capacity 1 and 1,000 and rejects 0 and 1,001 on input.capacity', async () => {
    await expectRejected(coordinator, shiftInput(grid1, { capacity: 0 }), ['BAD_USER_INPUT', 'input.capacity']);
    await expectRejected(coordinator, shiftInput(grid1, { capacity: 1001 }), ['BAD_USER_INPUT', 'input.capacity']);
    await expectRejected(coordinator, shiftInput(grid1, { capacity: -5 }), ['BAD_USER_INPUT', 'input.capacity']);
    for (const capacity of [1, 1000]) {
      const { createShift } = await coordinator.ok(CreateShiftDocument, { input: shiftInput(grid1, { capacity }) });
      expect(createShift.capacity).toBe(capacity);
    }
  });

  it('answers NOT_FOUND for a grid the caller cannot see, exactly like a missing grid, leaving nothing behind', async () => {
    await expectRejected(coordinator, shiftInput(otherGrid), ['NOT_FOUND', null]);
    await expectRejected(outsider, shiftInput(grid1), ['NOT_FOUND', null]);
    const missing = Buffer.from('Grid:987654').toString('base64url');
    await expectRejected(coordinator, shiftInput(missing), ['NOT_FOUND', null]);
  });

  it('rejects a malformed time without writing anything', async () => {
    const before = await shiftTableCounts(server);
    const result = await coordinator.request(CreateShiftDocument, { input: { ...shiftInput(grid1), startsAt: '2031-13-01T00:00:00Z' } });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await shiftTableCounts(server)).toEqual(before);
  });
});

describe('createShiftRotation edges', () => {
  const rotation = (grid: string, title: string, overrides: Partial<ShiftRotationInput> = {}): ShiftRotationInput => ({
    template: shiftInput(grid, { title, capacity: 2 }), startDate: '2031-04-01', days: 1, shiftsPerDay: 4, ...overrides,
  });

  it('makes one 24-hour shift a day with shiftsPerDay 1', async () => {
    const { createShiftRotation: shifts } = await coordinator.ok(CreateShiftRotationDocument, { input: rotation(grid2, '一班制', { days: 3, shiftsPerDay: 1 }) });
    expect(shifts.map((s) => [s.startsAt, s.endsAt])).toEqual([
      [shanghaiTime('2031-04-01'), shanghaiTime('2031-04-02')],
      [shanghaiTime('2031-04-02'), shanghaiTime('2031-04-03')],
      [shanghaiTime('2031-04-03'), shanghaiTime('2031-04-04')],
    ]);
  });

  it('makes twelve two-hour shifts back to back from 23:59 Asia/Shanghai with shiftsPerDay 12', async () => {
    const { createShiftRotation: shifts } = await coordinator.ok(CreateShiftRotationDocument, {
      input: rotation(grid2, '十二班', { shiftsPerDay: 12, dayStartsAt: '23:59' }),
    });
    expect(shifts).toHaveLength(12);
    expect(shifts[0].startsAt).toBe(shanghaiTime('2031-04-01', '23:59'));
    expect(shifts.at(-1)!.endsAt).toBe(shanghaiTime('2031-04-02', '23:59'));
    for (let i = 0; i < shifts.length; i++) {
      expect(new Date(shifts[i].endsAt).getTime() - new Date(shifts[i].startsAt).getTime()).toBe(2 * HOUR);
      if (i > 0) expect(shifts[i].startsAt).toBe(shifts[i - 1].endsAt);
    }
  });

  it('runs across midnight and past the last day when the day starts late', async () => {
    const { createShiftRotation: shifts } = await coordinator.ok(CreateShiftRotationDocument, {
      input: rotation(grid2, '夜班轮换', { days: 2, shiftsPerDay: 3, dayStartsAt: '22:00' }),
    });
    expect(shifts.map((s) => [s.startsAt, s.endsAt])).toEqual([
      [shanghaiTime('2031-04-01', '22:00'), shanghaiTime('2031-04-02', '06:00')],
      [shanghaiTime('2031-04-02', '06:00'), shanghaiTime('2031-04-02', '14:00')],
      [shanghaiTime('2031-04-02', '14:00'), shanghaiTime('2031-04-02', '22:00')],
      [shanghaiTime('2031-04-02', '22:00'), shanghaiTime('2031-04-03', '06:00')],
      [shanghaiTime('2031-04-03', '06:00'), shanghaiTime('2031-04-03', '14:00')],
      [shanghaiTime('2031-04-03', '14:00'), shanghaiTime('2031-04-03', '22:00')],
    ]);
  });

  it('rejects shiftsPerDay 5, 13 and 0, days 0, and dayStartsAt 24:00 and 7:5, each leaving nothing behind', async () => {
    const cases: [Partial<ShiftRotationInput>, string][] = [
      [{ shiftsPerDay: 5 }, 'input.shiftsPerDay'],
      [{ shiftsPerDay: 13 }, 'input.shiftsPerDay'],
      [{ shiftsPerDay: 0 }, 'input.shiftsPerDay'],
      [{ days: 0 }, 'input.days'],
      [{ days: -1 }, 'input.days'],
      [{ dayStartsAt: '24:00' }, 'input.dayStartsAt'],
      [{ dayStartsAt: '7:5' }, 'input.dayStartsAt'],
      [{ dayStartsAt: '07:60' }, 'input.dayStartsAt'],
    ];
    const before = await shiftTableCounts(server);
    for (const [overrides, field] of cases) {
      const result = await coordinator.request(CreateShiftRotationDocument, { input: rotation(grid1, `bad ${field}`, { ...overrides, startDate: '2031-05-01' }) });
      expect(errorsOf(result), JSON.stringify(overrides)).toEqual([['BAD_USER_INPUT', field]]);
    }
    const badDate = await coordinator.request(CreateShiftRotationDocument, { input: rotation(grid1, 'bad date', { startDate: '2031-02-30' }) });
    expect(badDate.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await coordinator.codes(CreateShiftRotationDocument, { input: rotation(otherGrid, 'hidden') })).toEqual(['NOT_FOUND']);
    expect(await shiftTableCounts(server)).toEqual(before);
  });

  it('returns the same shifts on a rerun without new shifts or events, even with another template capacity', async () => {
    const input = rotation(grid1, '东石卡口 rerun', { days: 2 });
    const { createShiftRotation: first } = await coordinator.ok(CreateShiftRotationDocument, { input });
    const before = await shiftTableCounts(server);
    const { createShiftRotation: again } = await coordinator.ok(CreateShiftRotationDocument, { input });
    expect(again.map((s) => s.id)).toEqual(first.map((s) => s.id));
    expect(await shiftTableCounts(server)).toEqual(before);
    // A single createShift with the same grid, title and start is a second booth, not the rotation's
    // shift; the rotation still answers with its own shifts on a rerun.
    const { createShift: booth } = await coordinator.ok(CreateShiftDocument, { input: { ...input.template, startsAt: first[0].startsAt, endsAt: first[0].endsAt } });
    expect(first.map((s) => s.id)).not.toContain(booth.id);
    const { createShiftRotation: third } = await coordinator.ok(CreateShiftRotationDocument, { input });
    expect(third.map((s) => s.id)).toEqual(first.map((s) => s.id));
  });
});

describe('shifts(filter) and Grid.shifts reads', () => {
  let atMidnight: string, beforeMidnight: string, inSubGrid: string, full: string, cancelled: string;

  beforeAll(async () => {
    const make = async (grid: string, title: string, startsAt: string, capacity = 2) =>
      (await coordinator.ok(CreateShiftDocument, { input: shiftInput(grid, { title, startsAt, endsAt: plus(startsAt, HOUR), capacity, duty: 'PATROL' }) })).createShift.id;
    beforeMidnight = await make(grid2, '23:59 patrol', shanghaiTime('2031-06-01', '23:59'));
    atMidnight = await make(grid2, '00:00 patrol', shanghaiTime('2031-06-02', '00:00'));
    inSubGrid = await make(subGrid, 'sub-grid patrol', shanghaiTime('2031-06-02', '12:00'));
    full = await make(grid1, 'full patrol', shanghaiTime('2031-06-02', '13:00'), 1);
    await coordinator.ok(AssignVolunteerDocument, { shiftId: full, volunteerId: people[0].id });
    cancelled = await make(grid1, 'cancelled patrol', shanghaiTime('2031-06-02', '14:00'));
    await coordinator.ok(CancelShiftDocument, { id: cancelled, reason: '雨天' });
  });

  const titles = async (filter: ShiftFilter) => {
    const { shifts } = await coordinator.ok(ShiftListDocument, { filter: { duty: 'PATROL', ...filter }, first: 100 });
    expect(shifts.totalCount).toBe(shifts.edges.length);
    return shifts.edges.map((e) => e.node.title);
  };

  it('puts a shift starting at 00:00 Asia/Shanghai on that day and one at 23:59 on the day before', async () => {
    expect(await titles({ range: { from: '2031-06-01', to: '2031-06-01' } })).toEqual(['23:59 patrol']);
    expect(await titles({ range: { from: '2031-06-02', to: '2031-06-02' } })).toEqual(['00:00 patrol', 'sub-grid patrol', 'full patrol', 'cancelled patrol']);
    expect(await titles({ range: { to: '2031-06-01' }, gridId: grid2 })).toEqual(['23:59 patrol']);
    expect(await titles({ range: { from: '2031-06-02' }, gridId: grid2 })).toEqual(['00:00 patrol']);
  });

  it('covers the grid and every grid below it, and nothing beside it', async () => {
    expect(await titles({ gridId: grid1 })).toEqual(['sub-grid patrol', 'full patrol', 'cancelled patrol']);
    expect(await titles({ gridId: subGrid })).toEqual(['sub-grid patrol']);
    expect((await titles({ gridId: villageGrid })).sort()).toEqual(['00:00 patrol', '23:59 patrol', 'cancelled patrol', 'full patrol', 'sub-grid patrol'].sort());
    const { node } = await coordinator.ok(GridShiftTitlesDocument, { id: grid1, range: { from: '2031-06-02', to: '2031-06-02' } });
    expect(node && 'shifts' in node ? node.shifts.edges.map((e) => e.node.title) : null).toEqual(['sub-grid patrol', 'full patrol', 'cancelled patrol']);
  });

  it('leaves out full and cancelled shifts with openSeatsOnly', async () => {
    expect(await titles({ gridId: grid1, openSeatsOnly: true })).toEqual(['sub-grid patrol']);
    expect(await titles({ gridId: grid1, openSeatsOnly: false })).toHaveLength(3);
  });

  it('shows an outsider nothing of the village grids, and NOT_FOUND for a grid filter', async () => {
    const { shifts } = await outsider.ok(ShiftListDocument, { filter: { duty: 'PATROL' } });
    expect(shifts.totalCount).toBe(0);
    expect(await outsider.codes(ShiftListDocument, { filter: { gridId: grid1 } })).toEqual(['NOT_FOUND']);
    expect(await outsider.codes(ShiftAttendanceDocument, { id: atMidnight })).toEqual(['NOT_FOUND']);
    expect(inSubGrid && beforeMidnight).toBeTruthy();
  });
});

describe('cancelShift', () => {
  it('cancels seats and the waitlist with the reason, logs each then SHIFT_CANCELLED, and frees the people for overlapping seats', async () => {
    const startsAt = shanghaiTime('2031-07-01', '08:00');
    const { createShift: shift } = await coordinator.ok(CreateShiftDocument, { input: shiftInput(grid1, { title: 'cancel me', startsAt, endsAt: plus(startsAt, 4 * HOUR), capacity: 1 }) });
    const seat = (await people[1].client.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift;
    const wait = (await people[2].client.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift;
    expect([seat.status, wait.status]).toEqual(['ASSIGNED', 'WAITLISTED']);
    const { cancelShift } = await coordinator.ok(CancelShiftDocument, { id: shift.id, reason: '疫情解封' });
    expect(cancelShift).toMatchObject({ status: 'CANCELLED', cancelReason: '疫情解封', filled: 0 });
    const roster = await coordinator.ok(ShiftAttendanceDocument, { id: shift.id });
    expect(roster.node).toMatchObject({ filled: 0, waitlisted: 0, roster: [] });
    const stored = await server.sql`select status, cancel_reason from assignments where shift_id = ${dbId(shift.id)} order by id`;
    expect(stored.map((r) => [r.status, r.cancel_reason])).toEqual([['CANCELLED', '疫情解封'], ['CANCELLED', '疫情解封']]);
    const { rosterEvents } = await coordinator.ok(RosterEventLogDocument, { filter: { shiftId: shift.id } });
    expect(rosterEvents.map((e) => [e.kind, e.assignment?.id ?? null])).toEqual([
      ['SHIFT_CREATED', null], ['ASSIGNED', seat.id], ['WAITLISTED', wait.id], ['CANCELLED', seat.id], ['CANCELLED', wait.id], ['SHIFT_CANCELLED', null],
    ]);
    // Nobody can join a cancelled shift, and the freed person may take an overlapping one.
    expect(await people[3].client.codes(SignUpForShiftDocument, { shiftId: shift.id })).toEqual(['CONFLICT']);
    const { createShift: overlapping } = await coordinator.ok(CreateShiftDocument, { input: shiftInput(grid1, { title: 'stand-in', startsAt: plus(startsAt, HOUR), endsAt: plus(startsAt, 3 * HOUR) }) });
    expect((await people[1].client.ok(SignUpForShiftDocument, { shiftId: overlapping.id })).signUpForShift.status).toBe('ASSIGNED');
  });
});
