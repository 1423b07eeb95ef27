import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLEnumType, parse, type GraphQLFormattedError } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  GridHoursDocument, MeDocument, NodeByIdDocument, OrganizationsDocument, OrganizationTeamsDocument, TallyDocument, TeamDocument, TeamHoursDocument,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';
import { loadDemo } from '../../../server/demo/load-demo';
import { buildAppSchema } from '../../../server/schema';
import { toGlobalId } from '../../../server/platform/ids';
import { addDays, shanghaiDate } from '../../../server/demo/dates';

/** Volunteer.teams and registeredBy as a viewer sees them (no generated document asks for both). */
const VolunteerTeamsDocument = parse(`query DemoVolunteerTeams($id: ID!) {
  node(id: $id) { ... on Volunteer { id name registeredBy { id name } teams { role team { id name kind } } } }
}`) as TypedDocumentNode<{ node: { id: string; name: string; registeredBy: { name: string } | null; teams: { team: { name: string; kind: string } }[] } | null }, { id: string }>;

const TABLES = [
  'organizations', 'accounts', 'role_grants', 'volunteers', 'volunteer_affiliations', 'teams', 'team_memberships',
  'grids', 'zone_changes', 'deployments', 'shifts', 'assignments', 'roster_events', 'hour_adjustments',
];

let server: TestServer;
const firstLines: string[] = [];
const secondLines: string[] = [];
let countsAfterFirst: Record<string, number>;
let countsAfterSecond: Record<string, number>;
/** When the first load began: what had ended by then is history in the demo. */
let loadedAt: Date;

async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const [row] = await server.sql.unsafe(`select count(*)::int as n from ${table}`);
    counts[table] = row.n as number;
  }
  return counts;
}

/** Printed `ROLE … mobile M  password P` lines, by role. */
function printedAccounts(lines: string[]): Map<string, { mobile: string; password: string }> {
  const accounts = new Map<string, { mobile: string; password: string }>();
  for (const line of lines) {
    const match = /^demo:\s+([A-Z_]+)\s+mobile (1[3-9]\d{9})\s+password (\S+)/.exec(line);
    if (match) accounts.set(match[1], { mobile: match[2], password: match[3] });
  }
  return accounts;
}

/** Codes of errors that are not NOT_FOUND: an invisible record must look exactly like a missing one. */
function otherThanNotFound(errors: GraphQLFormattedError[] | undefined): string[] {
  return (errors ?? []).map((e) => String(e.extensions?.code)).filter((code) => code !== 'NOT_FOUND');
}

async function enumValues(name: string): Promise<string[]> {
  const type = (await buildAppSchema()).getType(name) as GraphQLEnumType;
  return type.getValues().map((v) => v.name);
}

async function signIn(role: string): Promise<GraphQLTestClient> {
  const account = printedAccounts(firstLines).get(role)!;
  return server.anonymous.login(account.mobile, account.password);
}

beforeAll(async () => {
  server = await startTestServer();
  loadedAt = new Date();
  await loadDemo(server.database.db, server.deps, (line) => firstLines.push(line));
  countsAfterFirst = await rowCounts();
  await loadDemo(server.database.db, server.deps, (line) => secondLines.push(line));
  countsAfterSecond = await rowCounts();
});
afterAll(async () => { await server?.stop(); });

describe('the demo data set', () => {
  it('changes nothing when loaded a second time and says it is already there', () => {
    expect(countsAfterSecond).toEqual(countsAfterFirst);
    expect(secondLines.some((l) => l.includes('already loaded'))).toBe(true);
    expect(printedAccounts(secondLines)).toEqual(printedAccounts(firstLines));
  });

  it('registers a few hundred volunteers with well-formed mobiles and encrypted ID numbers', async () => {
    expect(countsAfterFirst.volunteers).toBeGreaterThanOrEqual(200);
    const [bad] = await server.sql`select count(*)::int as n from volunteers where mobile !~ '^1[3-9][0-9]{9}$' or id_number_cipher is null`;
    expect(bad.n).toBe(0);
  });

  it('has an organization of every OrganizationKind and a team of every TeamKind', async () => {
    const orgKinds = (await server.sql`select distinct kind::text as kind from organizations`).map((r) => r.kind);
    const teamKinds = (await server.sql`select distinct kind::text as kind from teams`).map((r) => r.kind);
    expect(orgKinds.sort()).toEqual((await enumValues('OrganizationKind')).sort());
    expect(teamKinds.sort()).toEqual((await enumValues('TeamKind')).sort());
  });

  it('prints one account per role with a password that signs in with that role', async () => {
    const accounts = printedAccounts(firstLines);
    for (const role of await enumValues('Role')) {
      expect(accounts.has(role), `no printed account for ${role}`).toBe(true);
      const { me } = await (await signIn(role)).ok(MeDocument);
      expect(me.roles.map((r) => r.role)).toContain(role);
      // The printed name is the account's own, as `me` gives it.
      const printed = firstLines.find((l) => l.includes(`mobile ${accounts.get(role)!.mobile} `))!;
      expect(printed, printed).toContain(`  ${me.displayName}（`);
    }
  });

  it('affiliates a person registered by two organizations instead of duplicating them', async () => {
    const shared = await server.sql`select volunteer_id from volunteer_affiliations a join organizations o on o.id = a.organization_id
      where o.name in ('洋埭村委会', '安海商会') group by volunteer_id having count(*) = 2`;
    expect(shared.length).toBeGreaterThanOrEqual(2);
  });

  it('deploys the 灵源 working group to 洋埭 grids 3 and 8 for a period including today', async () => {
    const running = await server.sql`select g.name from deployments d join teams t on t.id = d.team_id join grids g on g.id = d.grid_id
      where t.name = '灵源街道驰援工作组' and d.starts_on <= (now() at time zone 'Asia/Shanghai')::date
        and d.ends_on >= (now() at time zone 'Asia/Shanghai')::date order by g.name`;
    expect(running.map((r) => r.name)).toEqual(['第3网格', '第8网格']);
  });
});

