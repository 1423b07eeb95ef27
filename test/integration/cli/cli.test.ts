import { copyFile, mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddTeamMemberDocument, AssignVolunteerDocument, CheckInDocument, CheckOutDocument, CreateTeamDocument } from '../../../client/generated/graphql';
import { createOrg, createStaff, STAFF_PASSWORD, type OrgHandle } from '../../support/factories';
import { createGrid } from '../../support/factories/grids';
import { createShift, registerPerson } from '../../support/factories/shifts';
import { startTestServer, type TestServer } from '../../support/harness';
import { CliUser } from '../../support/cli';
import { bulkRows, idNumberFor, writeGbkCsv, writeXlsx } from '../../fixtures/volunteer-sheets';
import type { GraphQLTestClient } from '../../support/client';
import { idNumberHint } from '../../../server/modules/volunteers/volunteer.validation';

/*
 * The gridroster command line run in this process (as the binary runs it) against a real server:
 * registrars importing the fixture sheets, a coordinator's tally and live roster.
 */
let server: TestServer;
let work: string;
const FIXTURES = new URL('../../fixtures/volunteers/', import.meta.url).pathname;

interface Registrar { org: OrgHandle; admin: GraphQLTestClient & { mobile: string }; cli: CliUser }

async function registrar(kind: 'COMMUNITY' | 'CHAMBER_OF_COMMERCE', name: string): Promise<Registrar> {
  const org = await createOrg(server, kind, name);
  const admin = await createStaff(server, 'ORG_ADMIN', org.id);
  const cli = await CliUser.create(server);
  await cli.login(admin.mobile, STAFF_PASSWORD);
  return { org, admin, cli };
}

/** A fixture copied to a scratch directory, so the report lands beside it there. */
async function sheet(name: string): Promise<string> {
  const path = join(work, name);
  await copyFile(join(FIXTURES, name), path);
  return path;
}

async function volunteersOf(org: OrgHandle): Promise<{ name: string; mobile: string; id_number_hint: string | null; party_member: boolean }[]> {
  return server.sql`
    select v.name, v.mobile, v.id_number_hint, v.party_member from volunteers v
    join volunteer_affiliations a on a.volunteer_id = v.id join organizations o on o.id = a.organization_id
    where o.name = ${org.name} order by v.id`;
}

const json = (run: { stdout: string }) => JSON.parse(run.stdout) as { outcomes: Record<string, number>; report: string | null; interrupted: boolean; sent: number };

async function csvReport(path: string): Promise<string[][]> {
  const text = await readFile(path, 'utf8');
  expect(text.startsWith('\ufeff')).toBe(true);
  return parse(text.slice(1)) as string[][];
}

beforeAll(async () => {
  server = await startTestServer();
  work = await mkdtemp(join(tmpdir(), 'gridroster-sheets-'));
});
afterAll(async () => { await server?.stop(); });

