import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddTeamMemberDocument, CreateGridDocument, CreateShiftDocument, CreateTeamDocument, DeployTeamDocument, ScopeGridsDocument, ScopeNodeDocument,
  ScopeOrganizationsDocument, ScopeRosterEventsDocument, ScopeShiftsDocument, ScopeTallyDocument, ScopeTeamDocument, ScopeVolunteersDocument,
  ScopeVolunteersOfDocument, ScopeVolunteerTeamsDocument, SetVolunteerStatusDocument, type TallyGroupBy,
} from '../../../client/generated/graphql';
import { parseGlobalId, toGlobalId } from '../../../server/platform/ids';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { shanghaiDay } from '../../support/factories/grids';
import { joinedBy, registerVolunteer, signInAsPerson, volunteerRow, type RegisteredVolunteer } from '../../support/factories/volunteers';
import { startTestServer, type TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';

/*
 * One room for "who sees what" (Trust first): each visibility rule asked through every path that
 * applies it — node, lists, nested fields, counts, tallies, roster events, filters and mutations that
 * take ids — about the same rows, by every kind of viewer. The paths must agree with node(id): a list
 * shows exactly what node opens, nested fields and tallies never more, and a filter or mutation naming
 * a row answers NOT_FOUND exactly when node does.
 *
 *   晋江市 ─┬─ 陈埭镇 ─┬─ 洋埭村 (grid 4 › 4-2; its team)          安海商会 (its team, its post)
 *           │          ├─ 海尾村 (grid 1)
 *           │          └─ 新塘司法所 (its post; its correction team)
 *           └─ 灵源街道 (working group, deployed to 洋埭 grid 4 now)
 */
let server: TestServer;
const viewers: Record<string, GraphQLTestClient> = {};
const ids = { volunteers: [] as string[], teams: [] as string[], grids: [] as string[], shifts: [] as string[], organizations: [] as string[] };

const dbId = (id: string) => parseGlobalId(id)!.id;
const add = <K extends keyof typeof ids>(kind: K, id: string) => { ids[kind].push(id); return id; };

beforeAll(async () => {
  server = await startTestServer();
  const org = async (kind: Parameters<typeof createOrg>[1], name: string, parent?: OrgHandle) => {
    const o = await createOrg(server, kind, name, parent?.id);
    add('organizations', o.id);
    return o;
  };
  const city = await org('GOVERNMENT', '晋江市');
  const town = await org('GOVERNMENT', '陈埭镇', city);
  const yangdai = await org('COMMUNITY', '洋埭村', town);
  const haiwei = await org('COMMUNITY', '海尾村', town);
  const office = await org('CORRECTION_OFFICE', '新塘司法所', town);
  const lingyuan = await org('GOVERNMENT', '灵源街道', city);
  const chamber = await org('CHAMBER_OF_COMMERCE', '安海商会');
  const staff = async (name: string, role: Parameters<typeof createStaff>[1], o: OrgHandle) => (viewers[name] = await createStaff(server, role, o.id));
  await staff('洋埭 admin', 'ORG_ADMIN', yangdai);
  await staff('洋埭 coordinator', 'COORDINATOR', yangdai);
  await staff('海尾 coordinator', 'COORDINATOR', haiwei);
  await staff('陈埭 coordinator', 'COORDINATOR', town);
  await staff('新塘 officer', 'CORRECTION_OFFICER', office);
  await staff('灵源 coordinator', 'COORDINATOR', lingyuan);
  await staff('商会 admin', 'ORG_ADMIN', chamber);
  viewers['platform admin'] = server.admin;

  const person = async (by: GraphQLTestClient, o: OrgHandle, name: string) => {
    const p = await registerVolunteer(by, o, volunteerRow({ name }));
    add('volunteers', p.id);
    return p;
  };
  const villager = await person(viewers['洋埭 admin'], yangdai, '陈美玲');
  const haiweiPerson = await person(viewers['海尾 coordinator'], haiwei, '郑秋菊');
  const participant = await person(viewers['新塘 officer'], office, '吴永福');
  const lingyuanMember = await person(server.admin, lingyuan, '庄国栋');
  const chamberMember = await person(viewers['商会 admin'], chamber, '蔡丽华');
  const officeOnly = await person(viewers['新塘 officer'], office, '许国栋');
  await joinedBy(server, viewers['洋埭 admin'], yangdai, participant);
  viewers['洋埭 villager'] = await signInAsPerson(server, villager);
  viewers['the participant'] = await signInAsPerson(server, participant);

  const team = async (o: OrgHandle, kind: string, name: string, members: RegisteredVolunteer[], by = server.admin) => {
    const { createTeam } = await by.ok(CreateTeamDocument, { organizationId: o.id, name, kind: kind as never });
    for (const m of members) await by.ok(AddTeamMemberDocument, { teamId: createTeam.id, volunteerId: m.id });
    return add('teams', createTeam.id);
  };
  await team(yangdai, 'GRID_SERVICE', '洋埭村网格服务队', [villager]);
  const correctionTeam = await team(office, 'COMMUNITY_CORRECTION', '新塘矫正志愿队', [participant, officeOnly], viewers['新塘 officer']);
  const workingGroup = await team(lingyuan, 'WORKING_GROUP', '灵源驰援工作组', [lingyuanMember]);
  await team(chamber, 'CHAMBER_OF_COMMERCE', '安海商会志愿队', [chamberMember]);

  const grid = async (o: OrgHandle, name: string, level: string, by: GraphQLTestClient, parentId?: string) =>
    add('grids', (await by.ok(CreateGridDocument, { name, level: level as never, organizationId: o.id, parentId })).createGrid.id);
  const grid4 = await grid(yangdai, '洋埭村第4网格', 'GRID', server.admin);
  const sub42 = await grid(yangdai, '4-2', 'SUB_GRID', server.admin, grid4);
  const haiweiGrid = await grid(haiwei, '海尾村第1网格', 'GRID', server.admin);
  const post = await grid(office, '公益劳动点', 'GRID', viewers['新塘 officer']);
  const chamberPost = await grid(chamber, '商会采样点', 'GRID', server.admin);
  await server.admin.ok(DeployTeamDocument, { teamId: workingGroup, gridId: grid4, startsOn: shanghaiDay(-2), endsOn: shanghaiDay(5) });

  // Shifts two days ago with completed service (tallies), and ones ahead with seats (rosters, events).
  const shift = async (gridId: string, by: GraphQLTestClient, daysFromNow: number, eligibleTeamIds: string[] = []) => {
    const startsAt = new Date(Date.now() + daysFromNow * 86_400_000);
    const { createShift } = await by.ok(CreateShiftDocument, { input: {
      title: `岗位 ${ids.shifts.length + 1}`, duty: 'NUCLEIC_ACID_SAMPLING', gridId, capacity: 5, eligibleTeamIds,
      startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 4 * 3600_000).toISOString(),
    } });
    return add('shifts', createShift.id);
  };
  const seat = async (shiftId: string, v: RegisteredVolunteer, done: boolean) => {
    await server.sql`insert into assignments (shift_id, volunteer_id, status, period, checked_in_at, checked_out_at)
      select s.id, ${dbId(v.id)}, ${done ? 'COMPLETED' : 'ASSIGNED'}, tstzrange(s.starts_at, s.ends_at, '[)'),
             case when ${done} then s.starts_at end, case when ${done} then s.ends_at end
      from shifts s where s.id = ${dbId(shiftId)}`;
    await server.sql`update shifts set filled = filled + 1 where id = ${dbId(shiftId)}`;
    await server.sql`insert into roster_events (kind, shift_id, assignment_id)
      select 'ASSIGNED', a.shift_id, a.id from assignments a where a.shift_id = ${dbId(shiftId)} and a.volunteer_id = ${dbId(v.id)}`;
  };
  for (const [days, done] of [[-2, true], [2, false]] as const) {
    const onGrid4 = await shift(sub42, server.admin, days);
    await seat(onGrid4, villager, done);
    await seat(onGrid4, lingyuanMember, done);
    await seat(await shift(haiweiGrid, server.admin, days), haiweiPerson, done);
    await seat(await shift(post, viewers['新塘 officer'], days, [correctionTeam]), participant, done);
    await seat(await shift(chamberPost, server.admin, days), chamberMember, done);
  }
  void officeOnly;
});
afterAll(async () => { await server?.stop(); });