describe('community-correction confidentiality in the demo', () => {
  it('hides 新塘司法所, its team and its members\' correction from the 洋埭村 ORG_ADMIN', async () => {
    const { organizations } = await server.admin.ok(OrganizationsDocument);
    const office = organizations.find((o) => o.name === '新塘司法所')!;
    const { node: officeAsAdmin } = await server.admin.ok(OrganizationTeamsDocument, { id: office.id });
    const correctionTeam = officeAsAdmin && 'teams' in officeAsAdmin ? officeAsAdmin.teams.find((t) => t.kind === 'COMMUNITY_CORRECTION') : undefined;
    expect(correctionTeam).toBeDefined();

    const village = await signIn('ORG_ADMIN');
    expect((await village.ok(OrganizationsDocument)).organizations.map((o) => o.name)).not.toContain('新塘司法所');
    const officeAsVillage = await village.request(OrganizationTeamsDocument, { id: office.id });
    expect(officeAsVillage.data?.node ?? null).toBeNull();
    expect(otherThanNotFound(officeAsVillage.errors)).toEqual([]);
    const teamAsVillage = await village.request(NodeByIdDocument, { id: correctionTeam!.id });
    expect(teamAsVillage.data?.node ?? null).toBeNull();
    expect(otherThanNotFound(teamAsVillage.errors)).toEqual([]);

    // The participant also registered by 洋埭村 is visible to the village as a volunteer, never as a correction participant.
    const [dual] = await server.sql`select a.volunteer_id as id from volunteer_affiliations a join organizations o on o.id = a.organization_id
      where o.name in ('洋埭村委会', '新塘司法所') group by a.volunteer_id having count(*) = 2`;
    const seen = await village.ok(VolunteerTeamsDocument, { id: toGlobalId('Volunteer', dual.id as number) });
    expect(seen.node?.id).toBe(toGlobalId('Volunteer', dual.id as number));
    expect(seen.node!.teams.map((m) => m.team.kind)).not.toContain('COMMUNITY_CORRECTION');
    expect(JSON.stringify(seen)).not.toMatch(/新塘|矫正/);
  });

  it('shows the correction team and its members to the 新塘司法所 CORRECTION_OFFICER', async () => {
    const officer = await signIn('CORRECTION_OFFICER');
    const office = (await officer.ok(OrganizationsDocument)).organizations.find((o) => o.name === '新塘司法所')!;
    const { node } = await officer.ok(OrganizationTeamsDocument, { id: office.id });
    const team = node && 'teams' in node ? node.teams.find((t) => t.kind === 'COMMUNITY_CORRECTION') : undefined;
    const { node: members } = await officer.ok(TeamDocument, { id: team!.id });
    expect(members && 'members' in members ? members.members.length : 0).toBeGreaterThanOrEqual(3);
  });
});

