import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegisterVolunteersDocument, VolunteersDocument } from '../../../client/generated/graphql';
import { createOrg, createStaff, idNumber, mobileNumber, type OrgHandle } from '../../support/factories';
import {
  confirmRequests, countRows, idNumberWithBirthDate, idNumberWithWrongCheck, registerRows, registerVolunteer, signInAsPerson, startRegistrationWorld, volunteerRow,
} from '../../support/factories/volunteers';
import type { TestServer } from '../../support/harness';
import { parseGlobalId, toGlobalId } from '../../../server/platform/ids';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let village: OrgHandle;
let chamber: OrgHandle;
let villageAdmin: GraphQLTestClient;
let chamberAdmin: GraphQLTestClient;

const dbId = (globalId: string) => parseGlobalId(globalId)!.id;

beforeAll(async () => ({ server, village, chamber, villageAdmin, chamberAdmin } = await startRegistrationWorld()));
afterAll(async () => { await server?.stop(); });

const register = registerRows;

describe('registerVolunteers: rejected rows change nothing', () => {
  const cases: [string, () => ReturnType<typeof volunteerRow>, string][] = [
    ['a mobile that is not a mainland number', () => volunteerRow({ mobile: '12345678901' }), 'mobile'],
    ['an ID number with a wrong check character', () => volunteerRow({ idNumber: idNumberWithWrongCheck() }), 'idNumber'],
    ['an ID number born on 30 February', () => volunteerRow({ idNumber: idNumberWithBirthDate('19990230') }), 'idNumber'],
    ['a name of only spaces', () => volunteerRow({ name: '   ' }), 'name'],
    ['a name with a control character', () => volunteerRow({ name: '张\u0007三' }), 'name'],
    ['an empty skill tag', () => volunteerRow({ skills: ['driving', '  '] }), 'skills'],
    ['a home grid id that is not a grid', () => volunteerRow({ homeGridId: 'bm90LWEtZ3JpZA' }), 'homeGridId'],
  ];
  for (const [what, makeRow, field] of cases) {
    it(`rejects ${what} and saves no row of the batch`, async () => {
      const before = await countRows(server);
      const payload = await register(villageAdmin, village, [volunteerRow(), makeRow(), volunteerRow()]);
      expect(payload).toMatchObject({ registered: 0, rejected: 1 });
      expect(payload.results[1]).toMatchObject({ row: 1, volunteer: null, errorCode: 'BAD_USER_INPUT', errorField: field });
      expect(payload.results[0]).toMatchObject({ row: 0, volunteer: null, errorCode: null });
      expect(await countRows(server)).toEqual(before);
    });
  }

  it('refuses a batch of 1,001 rows with BAD_USER_INPUT on volunteers and saves nothing', async () => {
    const before = await countRows(server);
    const rows = Array.from({ length: 1001 }, () => volunteerRow());
    const result = await villageAdmin.request(RegisterVolunteersDocument, { organizationId: village.id, volunteers: rows });
    expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'volunteers']]);
    expect(await countRows(server)).toEqual(before);
  });

  it('rejects a mobile registered to a different person as DUPLICATE without naming them', async () => {
    const existing = await registerVolunteer(chamberAdmin, chamber, volunteerRow({ name: '林秀英' }));
    const before = await countRows(server);
    const payload = await register(villageAdmin, village, [volunteerRow({ name: '陈志强', mobile: existing.mobile, idNumber: null })]);
    expect(payload.results[0]).toMatchObject({ volunteer: null, errorCode: 'DUPLICATE', errorField: 'mobile' });
    expect(payload.results[0].message).not.toContain('林秀英');
    expect(payload.results[0].message).not.toContain(chamber.name);
    expect(await countRows(server)).toEqual(before);
  });

  it('rejects an ID number that belongs to a different person than the one its mobile and name name', async () => {
    const first = await registerVolunteer(chamberAdmin, chamber, volunteerRow({ name: '黄建国' }));
    const second = await registerVolunteer(chamberAdmin, chamber, volunteerRow({ name: '黄丽华', idNumber: null }));
    const before = await countRows(server);
    const payload = await register(villageAdmin, village, [volunteerRow({ name: '黄丽华', mobile: second.mobile, idNumber: first.idNumber })]);
    expect(payload.results[0]).toMatchObject({ volunteer: null, errorCode: 'DUPLICATE', errorField: 'idNumber' });
    expect(payload.results[0].message).not.toContain('黄建国');
    expect(await countRows(server)).toEqual(before);
  });

  it('rejects a second person with the same mobile within one batch', async () => {
    const before = await countRows(server);
    const mobile = mobileNumber();
    const payload = await register(villageAdmin, village, [volunteerRow({ name: '王伟', mobile }), volunteerRow({ name: '李娜', mobile })]);
    expect(payload.results.map((r) => [r.errorCode, r.errorField])).toEqual([[null, null], ['DUPLICATE', 'mobile']]);
    expect(await countRows(server)).toEqual(before);
  });

  it('refuses a coordinator of another organization with NOT_FOUND and a volunteer-less caller with UNAUTHENTICATED', async () => {
    const outsider = await createStaff(server, 'COORDINATOR', chamber.id);
    const before = await countRows(server);
    expect(await outsider.codes(RegisterVolunteersDocument, { organizationId: village.id, volunteers: [volunteerRow()] })).toEqual(['NOT_FOUND']);
    expect(await server.anonymous.codes(RegisterVolunteersDocument, { organizationId: village.id, volunteers: [volunteerRow()] })).toEqual(['UNAUTHENTICATED']);
    expect(await countRows(server)).toEqual(before);
  });

  it('lets a correction officer register participants for their office, and refuses the parent organization with NOT_FOUND', async () => {
    const office = await createOrg(server, 'CORRECTION_OFFICE', `司法所 ${Date.now()}`, village.id);
    const officer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
    expect(await officer.codes(RegisterVolunteersDocument, { organizationId: village.id, volunteers: [volunteerRow()] })).toEqual(['NOT_FOUND']);
    const { registerVolunteers } = await officer.ok(RegisterVolunteersDocument, { organizationId: office.id, volunteers: [volunteerRow()] });
    expect(registerVolunteers).toMatchObject({ registered: 1, rejected: 0 });
  });

  it('answers everyone but its correction officers and the platform admin NOT_FOUND, as for a missing organization, when registering into a correction office', async () => {
    const office = await createOrg(server, 'CORRECTION_OFFICE', `司法所 ${Date.now()}`, village.id);
    const refused = [
      await createStaff(server, 'ORG_ADMIN', office.id), await createStaff(server, 'COORDINATOR', office.id),
      villageAdmin, await createStaff(server, 'COORDINATOR', village.id), chamberAdmin,
    ];
    const missing = toGlobalId('Organization', 2_000_000_000);
    const before = await countRows(server);
    for (const client of refused) {
      const answer = await client.request(RegisterVolunteersDocument, { organizationId: office.id, volunteers: [volunteerRow()] });
      const absent = await client.request(RegisterVolunteersDocument, { organizationId: missing, volunteers: [volunteerRow()] });
      expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
      expect(answer.errors?.map((e) => [e.message, e.extensions])).toEqual(absent.errors?.map((e) => [e.message, e.extensions]));
    }
    expect(await countRows(server)).toEqual(before);
    const { registerVolunteers } = await server.admin.ok(RegisterVolunteersDocument, { organizationId: office.id, volunteers: [volunteerRow()] });
    expect(registerVolunteers).toMatchObject({ registered: 1, rejected: 0 });
  });
});