/** Every kind of viewer of the cast (signed in by the setup). */
const VIEWERS = [
  'platform admin', '洋埭 admin', '洋埭 coordinator', '海尾 coordinator', '陈埭 coordinator', '新塘 officer', '灵源 coordinator', '商会 admin',
  '洋埭 villager', 'the participant',
];
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** The ids among `all` that node(id) opens for the viewer. */
async function nodeOpens(client: GraphQLTestClient, all: string[]): Promise<string[]> {
  const open: string[] = [];
  for (const id of all) if ((await client.request(ScopeNodeDocument, { id })).data?.node) open.push(id);
  return sorted(open);
}

/** The code a filter or mutation naming `id` answers with (or 'ok'). */
const codeOf = async (request: Promise<{ errors?: readonly { extensions?: Record<string, unknown> }[] }>) =>
  String((await request).errors?.[0]?.extensions?.code ?? 'ok');

describe.each(VIEWERS)('as %s', (who: string) => {
  const client = () => viewers[who];

  it('lists, nests and tallies exactly the volunteers node opens, and mutations by id agree', async () => {
    const opens = await nodeOpens(client(), ids.volunteers);
    // Everyone in the cast sees someone (staff their people, a volunteer themself), and only the platform admin everyone.
    expect(opens.length).toBeGreaterThan(0);
    expect(opens.length === ids.volunteers.length).toBe(who === 'platform admin');
    const { volunteers } = await client().ok(ScopeVolunteersDocument, {});
    const listed = sorted(volunteers.edges.map((e) => e.node.id).filter((id) => ids.volunteers.includes(id)));
    expect(listed).toEqual(opens);
    expect(volunteers.totalCount).toBe(volunteers.edges.length);
    const nested: string[] = [];
    for (const teamId of ids.teams) {
      const { data } = await client().request(ScopeTeamDocument, { id: teamId });
      if (data?.node?.__typename === 'Team') nested.push(...data.node.members.map((m) => m.volunteer.id));
    }
    const { shifts } = await client().ok(ScopeShiftsDocument, {});
    nested.push(...shifts.edges.flatMap((e) => e.node.roster.map((r) => r.volunteer.id)));
    const { rosterEvents } = await client().ok(ScopeRosterEventsDocument, { filter: {} });
    nested.push(...rosterEvents.flatMap((e) => (e.assignment ? [e.assignment.volunteer.id] : [])));
    const tally = await client().request(ScopeTallyDocument, { input: { groupBy: 'VOLUNTEER' } });
    nested.push(...(tally.data?.tally ?? []).map((r) => r.key));
    expect(sorted(nested).filter((id) => !opens.includes(id))).toEqual([]);
    for (const id of ids.volunteers.filter((v) => !opens.includes(v))) {
      expect(await codeOf(client().request(SetVolunteerStatusDocument, { id, status: 'SUSPENDED' }))).toBe('NOT_FOUND');
    }
  });

  it('shows exactly the teams node opens wherever a team appears, and every team filter agrees', async () => {
    const opens = await nodeOpens(client(), ids.teams);
    const seen: string[] = [];
    const { organizations } = await client().ok(ScopeOrganizationsDocument, {});
    seen.push(...organizations.flatMap((o) => o.teams.map((t) => t.id)));
    for (const id of ids.volunteers) {
      const { data } = await client().request(ScopeVolunteerTeamsDocument, { id });
      if (data?.node?.__typename === 'Volunteer') seen.push(...data.node.teams.map((m) => m.team.id));
    }
    const { shifts } = await client().ok(ScopeShiftsDocument, {});
    seen.push(...shifts.edges.flatMap((e) => e.node.eligibleTeams.map((t) => t.id)));
    const grids = await client().request(ScopeGridsDocument, {});
    seen.push(...(grids.data?.grids ?? []).flatMap((g) => g.deployments.map((d) => d.team.id)));
    expect(sorted(seen).filter((id) => !opens.includes(id))).toEqual([]);
    // Every team node opens is listed under its organization whenever that organization is listed.
    const missing: string[] = [];
    for (const id of opens) {
      const { data } = await client().request(ScopeTeamDocument, { id });
      const team = data?.node?.__typename === 'Team' ? data.node : null;
      const owner = team ? organizations.find((o) => o.id === team.organization.id) : undefined;
      if (owner && !owner.teams.some((t) => t.id === id)) missing.push(id);
    }
    expect(missing).toEqual([]);
    for (const teamId of ids.teams) {
      const expected = opens.includes(teamId) ? 'ok' : 'NOT_FOUND';
      expect({ teamId, tally: await codeOf(client().request(ScopeTallyDocument, { input: { groupBy: 'VOLUNTEER', teamId } })) }).toEqual({ teamId, tally: expected });
      expect({ teamId, volunteers: await codeOf(client().request(ScopeVolunteersOfDocument, { teamId })) }).toEqual({ teamId, volunteers: expected });
      expect({ teamId, events: await codeOf(client().request(ScopeRosterEventsDocument, { filter: { teamId } })) }).toEqual({ teamId, events: expected });
    }
  });

  it('walks, lists and filters exactly the grids node opens', async () => {
    const opens = await nodeOpens(client(), ids.grids);
    const walked: string[] = [];
    const walk = async (parentId?: string) => {
      const { data } = await client().request(ScopeGridsDocument, { parentId });
      for (const g of data?.grids ?? []) {
        walked.push(g.id);
        if (g.children.length) await walk(g.id);
      }
    };
    await walk();
    expect(sorted(walked).filter((id) => ids.grids.includes(id))).toEqual(opens);
    const { shifts } = await client().ok(ScopeShiftsDocument, {});
    expect(sorted(shifts.edges.map((e) => e.node.grid.id)).filter((id) => !opens.includes(id))).toEqual([]);
    for (const gridId of ids.grids) {
      const expected = opens.includes(gridId) ? 'ok' : 'NOT_FOUND';
      expect({ gridId, shifts: await codeOf(client().request(ScopeShiftsDocument, { gridId })) }).toEqual({ gridId, shifts: expected });
      expect({ gridId, tally: await codeOf(client().request(ScopeTallyDocument, { input: { groupBy: 'DAY', gridId } })) }).toEqual({ gridId, tally: expected });
      expect({ gridId, events: await codeOf(client().request(ScopeRosterEventsDocument, { filter: { gridId } })) }).toEqual({ gridId, events: expected });
    }
    // A shift opens exactly when its grid does.
    const shiftOpens = await nodeOpens(client(), ids.shifts);
    expect(sorted(shifts.edges.map((e) => e.node.id)).filter((id) => ids.shifts.includes(id))).toEqual(shiftOpens);
  });

  it('lists exactly the organizations node opens, and names no other through a team', async () => {
    const opens = await nodeOpens(client(), ids.organizations);
    const { organizations } = await client().ok(ScopeOrganizationsDocument, {});
    expect(sorted(organizations.map((o) => o.id)).filter((id) => ids.organizations.includes(id))).toEqual(opens);
    const named: string[] = [];
    for (const id of await nodeOpens(client(), ids.teams)) {
      const { data } = await client().request(ScopeTeamDocument, { id });
      if (data?.node?.__typename === 'Team') named.push(data.node.organization.id);
    }
    expect(sorted(named).filter((id) => !opens.includes(id))).toEqual([]);
    for (const organizationId of ids.organizations.filter((id) => !opens.includes(id))) {
      for (const groupBy of ['VOLUNTEER', 'TEAM'] as TallyGroupBy[]) {
        expect(await codeOf(client().request(ScopeTallyDocument, { input: { groupBy, organizationId } }))).toBe('NOT_FOUND');
      }
      expect(await codeOf(client().request(ScopeVolunteersOfDocument, { organizationId }))).toBe('NOT_FOUND');
      expect(await codeOf(client().request(ScopeRosterEventsDocument, { filter: { organizationId } }))).toBe('NOT_FOUND');
    }
  });
});

describe('the anonymous caller', () => {
  it('opens nothing by id', async () => {
    for (const id of [...ids.volunteers, ...ids.teams, ...ids.grids, ...ids.shifts, ...ids.organizations, toGlobalId('Volunteer', 1)]) {
      const { data } = await server.anonymous.request(ScopeNodeDocument, { id });
      expect(data?.node ?? null).toBeNull();
    }
  });
});
