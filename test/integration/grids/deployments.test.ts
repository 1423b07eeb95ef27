import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeployTeamDocument, DeploymentDocument, EndDeploymentDocument, GridDocument, GridVolunteerDocument, GridsDocument,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import {
  buildChendaiTree, dbId, insertMembership, nodeOrNull, insertTeam, insertVolunteer, shanghaiDay, volunteerClient, type ChendaiTree,
} from '../../support/factories/grids';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let town: OrgHandle, village: OrgHandle, lingyuan: OrgHandle, meiling: OrgHandle, office: OrgHandle;
let cityCoordinator: GraphQLTestClient, townCoordinator: GraphQLTestClient, villageCoordinator: GraphQLTestClient;
let lingyuanCoordinator: GraphQLTestClient, meilingCoordinator: GraphQLTestClient, correctionOfficer: GraphQLTestClient;
let tree: ChendaiTree;

type Member = Awaited<ReturnType<typeof insertVolunteer>>;

const deploymentCount = async () => (await server.sql`select count(*)::int as n from deployments`)[0].n as number;

/** A 灵源街道 team with one member, for one scenario. */
async function lingyuanTeam(name: string): Promise<{ id: string; member: Member }> {
  const team = await insertTeam(server, lingyuan.id, name);
  const member = await insertVolunteer(server, lingyuan.id);
  await insertMembership(server, team.id, member.id);
  return { id: team.id, member };
}

async function deploy(client: GraphQLTestClient, teamId: string, gridId: string, startsOn: string, endsOn: string | null) {
  return (await client.ok(DeployTeamDocument, { teamId, gridId, startsOn, endsOn })).deployTeam;
}

async function sees(client: GraphQLTestClient, id: string): Promise<boolean> {
  return (await nodeOrNull(client, GridDocument, { id })) != null;
}

async function volunteerAs(client: GraphQLTestClient, id: string) {
  const node = await nodeOrNull(client, GridVolunteerDocument, { id });
  return node && 'mobile' in node ? node : null;
}

beforeAll(async () => {
  server = await startTestServer();
  const city = await createOrg(server, 'GOVERNMENT', '晋江市');
  town = await createOrg(server, 'GOVERNMENT', '陈埭镇', city.id);
  village = await createOrg(server, 'COMMUNITY', '洋埭村', town.id);
  lingyuan = await createOrg(server, 'GOVERNMENT', '灵源街道', city.id);
  meiling = await createOrg(server, 'GOVERNMENT', '梅岭街道', city.id);
  office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所', town.id);
  cityCoordinator = await createStaff(server, 'COORDINATOR', city.id);
  townCoordinator = await createStaff(server, 'COORDINATOR', town.id);
  villageCoordinator = await createStaff(server, 'COORDINATOR', village.id);
  lingyuanCoordinator = await createStaff(server, 'COORDINATOR', lingyuan.id);
  meilingCoordinator = await createStaff(server, 'COORDINATOR', meiling.id);
  correctionOfficer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
  tree = await buildChendaiTree(townCoordinator, town.id, village.id);
});
afterAll(async () => { await server?.stop(); });

