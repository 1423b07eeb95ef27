import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateGridDocument, GridDocument, GridSubtreeDocument, GridTreeDocument, GridsDocument, VolunteerHomeGridDocument,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { buildChendaiTree, createGrid, insertVolunteer, volunteerClient, type ChendaiTree } from '../../support/factories/grids';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let city: OrgHandle, town: OrgHandle, village: OrgHandle, lingyuan: OrgHandle, chamber: OrgHandle;
let townCoordinator: GraphQLTestClient, villageCoordinator: GraphQLTestClient, outsider: GraphQLTestClient;
let tree: ChendaiTree;

const gridCount = async () => (await server.sql`select count(*)::int as n from grids`)[0].n as number;

beforeAll(async () => {
  server = await startTestServer({ countQueries: true });
  city = await createOrg(server, 'GOVERNMENT', '晋江市');
  town = await createOrg(server, 'GOVERNMENT', '陈埭镇', city.id);
  village = await createOrg(server, 'COMMUNITY', '洋埭村', town.id);
  lingyuan = await createOrg(server, 'GOVERNMENT', '灵源街道', city.id);
  chamber = await createOrg(server, 'CHAMBER_OF_COMMERCE', '安海商会');
  townCoordinator = await createStaff(server, 'COORDINATOR', town.id);
  villageCoordinator = await createStaff(server, 'COORDINATOR', village.id);
  outsider = await createStaff(server, 'COORDINATOR', lingyuan.id);
  tree = await buildChendaiTree(townCoordinator, town.id, village.id);
});
afterAll(async () => { await server?.stop(); });

describe('the grid tree', () => {
  it('builds 陈埭镇 → 洋埭村 → grids 1–8 → 4-2-5 → building with parents and children', async () => {
    const { node: villageGrid } = await townCoordinator.ok(GridDocument, { id: tree.village });
    expect(villageGrid).toMatchObject({ name: '洋埭村', level: 'VILLAGE', zone: 'NORMAL', parent: { id: tree.town, name: '陈埭镇' } });
    expect(villageGrid && 'children' in villageGrid ? villageGrid.children.map((c) => c.name) : []).toEqual(
      ['网格1', '网格2', '网格3', '网格4', '网格5', '网格6', '网格7', '网格8'],
    );
    const { node: subGrid } = await townCoordinator.ok(GridDocument, { id: tree.subGrid });
    expect(subGrid).toMatchObject({ name: '4-2-5', level: 'SUB_GRID', parent: { id: tree.grids[4] }, children: [{ id: tree.building, level: 'BUILDING' }] });
  });

  it('returns a grid and every grid below it, at any depth', async () => {
    const subtree = async (id: string) => {
      const { node } = await townCoordinator.ok(GridSubtreeDocument, { id });
      return node && 'subtree' in node ? node.subtree.map((g) => g.id) : null;
    };
    expect(await subtree(tree.town)).toEqual([
      tree.town, tree.village, tree.grids[1], tree.grids[2], tree.grids[3], tree.grids[4], tree.subGrid, tree.building,
      tree.grids[5], tree.grids[6], tree.grids[7], tree.grids[8],
    ]);
    expect(await subtree(tree.grids[4])).toEqual([tree.grids[4], tree.subGrid, tree.building]);
    expect(await subtree(tree.grids[3])).toEqual([tree.grids[3]]);
    expect(await subtree(tree.building)).toEqual([tree.building]);
    // The same set straight from the ltree paths the trigger maintained.
    const rows = await server.sql`select count(*)::int as n from grids where path <@ (select path from grids where name = '4-2-5')`;
    expect(rows[0].n).toBe(2);
  });

  it('rejects a child that is not deeper than its parent with BAD_USER_INPUT on level, writing nothing', async () => {
    const before = await gridCount();
    for (const [level, parentId] of [['GRID', tree.grids[1]], ['VILLAGE', tree.grids[1]], ['TOWN', tree.village], ['SUB_GRID', tree.building]] as const) {
      const result = await townCoordinator.request(CreateGridDocument, { name: '错层', level, parentId, organizationId: village.id });
      expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'level']]);
    }
    expect(await gridCount()).toBe(before);
  });

  it('lets a root grid be any level and a child skip levels', async () => {
    const root = await createGrid(townCoordinator, town.id, '独立楼栋', 'BUILDING');
    expect(root.name).toBe('独立楼栋');
    const skip = await createGrid(townCoordinator, town.id, '镇直网格', 'GRID', tree.town);
    const { node } = await townCoordinator.ok(GridDocument, { id: skip.id });
    expect(node).toMatchObject({ level: 'GRID', parent: { id: tree.town } });
  });

  it("refuses a grid owned by an organization outside the parent grid's organization, writing nothing", async () => {
    const before = await gridCount();
    const result = await server.admin.request(CreateGridDocument, { name: '借地', level: 'GRID', parentId: tree.village, organizationId: lingyuan.id });
    expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'organizationId']]);
    expect(await gridCount()).toBe(before);
  });

  it("refuses createGrid to staff who do not manage the organization or cannot see the parent", async () => {
    const before = await gridCount();
    // The village coordinator cannot see the town grid, nor the town organization.
    expect(await villageCoordinator.codes(CreateGridDocument, { name: 'x', level: 'VILLAGE', parentId: tree.town, organizationId: village.id })).toEqual(['NOT_FOUND']);
    expect(await villageCoordinator.codes(CreateGridDocument, { name: 'x', level: 'TOWN', organizationId: town.id })).toEqual(['NOT_FOUND']);
    // Another town's coordinator sees neither side.
    expect(await outsider.codes(CreateGridDocument, { name: 'x', level: 'GRID', parentId: tree.village, organizationId: village.id })).toEqual(['NOT_FOUND']);
    expect(await gridCount()).toBe(before);
  });

  it("lets a correction officer keep the office's own posts, which nobody outside the office's correction staff sees", async () => {
    const office = await createOrg(server, 'CORRECTION_OFFICE', '陈埭司法所', town.id);
    const officer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
    const officeAdmin = await createStaff(server, 'ORG_ADMIN', office.id);
    const post = await createGrid(officer, office.id, '公益劳动点', 'GRID');
    expect((await officer.ok(GridDocument, { id: post.id })).node).toMatchObject({ id: post.id });
    for (const viewer of [townCoordinator, officeAdmin]) {
      expect(await viewer.codes(GridDocument, { id: post.id })).toEqual(['NOT_FOUND']);
      expect(await viewer.codes(CreateGridDocument, { name: 'x', level: 'SUB_GRID', parentId: post.id, organizationId: office.id })).toEqual(['NOT_FOUND']);
    }
  });

  it('lets the village coordinator add grids under the village grid', async () => {
    const grid = await createGrid(villageCoordinator, village.id, '网格9', 'GRID', tree.village);
    const { grids } = await villageCoordinator.ok(GridsDocument, { parentId: tree.village });
    expect(grids.map((g) => g.id)).toContain(grid.id);
  });
});