describe('gridroster login', () => {
  it('keeps the token in a file only its owner may read, tells who is signed in, and forgets it on logout', async () => {
    const { admin, cli } = await registrar('COMMUNITY', '登录测试村');
    const credentials = join(cli.configDir, 'credentials.json');
    expect((await stat(credentials)).mode & 0o777).toBe(0o600);
    const whoami = await cli.run(['whoami', '--json']);
    expect(whoami.code).toBe(0);
    expect(JSON.parse(whoami.stdout)).toMatchObject({ mobile: admin.mobile });
    // The token is never sent to a server other than the one that issued it.
    const elsewhere = await cli.run(['whoami', '--server', 'http://127.0.0.1:9/graphql', '--lang', 'en']);
    expect(elsewhere.code).toBe(3);
    expect(elsewhere.stderr).toMatch(/signed in to http:\/\/127\.0\.0\.1:\d+\/graphql, not http:\/\/127\.0\.0\.1:9\/graphql/);
    expect((await cli.run(['logout'])).code).toBe(0);
    await expect(stat(credentials)).rejects.toThrow();
    const after = await cli.run(['whoami']);
    expect(after.code).toBe(3);
    expect(after.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a wrong password with the server\'s code and keeps no file', async () => {
    const cli = await CliUser.create(server);
    const admin = await createStaff(server, 'ORG_ADMIN', (await createOrg(server, 'COMMUNITY', '密码测试村')).id);
    const result = await cli.run(['login', '--mobile', admin.mobile, '--lang', 'en'], { env: { GRIDROSTER_PASSWORD: 'not-the-password' } });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/UNAUTHENTICATED/);
    await expect(stat(join(cli.configDir, 'credentials.json'))).rejects.toThrow();
  });
});

describe('gridroster import volunteers', () => {
  it('imports a UTF-8 sheet with a BOM: good rows saved once, every other row in the report under its sheet row number', async () => {
    const { org, cli } = await registrar('COMMUNITY', '洋埭村');
    const village = (await createGrid(server.admin, org.id, '洋埭村', 'VILLAGE')).id;
    const third = (await createGrid(server.admin, org.id, '第3网格', 'GRID', village)).id;
    await createGrid(server.admin, org.id, '第5网格', 'GRID', village);
    await createGrid(server.admin, org.id, '3-2', 'SUB_GRID', third);
    await server.admin.ok(CreateTeamDocument, { organizationId: org.id, name: '洋埭村志愿服务队', kind: 'GRID_SERVICE' });
    const file = await sheet('洋埭村志愿者登记表.csv');
    const result = await cli.run(['import', 'volunteers', file, '--org', '洋埭村', '--json']);
    expect(result.code).toBe(7);
    expect(json(result).outcomes).toMatchObject({ CREATED: 6, SAME_AS_ROW: 1, REJECTED: 2, REFUSED: 4 });
    const stored = await volunteersOf(org);
    expect(stored.map((v) => v.mobile)).toEqual(['13859500001', '13859500002', '13859500003', '13859500004', '13859500005', '13859500013']);
    expect(stored[3]).toMatchObject({ name: '王建国', id_number_hint: idNumberHint(idNumberFor(4)), party_member: true });
    expect(stored[5].id_number_hint).toBe(idNumberHint(idNumberFor(13).toUpperCase()));
    const [header, ...lines] = await csvReport(json(result).report!);
    expect(header[0]).toBe('行号');
    expect(lines.map((l) => Number(l[0]))).toEqual([7, 8, 9, 10, 11, 12, 14]);
    expect(lines.find((l) => l[0] === '7')![5]).toContain('第 2 行');
    expect(lines.find((l) => l[0] === '10')![4]).toBe('身份证号');
  });

  it('detects a GBK sheet saved by Excel, normalizes full-width digits and reports the rows it could not take', async () => {
    const { org, cli } = await registrar('COMMUNITY', '海尾村');
    await createGrid(server.admin, org.id, '第1网格', 'GRID');
    const file = await sheet('海尾村志愿者名单.csv');
    const result = await cli.run(['import', 'volunteers', file, '--org', '海尾村', '--lang', 'en']);
    expect(result.code).toBe(7);
    expect(result.stderr).toContain('gb18030');
    expect(result.stdout).toContain('Import finished');
    expect((await volunteersOf(org)).map((v) => v.mobile)).toEqual(['13859600001', '13959600002', '13959600003', '13959600007']);
    const [, ...lines] = await csvReport(join(work, '海尾村志愿者名单.report.csv'));
    expect(lines.map((l) => [l[0], l[4]])).toEqual([['5', ''], ['6', '手机'], ['7', '身份证']]);
    expect(lines[2][5]).toMatch(/birth date/);
  });

  it('reads numbers Excel stored as numbers, 是/否 as words, booleans and 1, and joins the named team', async () => {
    const { org, cli } = await registrar('CHAMBER_OF_COMMERCE', '安海商会');
    const team = (await server.admin.ok(CreateTeamDocument, { organizationId: org.id, name: '安海商会志愿队', kind: 'WORKING_GROUP' })).createTeam;
    const file = await sheet('安海商会志愿者.xlsx');
    const result = await cli.run(['import', 'volunteers', file, '--org', '安海商会', '--json']);
    expect(result.code).toBe(7);
    expect(json(result).outcomes).toMatchObject({ CREATED: 4, SAME_AS_ROW: 1, REJECTED: 1, REFUSED: 1 });
    const stored = await volunteersOf(org);
    expect(stored.map((v) => [v.mobile, v.party_member])).toEqual([
      ['13859700001', true], ['13959700003', false], ['13859700005', true], ['13859700007', true],
    ]);
    const members = await server.sql`select v.mobile from team_memberships m join volunteers v on v.id = m.volunteer_id join teams t on t.id = m.team_id where t.name = ${team.name} order by v.mobile`;
    expect(members.map((m) => m.mobile)).toEqual(['13859700001', '13859700007']);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(json(result).report!);
    const rows = workbook.worksheets[0].getSheetValues().slice(2).map((r) => (r as ExcelJS.CellValue[]).slice(1));
    expect(rows.map((r) => r[0])).toEqual([3, 5, 7]);
    expect(String(rows[0][5])).toMatch(/数字/);
  });

  it('checks a whole sheet with --dry-run and saves nobody', async () => {
    const { org, cli } = await registrar('COMMUNITY', '试运行村');
    const file = join(work, 'dry-run.csv');
    await writeGbkCsv(file, bulkRows(12, 13600000000, 200_000));
    const result = await cli.run(['import', 'volunteers', file, '--org', org.id, '--dry-run', '--json']);
    expect(result.code).toBe(0);
    expect(json(result).outcomes).toMatchObject({ CHECKED: 12 });
    expect(await volunteersOf(org)).toEqual([]);
  });

  it('stops between batches on Ctrl-C, and the same command run again imports the rest and duplicates nobody', async () => {
    const { org, cli } = await registrar('COMMUNITY', '中断村');
    const file = join(work, 'interrupted.xlsx');
    await writeXlsx(file, bulkRows(30, 13500000000, 300_000));
    const args = ['import', 'volunteers', file, '--org', '中断村', '--batch-size', '10', '--json'];
    const stopped = await cli.run(args, { watch: (out, interrupt) => { if (out.stderr.includes('10/30')) interrupt(); } });
    expect(stopped.code).toBe(130);
    expect(json(stopped)).toMatchObject({ interrupted: true, sent: 10 });
    expect(await volunteersOf(org)).toHaveLength(10);
    const again = await cli.run(args);
    expect(again.code).toBe(0);
    expect(json(again).outcomes).toMatchObject({ ALREADY_REGISTERED: 10, CREATED: 20 });
    const stored = await volunteersOf(org);
    expect(new Set(stored.map((v) => v.mobile)).size).toBe(30);
    expect(stored).toHaveLength(30);
  });
});

describe('a coordinator at the command line', () => {
  let cli: CliUser;
  let coordinator: GraphQLTestClient;
  let gridId: string;
  let personId: string;
  const teamName = '巡逻队';

  beforeAll(async () => {
    const org = await createOrg(server, 'COMMUNITY', '灵水村');
    coordinator = await createStaff(server, 'COORDINATOR', org.id);
    gridId = (await createGrid(server.admin, org.id, '灵水第2网格', 'GRID')).id;
    const person = await registerPerson(server, org.id, '蔡秀英');
    personId = person.id;
    const team = (await server.admin.ok(CreateTeamDocument, { organizationId: org.id, name: teamName, kind: 'WORKING_GROUP' })).createTeam;
    await server.admin.ok(AddTeamMemberDocument, { teamId: team.id, volunteerId: person.id });
    const start = new Date(Date.now() - 3 * 3600_000);
    const shift = await createShift(coordinator, gridId, { title: '夜间巡逻', capacity: 3, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 4 * 3600_000).toISOString() });
    const { assignVolunteer } = await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: person.id });
    await coordinator.ok(CheckInDocument, { assignmentId: assignVolunteer.id, at: start.toISOString() });
    await coordinator.ok(CheckOutDocument, { assignmentId: assignVolunteer.id, at: new Date(start.getTime() + 1.5 * 3600_000).toISOString() });
    cli = await CliUser.create(server);
    await cli.login((coordinator as GraphQLTestClient & { mobile: string }).mobile, STAFF_PASSWORD);
  });

  it('prints the tally by team as a table, CSV, JSON and an XLSX file', async () => {
    const base = ['tally', '--group-by', 'team'];
    const table = await cli.run(base);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`${teamName}.*1\\.50`));
    const csv = parse((await cli.run([...base, '--format', 'csv'])).stdout) as string[][];
    expect(csv.find((r) => r[1] === teamName)?.slice(2)).toEqual(['1.5', '1', '1']);
    const rows = JSON.parse((await cli.run([...base, '--format', 'json'])).stdout) as { label: string; hours: number }[];
    expect(rows.find((r) => r.label === teamName)?.hours).toBe(1.5);
    const out = join(work, 'tally.xlsx');
    expect((await cli.run([...base, '--format', 'xlsx', '--out', out])).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(JSON.stringify(workbook.worksheets[0].getSheetValues())).toContain(teamName);
  });

  it('watches a grid and prints a change made through the API as it commits', async () => {
    const shift = await createShift(coordinator, gridId, { title: '白班卡口', capacity: 2 });
    let assigned = false;
    const watch = await cli.run(['watch', '--grid', '灵水第2网格', '--json'], {
      watch: (out, interrupt) => {
        if (!assigned && out.stdout.includes('"state":"live"')) {
          assigned = true;
          void coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: personId });
        }
        if (out.stdout.includes('"kind":"ASSIGNED"')) interrupt();
      },
    });
    expect(watch.code).toBe(0);
    const events = watch.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; kind?: string; shift?: { id: string } });
    expect(events.filter((e) => e.type === 'event')).toEqual([expect.objectContaining({ kind: 'ASSIGNED', shift: expect.objectContaining({ id: shift.id }) })]);
  });
});