describe('registerVolunteers: atomic and non-atomic batches', () => {
  it('saves the valid rows of a non-atomic batch and reports the rejected one', async () => {
    const before = await countRows(server);
    const rows = [volunteerRow(), volunteerRow({ mobile: '1380013800' }), volunteerRow()];
    const payload = await register(villageAdmin, village, rows, false);
    expect(payload).toMatchObject({ registered: 2, rejected: 1 });
    expect(payload.results.map((r) => r.errorField)).toEqual([null, 'mobile', null]);
    expect(payload.results[0].volunteer).toMatchObject({ name: rows[0].name, status: 'ACTIVE', registeredBy: { id: village.id } });
    expect(await countRows(server)).toEqual({ ...before, volunteers: before.volunteers + 2, affiliations: before.affiliations + 2 });
  });

  it('saves every row of a clean atomic batch (the default) as ACTIVE volunteers of the organization', async () => {
    const before = await countRows(server);
    const payload = await register(villageAdmin, village, [volunteerRow({ skills: ['Medical', ' dialect ', 'medical'], partyMember: true }), volunteerRow()]);
    expect(payload).toMatchObject({ registered: 2, rejected: 0 });
    expect(payload.results[0].volunteer).toMatchObject({ skills: ['dialect', 'medical'], partyMember: true, status: 'ACTIVE' });
    expect(await countRows(server)).toEqual({ ...before, volunteers: before.volunteers + 2, affiliations: before.affiliations + 2 });
  });

  it('registers 1,000 people in one request', async () => {
    const before = await countRows(server);
    const rows = Array.from({ length: 1000 }, (_, i) => volunteerRow(i % 2 ? {} : { idNumber: null }));
    const payload = await register(villageAdmin, village, rows);
    expect(payload).toMatchObject({ registered: 1000, rejected: 0 });
    expect(new Set(payload.results.map((r) => r.volunteer?.id)).size).toBe(1000);
    expect(await countRows(server)).toEqual({ ...before, volunteers: before.volunteers + 1000, affiliations: before.affiliations + 1000 });
  });
});