describe('deployTeam permissions', () => {
  it('lets a coordinator above both the team and the grid deploy 灵源街道 to grids 3 and 8', async () => {
    const team = await lingyuanTeam('灵源街道驰援工作组');
    for (const grid of [tree.grids[3], tree.grids[8]]) {
      const deployment = await deploy(cityCoordinator, team.id, grid, shanghaiDay(-3), shanghaiDay(20));
      expect(deployment).toMatchObject({ startsOn: shanghaiDay(-3), endsOn: shanghaiDay(20), team: { id: team.id, name: '灵源街道驰援工作组' }, grid: { id: grid } });
    }
    const [row] = await server.sql`select created_by from deployments where grid_id = ${dbId(tree.grids[3])}`;
    expect(row.created_by).not.toBeNull();
  });

  it('refuses either side alone, writing nothing', async () => {
    const team = await lingyuanTeam('单方申请组');
    const before = await deploymentCount();
    // The grid's coordinator cannot name another organization's team; the team's cannot see the grid.
    expect(await villageCoordinator.codes(DeployTeamDocument, { teamId: team.id, gridId: tree.grids[2], startsOn: shanghaiDay(0) })).toEqual(['NOT_FOUND']);
    expect(await lingyuanCoordinator.codes(DeployTeamDocument, { teamId: team.id, gridId: tree.grids[2], startsOn: shanghaiDay(0) })).toEqual(['NOT_FOUND']);
    expect(await meilingCoordinator.codes(DeployTeamDocument, { teamId: team.id, gridId: tree.grids[2], startsOn: shanghaiDay(0) })).toEqual(['NOT_FOUND']);
    expect(await deploymentCount()).toBe(before);
  });

  it('refuses the grid-side coordinator with FORBIDDEN even while the team is visible through a running deployment', async () => {
    const team = await lingyuanTeam('已驻组');
    await deploy(cityCoordinator, team.id, tree.grids[1], shanghaiDay(-1), shanghaiDay(5));
    const before = await deploymentCount();
    expect(await villageCoordinator.codes(DeployTeamDocument, { teamId: team.id, gridId: tree.grids[2], startsOn: shanghaiDay(0) })).toEqual(['FORBIDDEN']);
    expect(await deploymentCount()).toBe(before);
  });

  it('rejects endsOn before startsOn with BAD_USER_INPUT on endsOn, writing nothing', async () => {
    const team = await lingyuanTeam('倒序组');
    const before = await deploymentCount();
    const result = await cityCoordinator.request(DeployTeamDocument, { teamId: team.id, gridId: tree.grids[2], startsOn: shanghaiDay(2), endsOn: shanghaiDay(1) });
    expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'endsOn']]);
    expect(await deploymentCount()).toBe(before);
  });
});

