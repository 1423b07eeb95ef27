import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GrantGridRoleDocument, RecordHouseholdDocument, ServiceRequestNodeDocument } from '../../../client/generated/graphql';
import { createOrg, createStaff, STAFF_PASSWORD, type OrgHandle } from '../../support/factories';
import { createGrid, insertVolunteer, shanghaiDay, volunteerClient, VOLUNTEER_PASSWORD } from '../../support/factories/grids';
import { startTestServer, type TestServer } from '../../support/harness';
import { CliUser, type CliRun } from '../../support/cli';
import type { GraphQLTestClient } from '../../support/client';

/*
 * `gridroster requests …` run in this process against a real server: a grid worker importing a
 * day's orders from a sheet, a coordinator dispatching, a volunteer's run from the command line,
 * and another village's coordinator refused.
 */
let server: TestServer;
let work: string;
let village: OrgHandle;
let workerApi: GraphQLTestClient;
let workerCli: CliUser;
let coordinatorCli: CliUser;
let runner: { id: string; mobile: string; cli: CliUser };
let outsiderCli: CliUser;
let building: string;

const json = <T>(run: CliRun): T => JSON.parse(run.stdout) as T;
const requestsOf = async () => (await server.sql`select count(*)::int as n from service_requests r join households h on h.id = r.household_id
  join grids g on g.id = h.grid_id where g.organization_id = (select id from organizations where name = ${village.name})`)[0].n as number;

async function signedIn(mobile: string, password: string): Promise<CliUser> {
  const cli = await CliUser.create(server);
  await cli.login(mobile, password);
  return cli;
}

beforeAll(async () => {
  server = await startTestServer();
  work = await mkdtemp(join(tmpdir(), 'gridroster-orders-'));
  village = await createOrg(server, 'COMMUNITY', '南庄村委会');
  const coordinator = await createStaff(server, 'COORDINATOR', village.id);
  const grid = (await createGrid(coordinator, village.id, '南庄网格1', 'GRID')).id;
  building = (await createGrid(coordinator, village.id, '1号楼', 'BUILDING', grid)).id;
  await createGrid(coordinator, village.id, '2号楼', 'BUILDING', grid);
  const worker = await insertVolunteer(server, village.id, { name: '网格员郑' });
  workerApi = await volunteerClient(server, worker);
  await server.admin.ok(GrantGridRoleDocument, { gridId: grid, role: 'GRID_WORKER', volunteerId: worker.id });
  for (const address of ['101', '102', '201']) {
    await workerApi.ok(RecordHouseholdDocument, { input: { gridId: building, address, contactPhone: '13912345678', needs: ['ELDERLY'] } });
  }
  const v = await insertVolunteer(server, village.id, { name: '跑腿志愿者' });
  await volunteerClient(server, v);
  const outsider = await createStaff(server, 'COORDINATOR', (await createOrg(server, 'COMMUNITY', '外村')).id);
  [workerCli, coordinatorCli, outsiderCli] = await Promise.all([
    signedIn(worker.mobile, VOLUNTEER_PASSWORD), signedIn(coordinator.mobile, STAFF_PASSWORD), signedIn(outsider.mobile, STAFF_PASSWORD),
  ]);
  runner = { id: v.id, mobile: v.mobile, cli: await signedIn(v.mobile, VOLUNTEER_PASSWORD) };
});

afterAll(async () => {
  await server?.stop();
});

describe('gridroster requests import', () => {
  it('plans orders by the cut-off, reports the bad rows, and records nothing twice when run again', async () => {
    const yesterday = shanghaiDay(-1);
    const sheet = join(work, '订单.csv');
    await writeFile(sheet, [
      '楼栋,门牌,类型,物品,套餐,已付,时段,登记时间,备注',
      `1号楼,101,送货,米 5kg、油,50元,是,09:00-12:00,${yesterday} 16:30,`,
      `1号楼,102,送药,,,,14:00-16:00,${yesterday} 17:30,降压药`,
      `1号楼,101,送货,米 5kg、油,50元,是,09:00-12:00,${yesterday} 16:30,`,
      `1号楼,201,修水管,,,,,${yesterday} 16:00,`,
      `1号楼,999,送餐,,,,,${yesterday} 16:00,`,
    ].join('\r\n'));
    const before = await requestsOf();
    const dry = await workerCli.run(['requests', 'import', sheet, '--dry-run', '--json']);
    expect(dry.code).toBe(7);
    expect(json<{ outcomes: Record<string, number> }>(dry).outcomes).toMatchObject({ WOULD_RECORD: 3, REJECTED: 1, REFUSED: 1 });
    expect(await requestsOf()).toBe(before);

    const first = await workerCli.run(['requests', 'import', sheet, '--json', '--lang', 'en']);
    expect(first.code).toBe(7);
    const answer = json<{ outcomes: Record<string, number>; plannedFor: Record<string, number>; report: string }>(first);
    // The same order twice on the sheet is two orders; one collected after 17:00 goes out a day later.
    expect(answer.outcomes).toMatchObject({ RECORDED: 3, REJECTED: 1, REFUSED: 1 });
    expect(answer.plannedFor).toEqual({ [shanghaiDay(0)]: 2, [shanghaiDay(1)]: 1 });
    expect(await requestsOf()).toBe(before + 3);
    const report = parse((await readFile(answer.report, 'utf8')).slice(1)) as string[][];
    expect(report[0]).toEqual(['Row', 'building', 'address', 'Result', 'Column', 'Reason']);
    expect(report.slice(1).map((r) => [r[0], r[4]])).toEqual([['5', '类型'], ['6', '门牌']]);
    expect(report[1][5]).toContain('修水管');
    expect(report[2][5]).toMatch(/No household in use at this address/);

    const again = await workerCli.run(['requests', 'import', sheet, '--json']);
    expect(json<{ outcomes: Record<string, number> }>(again).outcomes).toMatchObject({ ALREADY_RECORDED: 3, REJECTED: 1 });
    expect(await requestsOf()).toBe(before + 3);
  });
});