describe('rosters in the demo', () => {
  it('holds completed hours, check-ins, a no-show, a waitlist and a promotion', async () => {
    const statuses = (await server.sql`select distinct status::text as s from assignments`).map((r) => r.s);
    expect(statuses).toEqual(expect.arrayContaining(['ASSIGNED', 'WAITLISTED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW', 'CANCELLED']));
    const [promoted] = await server.sql`select count(*)::int as n from roster_events where kind = 'PROMOTED'`;
    expect(promoted.n).toBeGreaterThanOrEqual(2);
    const [hours] = await server.sql`select coalesce(sum(hours), 0)::float as h from assignments where status = 'COMPLETED'`;
    expect(hours.h).toBeGreaterThan(0);
  });

  it('runs the 三乡村 checkpoint rotation from three days ago to two weeks ahead, its past shifts crewed and completed', async () => {
    const today = shanghaiDate(loadedAt);
    const [rotation] = await server.sql`select count(*)::int as n,
        min(to_char(starts_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')) as first,
        max(to_char(starts_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')) as last
      from shifts where title like '三乡村查验服务岗%' and requires_party_member`;
    expect(rotation).toEqual({ n: 68, first: addDays(today, -3), last: addDays(today, 13) });
    // Every ended shift of the rotation was served: seats completed with check-in and check-out times inside the shift's hour window.
    const ended = await server.sql`select s.id, count(a.id) filter (where a.status = 'COMPLETED')::int as completed,
        bool_and(a.checked_in_at >= s.starts_at - interval '1 hour' and a.checked_in_at <= s.ends_at) filter (where a.status = 'COMPLETED') as in_window
      from shifts s left join assignments a on a.shift_id = s.id
      where s.title like '三乡村查验服务岗%' and s.ends_at <= ${loadedAt.toISOString()}::timestamptz group by s.id`;
    expect(ended.length).toBeGreaterThanOrEqual(12);
    expect(ended.filter((s) => s.completed < 3 || !s.in_window)).toEqual([]);
    const [noShows] = await server.sql`select count(*)::int as n from assignments a join shifts s on s.id = a.shift_id
      where s.title like '三乡村查验服务岗%' and a.status = 'NO_SHOW' and s.ends_at <= ${loadedAt.toISOString()}::timestamptz`;
    expect(noShows.n).toBe(1);
  });

  it('credits several past days of hours, as the platform admin\'s tally by day shows', async () => {
    const today = shanghaiDate(loadedAt);
    const admin = await signIn('PLATFORM_ADMIN');
    const { tally } = await admin.ok(TallyDocument, { input: { groupBy: 'DAY' } });
    const pastDays = tally.filter((row) => row.key < today && row.hours > 0).map((row) => row.key);
    expect(pastDays.length).toBeGreaterThanOrEqual(3);
    expect(pastDays).toEqual(expect.arrayContaining([addDays(today, -5), addDays(today, -3), addDays(today, -2), addDays(today, -1)]));
    // The 灵源 day on grid 4 is dated that day: 6 people on two 5-hour shifts, in 10 minutes early and out
    // 15 minutes late (credited: the shift widened by 30 minutes each side), plus one 1.5-hour adjustment.
    const grid4Day = tally.find((row) => row.key === addDays(today, -5))!;
    expect(grid4Day).toMatchObject({ hours: 66.5, personTimes: 12, volunteers: 6 });
    const [adjustments] = await server.sql`select count(*)::int as n, count(assignment_id)::int as tied from hour_adjustments`;
    expect(adjustments).toEqual({ n: 1, tied: 1 });
    // Nothing falls out when grouped by duty: every credited hour belongs to a shift. (Each row is
    // rounded to 2 decimals from whole minutes, so the two sums may differ by half a cent per row.)
    const { tally: byDuty } = await admin.ok(TallyDocument, { input: { groupBy: 'DUTY' } });
    const sum = (rows: { hours: number }[]) => rows.reduce((n, r) => n + r.hours, 0);
    expect(Math.abs(sum(byDuty) - sum(tally))).toBeLessThanOrEqual(0.005 * (byDuty.length + tally.length));
  });

  it('gives the checkpoint grid hours on several past days and the checkpoint team hours of its own', async () => {
    const today = shanghaiDate(loadedAt);
    const [grid] = await server.sql`select id from grids where name = '三乡村金东路查验服务岗'`;
    const gridId = toGlobalId('Grid', grid.id as number);
    const { tally } = await server.admin.ok(TallyDocument, { input: { groupBy: 'DAY', gridId } });
    expect(tally.filter((row) => row.key < today && row.hours >= 12).length).toBeGreaterThanOrEqual(3);
    const { node: gridHours } = await server.admin.ok(GridHoursDocument, { id: gridId });
    expect(gridHours && 'hours' in gridHours ? gridHours.hours.hours : 0).toBeGreaterThan(200);

    const [team] = await server.sql`select id from teams where name = '三乡村查验岗党员志愿先锋队'`;
    const { node: teamHours } = await server.admin.ok(TeamHoursDocument, { id: toGlobalId('Team', team.id as number) });
    expect(teamHours && 'hours' in teamHours ? teamHours.hours.hours : 0).toBeGreaterThan(0);
  });
});