describe('while a deployment runs', () => {
  let past: { id: string; member: Member }, running: { id: string; member: Member }, future: { id: string; member: Member };
  let runningDeployment: string;

  beforeAll(async () => {
    past = await lingyuanTeam('过去组');
    running = await lingyuanTeam('在驻组');
    future = await lingyuanTeam('将来组');
    await deploy(cityCoordinator, past.id, tree.grids[5], shanghaiDay(-30), shanghaiDay(-1));
    runningDeployment = (await deploy(cityCoordinator, running.id, tree.grids[4], shanghaiDay(-3), shanghaiDay(20))).id;
    await deploy(cityCoordinator, future.id, tree.grids[6], shanghaiDay(1), null);
  });

  it("shows the team's members, mobile masked, to the grid's coordinators only while it runs", async () => {
    const seen = await volunteerAs(villageCoordinator, running.member.id);
    expect(seen).toMatchObject({ id: running.member.id });
    expect(seen?.mobile).toBe(`${running.member.mobile.slice(0, 3)}****${running.member.mobile.slice(7)}`);
    expect(await volunteerAs(townCoordinator, running.member.id)).not.toBeNull();
    expect(await volunteerAs(villageCoordinator, past.member.id)).toBeNull();
    expect(await volunteerAs(villageCoordinator, future.member.id)).toBeNull();
    expect(await volunteerAs(meilingCoordinator, running.member.id)).toBeNull();
    // The team's own organization sees its members whatever their deployments.
    expect(await volunteerAs(lingyuanCoordinator, past.member.id)).not.toBeNull();
  });

  it("shows the grid and its sub-grids to the team's organization's staff only while it runs", async () => {
    expect(await sees(lingyuanCoordinator, tree.grids[4])).toBe(true);
    expect(await sees(lingyuanCoordinator, tree.subGrid)).toBe(true);
    expect(await sees(lingyuanCoordinator, tree.building)).toBe(true);
    expect(await sees(lingyuanCoordinator, tree.village)).toBe(false);
    expect(await sees(lingyuanCoordinator, tree.grids[5])).toBe(false);
    expect(await sees(lingyuanCoordinator, tree.grids[6])).toBe(false);
    const { grids } = await lingyuanCoordinator.ok(GridsDocument, {});
    expect(grids.map((g) => g.id)).toEqual(expect.arrayContaining([tree.grids[4]]));
    expect(grids.map((g) => g.id)).not.toContain(tree.grids[5]);
  });

  it("shows the grid to the team's members only while it runs", async () => {
    const member = await volunteerClient(server, running.member);
    expect((await member.ok(GridsDocument, {})).grids.map((g) => g.id)).toEqual([tree.grids[4]]);
    expect(await sees(await volunteerClient(server, past.member), tree.grids[5])).toBe(false);
    expect(await sees(await volunteerClient(server, future.member), tree.grids[6])).toBe(false);
  });

  it('lists current and past deployments on the grid for its staff', async () => {
    const five = (await villageCoordinator.ok(GridDocument, { id: tree.grids[5] })).node;
    expect(five && 'deployments' in five ? five.deployments.map((d) => [d.team.name, d.startsOn, d.endsOn]) : null)
      .toEqual([['过去组', shanghaiDay(-30), shanghaiDay(-1)]]);
    const six = (await villageCoordinator.ok(GridDocument, { id: tree.grids[6] })).node;
    expect(six && 'deployments' in six ? six.deployments.map((d) => d.endsOn) : null).toEqual([null]);
  });

  it('counts the first and last day, inclusive, in Asia/Shanghai', async () => {
    const today = await lingyuanTeam('当日组');
    await deploy(cityCoordinator, today.id, tree.grids[7], shanghaiDay(0), shanghaiDay(0));
    expect(await volunteerAs(villageCoordinator, today.member.id)).not.toBeNull();
    expect(await sees(lingyuanCoordinator, tree.grids[7])).toBe(true);
  });

  it('stops showing members and grid once endDeployment brings the end before today', async () => {
    const ended = await cityCoordinator.ok(EndDeploymentDocument, { id: runningDeployment, endsOn: shanghaiDay(-1) });
    expect(ended.endDeployment.endsOn).toBe(shanghaiDay(-1));
    expect(await volunteerAs(villageCoordinator, running.member.id)).toBeNull();
    expect(await sees(lingyuanCoordinator, tree.grids[4])).toBe(false);
    expect(await sees(lingyuanCoordinator, tree.subGrid)).toBe(false);
    expect(await lingyuanCoordinator.codes(DeploymentDocument, { id: runningDeployment })).toEqual(['NOT_FOUND']);
    // The grid's own staff keep the history.
    expect((await villageCoordinator.ok(DeploymentDocument, { id: runningDeployment })).node).toMatchObject({ endsOn: shanghaiDay(-1) });
  });
});

describe('endDeployment', () => {
  it('closes an open-ended deployment early, with the same permission as deployTeam', async () => {
    const team = await lingyuanTeam('无期组');
    const { id } = await deploy(cityCoordinator, team.id, tree.grids[2], shanghaiDay(-2), null);
    expect(await villageCoordinator.codes(EndDeploymentDocument, { id, endsOn: shanghaiDay(0) })).toEqual(['FORBIDDEN']);
    expect(await meilingCoordinator.codes(EndDeploymentDocument, { id, endsOn: shanghaiDay(0) })).toEqual(['NOT_FOUND']);
    for (const endsOn of [shanghaiDay(-3)]) {
      const result = await cityCoordinator.request(EndDeploymentDocument, { id, endsOn });
      expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'endsOn']]);
    }
    expect((await server.sql`select ends_on from deployments where id = ${dbId(id)}`)[0].ends_on).toBeNull();
    const { endDeployment } = await cityCoordinator.ok(EndDeploymentDocument, { id, endsOn: shanghaiDay(3) });
    expect(endDeployment.endsOn).toBe(shanghaiDay(3));
    // Only forward: it cannot be pushed back out again.
    const later = await cityCoordinator.request(EndDeploymentDocument, { id, endsOn: shanghaiDay(4) });
    expect(later.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'endsOn']]);
    expect((await server.sql`select to_char(ends_on, 'YYYY-MM-DD') as d from deployments where id = ${dbId(id)}`)[0].d).toBe(shanghaiDay(3));
  });
});

