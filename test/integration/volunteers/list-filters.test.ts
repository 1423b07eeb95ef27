import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleVolunteerPickerDocument, type ConsoleVolunteerPickerQueryVariables } from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff } from '../../support/factories';
import { createGrid, insertVolunteer } from '../../support/factories/grids';
import { createShift, insertAssignment, shanghaiTime } from '../../support/factories/shifts';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let coordinator: GraphQLTestClient;
let stranger: GraphQLTestClient;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  const org = await createOrg(server, 'COMMUNITY');
  const other = await createOrg(server, 'COMMUNITY');
  coordinator = await createStaff(server, 'COORDINATOR', org.id);
  stranger = await createStaff(server, 'COORDINATOR', other.id);
  const grid = await createGrid(server.admin, org.id, '网格2', 'GRID');
  const people = [
    ['driver', '林司机', ['driving'], false], ['medic', '黄医生', ['driving', 'medical'], true], ['plain', '郑群众', [], false], ['busy', '吴忙碌', ['medical'], true],
  ] as const;
  for (const [key, name, skills, party] of people) {
    const person = await insertVolunteer(server, org.id, { name });
    await server.sql`update volunteers set skills = ${server.sql.array([...skills])}, party_member = ${party} where id = ${person.dbId}`;
    ids[key] = person.id;
    if (key === 'busy') {
      const shift = await createShift(coordinator, grid.id, { startsAt: shanghaiTime('2030-05-01', '08:00'), endsAt: shanghaiTime('2030-05-01', '12:00') });
      await insertAssignment(server, shift.id, person.dbId, 'ASSIGNED');
    }
  }
});
afterAll(async () => {
  await server?.stop();
});

const names = async (client: GraphQLTestClient, variables: ConsoleVolunteerPickerQueryVariables) => {
  const { volunteers } = await client.ok(ConsoleVolunteerPickerDocument, variables);
  return volunteers.edges.map((edge) => edge.node.name).sort();
};

describe('narrowing the volunteer list', () => {
  it('keeps those with every skill asked for', async () => {
    expect(await names(coordinator, { skills: ['driving'] })).toEqual(['林司机', '黄医生'].sort());
    expect(await names(coordinator, { skills: ['Medical', 'driving'] })).toEqual(['黄医生']);
  });

  it('keeps Party members, or only the others', async () => {
    expect(await names(coordinator, { partyMember: true })).toEqual(['吴忙碌', '黄医生'].sort());
    expect(await names(coordinator, { partyMember: false })).toEqual(['林司机', '郑群众'].sort());
  });

  it('drops whoever holds a seat overlapping the window, and keeps them for a window that only touches it', async () => {
    const during = { freeFrom: shanghaiTime('2030-05-01', '11:00'), freeTo: shanghaiTime('2030-05-01', '15:00') };
    expect(await names(coordinator, during)).not.toContain('吴忙碌');
    expect(await names(coordinator, { ...during, partyMember: true })).toEqual(['黄医生']);
    const after = { freeFrom: shanghaiTime('2030-05-01', '12:00'), freeTo: shanghaiTime('2030-05-01', '16:00') };
    expect(await names(coordinator, after)).toContain('吴忙碌');
  });

  it('finds nothing of another organization whatever the filters', async () => {
    expect(await names(stranger, { skills: ['driving'] })).toEqual([]);
    expect(await names(stranger, { partyMember: true, search: '黄' })).toEqual([]);
  });

  it('refuses half a window, a reversed one and malformed skills, naming the argument', async () => {
    const field = async (variables: ConsoleVolunteerPickerQueryVariables) => {
      const answer = await coordinator.request(ConsoleVolunteerPickerDocument, variables);
      return answer.errors?.map((e) => [e.extensions?.code, e.extensions?.field]);
    };
    expect(await field({ freeFrom: shanghaiTime('2030-05-01', '08:00') })).toEqual([['BAD_USER_INPUT', 'freeTo']]);
    expect(await field({ freeTo: shanghaiTime('2030-05-01', '08:00') })).toEqual([['BAD_USER_INPUT', 'freeFrom']]);
    expect(await field({ freeFrom: shanghaiTime('2030-05-01', '08:00'), freeTo: shanghaiTime('2030-05-01', '08:00') })).toEqual([['BAD_USER_INPUT', 'freeTo']]);
    expect(await field({ skills: ['x'.repeat(41)] })).toEqual([['BAD_USER_INPUT', 'skills']]);
  });
});