describe('Query.grids', () => {
  it("gives each viewer the top of what they see: the town, the village, or nothing", async () => {
    expect((await townCoordinator.ok(GridsDocument, {})).grids.map((g) => g.name)).toEqual(['陈埭镇', '独立楼栋']);
    expect((await villageCoordinator.ok(GridsDocument, {})).grids.map((g) => g.name)).toEqual(['洋埭村']);
    expect((await outsider.ok(GridsDocument, {})).grids).toEqual([]);
  });

  it('lists the visible children of a parent and answers NOT_FOUND for a parent the viewer cannot see', async () => {
    const { grids } = await villageCoordinator.ok(GridsDocument, { parentId: tree.grids[4] });
    expect(grids.map((g) => g.id)).toEqual([tree.subGrid]);
    expect(await villageCoordinator.codes(GridsDocument, { parentId: tree.town })).toEqual(['NOT_FOUND']);
    expect(await outsider.codes(GridsDocument, { parentId: tree.village })).toEqual(['NOT_FOUND']);
  });

  it("hides the parent a viewer cannot see and shows nothing of another organization's grid", async () => {
    const { node } = await villageCoordinator.ok(GridDocument, { id: tree.village });
    expect(node).toMatchObject({ id: tree.village, parent: null });
    expect(await outsider.codes(GridDocument, { id: tree.village })).toEqual(['NOT_FOUND']);
    expect(await outsider.codes(GridDocument, { id: tree.building })).toEqual(['NOT_FOUND']);
  });

  it('shows a volunteer their home grid and the grids below it', async () => {
    const volunteer = await insertVolunteer(server, chamber.id, { homeGridId: tree.grids[4] });
    const client = await volunteerClient(server, volunteer);
    expect((await client.ok(GridsDocument, {})).grids.map((g) => g.id)).toEqual([tree.grids[4]]);
    expect((await client.ok(GridSubtreeDocument, { id: tree.grids[4] })).node).toMatchObject({ subtree: [{ id: tree.grids[4] }, { id: tree.subGrid }, { id: tree.building }] });
    expect(await client.codes(GridDocument, { id: tree.grids[3] })).toEqual(['NOT_FOUND']);
  });

  it('resolves Volunteer.homeGrid only when the viewer sees the grid', async () => {
    const volunteer = await insertVolunteer(server, chamber.id, { homeGridId: tree.grids[2] });
    const chamberCoordinator = await createStaff(server, 'COORDINATOR', chamber.id);
    expect((await chamberCoordinator.ok(VolunteerHomeGridDocument, { id: volunteer.id })).node).toEqual({ id: volunteer.id, homeGrid: null });
    expect((await server.admin.ok(VolunteerHomeGridDocument, { id: volunteer.id })).node).toEqual({ id: volunteer.id, homeGrid: { id: tree.grids[2], name: '网格2' } });
  });

  it('answers UNAUTHENTICATED without a token', async () => {
    expect(await server.anonymous.codes(GridsDocument, {})).toEqual(['UNAUTHENTICATED']);
  });

  it('loads a whole tree with the same number of queries however many grids it has', async () => {
    // postgres.js reads pg_type once per new connection; only the application's statements count.
    const statements = () => server.queries.filter((q) => !/pg_type|pg_catalog/.test(q)).length;
    server.queries.length = 0;
    const first = await townCoordinator.ok(GridTreeDocument, {});
    const before = statements();
    const villageGrids = first.grids[0].children[0].children.length;
    for (let n = 10; n <= 14; n++) await createGrid(townCoordinator, village.id, `网格${n}`, 'GRID', tree.village);
    await createGrid(townCoordinator, village.id, '10-1', 'SUB_GRID', tree.grids[1]);
    server.queries.length = 0;
    const { grids } = await townCoordinator.ok(GridTreeDocument, {});
    expect(grids[0].children[0].children.length).toBe(villageGrids + 5);
    expect(statements()).toBe(before);
  });
});