describe('scope', () => {
  it('shows staff of another organization nothing of a grid they have no deployment on', async () => {
    const team = await lingyuanTeam('梅岭看不到');
    const { id } = await deploy(cityCoordinator, team.id, tree.grids[3], shanghaiDay(-1), shanghaiDay(1));
    expect((await meilingCoordinator.ok(GridsDocument, {})).grids).toEqual([]);
    expect(await meilingCoordinator.codes(GridsDocument, { parentId: tree.village })).toEqual(['NOT_FOUND']);
    expect(await meilingCoordinator.codes(GridDocument, { id: tree.grids[3] })).toEqual(['NOT_FOUND']);
    expect(await meilingCoordinator.codes(DeploymentDocument, { id })).toEqual(['NOT_FOUND']);
  });
});

describe('community-correction teams', () => {
  let team: { id: string; dbId: number };
  let member: Member;
  let deploymentId: string;

  beforeAll(async () => {
    team = await insertTeam(server, office.id, '社区矫正志愿队', 'COMMUNITY_CORRECTION');
    member = await insertVolunteer(server, office.id);
    await insertMembership(server, team.id, member.id);
  });

  it('refuses a coordinator over both sides without correction visibility, as if the team did not exist', async () => {
    const before = await deploymentCount();
    expect(await townCoordinator.codes(DeployTeamDocument, { teamId: team.id, gridId: tree.grids[1], startsOn: shanghaiDay(0) })).toEqual(['NOT_FOUND']);
    expect(await deploymentCount()).toBe(before);
  });

  it('keeps the deployment and its members invisible to viewers without correction visibility', async () => {
    deploymentId = (await deploy(server.admin, team.id, tree.grids[1], shanghaiDay(-1), shanghaiDay(1))).id;
    for (const viewer of [villageCoordinator, townCoordinator]) {
      const { node } = await viewer.ok(GridDocument, { id: tree.grids[1] });
      expect(node && 'deployments' in node ? node.deployments.map((d) => d.team.name) : null).not.toContain('社区矫正志愿队');
      expect(await viewer.codes(DeploymentDocument, { id: deploymentId })).toEqual(['NOT_FOUND']);
      expect(await volunteerAs(viewer, member.id)).toBeNull();
    }
  });

  it("opens a grid to a correction office's other staff only through teams they may know of", async () => {
    const officeCoordinator = await createStaff(server, 'COORDINATOR', office.id);
    // Any team of a correction office is confidential (team.policy), so it opens nothing to them.
    const officeTeam = await insertTeam(server, office.id, '司法所协勤队', 'OTHER');
    await deploy(server.admin, officeTeam.id, tree.grids[2], shanghaiDay(-1), shanghaiDay(1));
    expect(await officeCoordinator.codes(GridDocument, { id: tree.grids[2] })).toEqual(['NOT_FOUND']);
    expect(await sees(correctionOfficer, tree.grids[2])).toBe(true);
  });

  it("shows it to the office's correction officers and the platform admin", async () => {
    expect((await correctionOfficer.ok(DeploymentDocument, { id: deploymentId })).node).toMatchObject({ team: { name: '社区矫正志愿队' }, grid: { id: tree.grids[1] } });
    expect((await server.admin.ok(DeploymentDocument, { id: deploymentId })).node).toMatchObject({ id: deploymentId });
  });
});