describe('a day of door-to-door runs from the command line', () => {
  it('lists the open orders, dispatches one, and lets the volunteer set out and hand over', async () => {
    const recorded = await workerCli.run(['requests', 'record', '--grid', '南庄网格1/1号楼', '--address', '102', '--kind', 'meal-delivery', '--urgency', '特急', '--window', '00:00-24:00', '--json']);
    expect(recorded.code).toBe(0);
    const { request, plannedFor } = json<{ request: { id: string }; plannedFor: string }>(recorded);
    expect(plannedFor).toBe(shanghaiDay(0));
    const listed = await coordinatorCli.run(['requests', 'list', '--grid', building, '--urgency', 'emergency', '--format', 'csv']);
    expect(listed.code).toBe(0);
    const rows = parse(listed.stdout.slice(1)) as string[][];
    expect(rows.find((r) => r.includes(request.id))).toEqual(expect.arrayContaining(['1号楼', '102', '特急', '送餐']));

    const assigned = await coordinatorCli.run(['requests', 'assign', request.id, '--volunteer', runner.id]);
    expect(assigned.stderr).toBe('');
    expect(assigned.code).toBe(0);
    const mine = json<{ id: string; request: { id: string } }[]>(await runner.cli.run(['requests', 'mine', '--format', 'json']));
    const run = mine.find((r) => r.request.id === request.id)!;
    expect((await runner.cli.run(['requests', 'start', run.id])).code).toBe(0);
    const wrong = await runner.cli.run(['requests', 'done', run.id, '--code', 'abcdef', '--lang', 'en']);
    expect(wrong.code).toBe(5);
    expect(wrong.stderr).toMatch(/INVALID_CODE/);
    const { node } = await workerApi.ok(ServiceRequestNodeDocument, { id: request.id });
    const done = await runner.cli.run(['requests', 'done', run.id, '--code', (node as { handoverCode: string }).handoverCode, '--json']);
    expect(json<{ status: string }>(done).status).toBe('DONE');
    const numbers = json<{ day: string; done: number; peopleServed: number }[]>(await coordinatorCli.run(['requests', 'numbers', '--grid', building, '--json']));
    expect(numbers).toEqual([expect.objectContaining({ day: shanghaiDay(0), done: 1, peopleServed: 1 })]);
  });
});

describe('another village', () => {
  it("refuses another organization's coordinator the grid, its requests and its sheet, and records nothing", async () => {
    const before = await requestsOf();
    const record = await outsiderCli.run(['requests', 'record', '--grid', building, '--address', '101', '--kind', '送餐']);
    expect(record.code).toBe(4);
    const open = json<{ buildings: { requests: { id: string }[] }[] }>(await workerCli.run(['requests', 'list', '--grid', building, '--json']));
    const someRequest = open.buildings[0].requests[0].id;
    const assign = await outsiderCli.run(['requests', 'assign', someRequest, '--team', 'VGVhbTo5OTk5OTk', '--lang', 'en']);
    expect(assign.code).toBe(4);
    expect(assign.stderr).toMatch(/NOT_FOUND/);
    const sheet = join(work, 'outsider.csv');
    await writeFile(sheet, `building,address,kind\n${building},101,meal-delivery\n`);
    const imported = await outsiderCli.run(['requests', 'import', sheet, '--json']);
    expect(imported.code).toBe(7);
    expect(json<{ outcomes: Record<string, number> }>(imported).outcomes).toMatchObject({ REFUSED: 1 });
    expect(await requestsOf()).toBe(before);
  });
});