describe('registerVolunteers: one person is one volunteer', () => {
  it('asks a person a second organization registers to confirm, and only then lets it see them: one volunteer, two affiliations', async () => {
    const row = volunteerRow({ name: '蔡明辉' });
    const first = await registerVolunteer(villageAdmin, village, row);
    const before = await countRows(server);
    const payload = await register(chamberAdmin, chamber, [{ ...row, name: ' 蔡明辉 ', skills: ['driving'] }]);
    expect(payload).toMatchObject({ registered: 0, awaitingConfirmation: 1, rejected: 0 });
    expect(payload.results[0]).toMatchObject({ outcome: 'AWAITING_CONFIRMATION', volunteer: null, errorCode: null });
    expect(await countRows(server)).toEqual({ ...before, affiliations: before.affiliations + 1 });
    const search = async (client: GraphQLTestClient, org: OrgHandle) =>
      (await client.ok(VolunteersDocument, { organizationId: org.id, search: '蔡明辉' })).volunteers.edges.map((e) => e.node.id);
    expect(await search(chamberAdmin, chamber)).toEqual([]);
    expect(await confirmRequests(await signInAsPerson(server, first))).toBe(1);
    const [stored] = await server.sql`select skills, registered_by from volunteers where mobile = ${row.mobile}`;
    expect(stored).toEqual({ skills: [], registered_by: dbId(village.id) });
    expect(await search(villageAdmin, village)).toEqual([first.id]);
    expect(await search(chamberAdmin, chamber)).toEqual([first.id]);
  });

  it('takes the same ID number and name under a new mobile for the same person, and the same ID number under another name for someone else', async () => {
    const row = volunteerRow();
    await registerVolunteer(villageAdmin, village, row);
    const before = await countRows(server);
    const sameName = await register(chamberAdmin, chamber, [volunteerRow({ name: row.name, idNumber: row.idNumber })]);
    expect(sameName.results[0]).toMatchObject({ outcome: 'AWAITING_CONFIRMATION', volunteer: null });
    const otherName = await register(chamberAdmin, chamber, [volunteerRow({ idNumber: row.idNumber })], false);
    expect(otherName.results[0]).toMatchObject({ outcome: 'REJECTED', errorCode: 'DUPLICATE', errorField: 'idNumber', volunteer: null });
    expect(await countRows(server)).toEqual({ ...before, affiliations: before.affiliations + 1 });
  });

  it('takes the same mobile and name without an ID number for the same person', async () => {
    const row = volunteerRow();
    await registerVolunteer(villageAdmin, village, row);
    const payload = await register(chamberAdmin, chamber, [{ name: row.name, mobile: row.mobile }]);
    expect(payload.results[0]).toMatchObject({ outcome: 'AWAITING_CONFIRMATION', volunteer: null });
  });

  it('returns one volunteer for the same person listed twice in one batch', async () => {
    const before = await countRows(server);
    const row = volunteerRow();
    const payload = await register(villageAdmin, village, [row, { ...row, idNumber: null }]);
    expect(payload).toMatchObject({ registered: 2, rejected: 0 });
    expect(payload.results[0].volunteer?.id).toBe(payload.results[1].volunteer?.id);
    expect(await countRows(server)).toEqual({ ...before, volunteers: before.volunteers + 1, affiliations: before.affiliations + 1 });
  });

  it('stores one volunteer when two organizations register the same new person at the same moment; the later one asks them', async () => {
    const row = volunteerRow();
    const before = await countRows(server);
    const [a, b] = await Promise.all([register(villageAdmin, village, [row]), register(chamberAdmin, chamber, [row])]);
    expect([a.results[0].outcome, b.results[0].outcome].sort()).toEqual(['AWAITING_CONFIRMATION', 'CREATED']);
    expect(await countRows(server)).toEqual({ ...before, volunteers: before.volunteers + 1, affiliations: before.affiliations + 2 });
    const [{ n }] = await server.sql`select count(*)::int as n from volunteer_affiliations a join volunteers v on v.id = a.volunteer_id
      where v.mobile = ${row.mobile} and a.confirmed_at is not null`;
    expect(n).toBe(1);
  });
});

describe('registerVolunteers: home grids', () => {
  async function grid(org: OrgHandle, name: string): Promise<string> {
    const [{ id }] = await server.sql`insert into grids (name, level, organization_id) values (${name}, 'GRID', ${dbId(org.id)}) returning id`;
    return toGlobalId('Grid', id);
  }

  it('accepts a grid the registrant sees and rejects one they do not, as BAD_USER_INPUT on homeGridId', async () => {
    const own = await grid(village, '网格3');
    const foreign = await grid(chamber, '商会网格');
    const before = await countRows(server);
    const rejected = await register(villageAdmin, village, [volunteerRow({ homeGridId: foreign })]);
    expect(rejected.results[0]).toMatchObject({ errorCode: 'BAD_USER_INPUT', errorField: 'homeGridId' });
    expect(await countRows(server)).toEqual(before);
    const row = volunteerRow({ homeGridId: own });
    expect((await register(villageAdmin, village, [row])).registered).toBe(1);
    const [stored] = await server.sql`select home_grid_id from volunteers where mobile = ${row.mobile}`;
    expect(stored.home_grid_id).toBe(dbId(own));
  });
});

describe('registerVolunteers: ID numbers at rest', () => {
  it('keeps no plaintext ID number anywhere in the volunteers row', async () => {
    const row = volunteerRow({ idNumber: idNumber('19761105') });
    await registerVolunteer(villageAdmin, village, row);
    const [stored] = await server.sql`select v::text as text, id_number_hint, id_number_hash from volunteers v where mobile = ${row.mobile}`;
    expect(stored.text).not.toContain(row.idNumber);
    expect(stored.text).not.toContain(row.idNumber!.slice(6, 14));
    expect(stored.id_number_hint).toBe(row.idNumber!.slice(0, 4) + row.idNumber!.slice(-4));
    const [{ n }] = await server.sql`select count(*)::int as n from volunteers v where v::text like ${`%${row.idNumber!.slice(4, 14)}%`}`;
    expect(n).toBe(0);
  });
});
