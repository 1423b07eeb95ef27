import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegisterVolunteersBriefDocument, RegisterVolunteerRecordsDocument, VolunteerRecordsDocument, type VolunteerInput } from '../../../client/generated/graphql';
import { idCheckCharacter } from '../../../server/modules/volunteers/volunteer.validation';
import { createOrg, createStaff, mobileNumber, type OrgHandle } from '../../support/factories';
import { countRows, freshIdNumber, idNumberWithBirthDate, registerVolunteer, startRegistrationWorld, volunteerRow } from '../../support/factories/volunteers';
import type { TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';
import { expectCleanErrors } from './issue2-support';

let server: TestServer;
let village: OrgHandle;
let chamber: OrgHandle;
let villageAdmin: GraphQLTestClient;
let chamberAdmin: GraphQLTestClient;

beforeAll(async () => ({ server, village, chamber, villageAdmin, chamberAdmin } = await startRegistrationWorld()));
afterAll(async () => { await server?.stop(); });

async function register(by: GraphQLTestClient, org: OrgHandle, volunteers: VolunteerInput[], atomic?: boolean) {
  const response = await by.request(RegisterVolunteerRecordsDocument, { organizationId: org.id, volunteers, atomic });
  expectCleanErrors(response);
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.registerVolunteers;
}

/** An 18-character ID with a lower-case x check character (only IDs whose check character is X). */
function idEndingInX(): string {
  for (let serial = 0; serial < 1000; serial++) {
    const first17 = `350583199001${String(10 + (serial % 18)).padStart(2, '0')}${String(serial).padStart(3, '0')}`.slice(0, 17);
    if (idCheckCharacter(first17) === 'X') return `${first17}x`;
  }
  throw new Error('no X found');
}

describe('registerVolunteers: batch size', () => {
  it('accepts exactly 1,000 rows, atomic by default, and saves them all', async () => {
    const before = await countRows(server);
    const rows = Array.from({ length: 1000 }, () => volunteerRow());
    const { registerVolunteers } = await villageAdmin.ok(RegisterVolunteersBriefDocument, { organizationId: village.id, volunteers: rows });
    expect(registerVolunteers).toMatchObject({ registered: 1000, rejected: 0 });
    expect(registerVolunteers.results.map((r) => r.row)).toEqual(rows.map((_, i) => i));
    expect(await countRows(server)).toEqual({ ...before, volunteers: before.volunteers + 1000, affiliations: before.affiliations + 1000 });
  });

  it('refuses 1,001 rows as a whole with BAD_USER_INPUT on volunteers, atomic or not, saving nothing', async () => {
    const before = await countRows(server);
    const rows = Array.from({ length: 1001 }, () => volunteerRow());
    for (const atomic of [true, false]) {
      const response = await villageAdmin.request(RegisterVolunteersBriefDocument, { organizationId: village.id, volunteers: rows, atomic });
      expectCleanErrors(response);
      expect(response.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'volunteers']]);
    }
    expect(await countRows(server)).toEqual(before);
  });

  it('rolls back a full 1,000-row atomic batch whose last row is bad', async () => {
    const before = await countRows(server);
    const rows = Array.from({ length: 1000 }, (_, i) => volunteerRow(i === 999 ? { mobile: '23812345678' } : {}));
    const { registerVolunteers } = await villageAdmin.ok(RegisterVolunteersBriefDocument, { organizationId: village.id, volunteers: rows });
    expect(registerVolunteers).toMatchObject({ registered: 0, rejected: 1 });
    expect(registerVolunteers.results[999]).toMatchObject({ row: 999, errorCode: 'BAD_USER_INPUT', errorField: 'mobile', volunteer: null });
    expect(registerVolunteers.results.slice(0, 999).every((r) => r.volunteer === null && r.errorCode === null)).toBe(true);
    expect(await countRows(server)).toEqual(before);
  });
});

describe('registerVolunteers: what a row must be', () => {
  it('trims the name and keeps 50 characters (counting Chinese characters as one each)', async () => {
    const fifty = '陈'.repeat(50);
    const payload = await register(villageAdmin, village, [volunteerRow({ name: '  林秀英 \t' }), volunteerRow({ name: fifty }), volunteerRow({ name: ` ${'a'.repeat(50)} ` })]);
    expect(payload).toMatchObject({ registered: 3, rejected: 0 });
    expect(payload.results.map((r) => r.volunteer?.name)).toEqual(['林秀英', fifty, 'a'.repeat(50)]);
  });

  it.each([
    ['51 characters', '陈'.repeat(51)],
    ['51 Latin characters', 'a'.repeat(51)],
    ['an empty name', ''],
    ['a newline inside', '林秀\n英'],
    ['a tab inside', '林\t秀英'],
    ['a NUL character', '林秀英\u0000'],
    ['a DEL character', '林秀英\u007f'],
    ['an escape sequence', '\u001b[31m林秀英'],
  ])('rejects a name with %s on the name field and saves nothing', async (_what, name) => {
    const before = await countRows(server);
    const payload = await register(villageAdmin, village, [volunteerRow(), volunteerRow({ name })]);
    expect(payload).toMatchObject({ registered: 0, rejected: 1 });
    expect(payload.results[1]).toMatchObject({ errorCode: 'BAD_USER_INPUT', errorField: 'name', volunteer: null });
    expect(await countRows(server)).toEqual(before);
  });

  it.each([
    ['10 digits', '1381234567'],
    ['12 digits', '138123456789'],
    ['a second digit of 2', '12812345678'],
    // A +86 prefix, dashes and full-width digits are normalized since issue 10 (spreadsheet rows):
    // see test/integration/volunteers/spreadsheet-rows.test.ts.
    ['letters', '1381234567a'],
  ])('rejects a mobile with %s on the mobile field', async (_what, mobile) => {
    const before = await countRows(server);
    const payload = await register(villageAdmin, village, [volunteerRow({ mobile })]);
    expect(payload.results[0]).toMatchObject({ errorCode: 'BAD_USER_INPUT', errorField: 'mobile', volunteer: null });
    expect(await countRows(server)).toEqual(before);
  });

  it.each([
    ['17 characters', () => freshIdNumber().slice(0, 17)],
    ['15 digits (the old format)', () => freshIdNumber().slice(0, 15)],
    ['a letter other than X', () => `${freshIdNumber().slice(0, 17)}Y`],
    ['an X in the middle', () => { const id = freshIdNumber(); return `${id.slice(0, 5)}X${id.slice(6)}`; }],
    ['a 13th month', () => idNumberWithBirthDate('19901301')],
    ['29 February of a common year', () => idNumberWithBirthDate('19900229')],
    ['a birth date in the future', () => idNumberWithBirthDate(`${new Date().getFullYear() + 1}0101`)],
    ['a birth date of day 00', () => idNumberWithBirthDate('19900100')],
  ])('rejects an ID number with %s on the idNumber field', async (_what, make) => {
    const before = await countRows(server);
    const payload = await register(villageAdmin, village, [volunteerRow({ idNumber: make() })]);
    expect(payload.results[0]).toMatchObject({ errorCode: 'BAD_USER_INPUT', errorField: 'idNumber', volunteer: null });
    expect(payload.results[0].message ?? '').not.toMatch(/\d{6,}/);
    expect(await countRows(server)).toEqual(before);
  });

  it('accepts a real 29 February and an ID number whose check character is a lower-case x, stored as X', async () => {
    const leap = idNumberWithBirthDate('19920229');
    const lower = idEndingInX();
    const payload = await register(villageAdmin, village, [volunteerRow({ idNumber: leap }), volunteerRow({ idNumber: lower })]);
    expect(payload).toMatchObject({ registered: 2, rejected: 0 });
    expect(payload.results[1].volunteer?.idNumber).toBe(lower.toUpperCase());
    // The same person written with an upper-case X is the same person (registered again: nothing new).
    const again = await register(villageAdmin, village, [{ ...volunteerRow({ idNumber: lower.toUpperCase() }), name: payload.results[1].volunteer!.name }]);
    expect(again.results[0]).toMatchObject({ outcome: 'ALREADY_REGISTERED', volunteer: { id: payload.results[1].volunteer?.id } });
  });

  it('normalizes skills into sorted, de-duplicated, lower-case tags', async () => {
    const payload = await register(villageAdmin, village, [volunteerRow({ skills: [' First Aid ', 'first aid', 'DRIVING', 'Driving', '闽南话'] })]);
    expect(payload.results[0].volunteer?.skills).toEqual(['driving', 'first-aid', '闽南话']);
  });

  it('rejects a skill that is empty, carries a control character or is over 40 characters, on the skills field', async () => {
    for (const skills of [[''], ['  '], ['dri\u0007ving'], ['x'.repeat(41)]]) {
      const before = await countRows(server);
      const payload = await register(villageAdmin, village, [volunteerRow({ skills })]);
      expect(payload.results[0]).toMatchObject({ errorCode: 'BAD_USER_INPUT', errorField: 'skills' });
      expect(await countRows(server)).toEqual(before);
    }
  });

  it('reports each rejected row of a non-atomic batch with its own field and saves the rest', async () => {
    const before = await countRows(server);
    const rows = [volunteerRow(), volunteerRow({ name: '  ' }), volunteerRow({ mobile: '1234' }), volunteerRow({ idNumber: idNumberWithBirthDate('19990230') }), volunteerRow()];
    const payload = await register(villageAdmin, village, rows, false);
    expect(payload).toMatchObject({ registered: 2, rejected: 3 });
    expect(payload.results.map((r) => [r.row, r.errorCode, r.errorField])).toEqual([
      [0, null, null], [1, 'BAD_USER_INPUT', 'name'], [2, 'BAD_USER_INPUT', 'mobile'], [3, 'BAD_USER_INPUT', 'idNumber'], [4, null, null],
    ]);
    expect(payload.results[0].volunteer?.status).toBe('ACTIVE');
    expect(await countRows(server)).toEqual({ ...before, volunteers: before.volunteers + 2, affiliations: before.affiliations + 2 });
  });
});

describe('registerVolunteers: one person is one volunteer', () => {
  it('finds the same person by ID number even under another mobile and another spelling of the name', async () => {
    const first = await registerVolunteer(villageAdmin, village, volunteerRow({ name: '黄建国' }));
    const before = await countRows(server);
    const payload = await register(chamberAdmin, chamber, [volunteerRow({ name: '黄 建国', idNumber: first.idNumber })]);
    // The same person (no second record) — another organization's, so asked before the chamber sees them.
    expect(payload.results[0]).toMatchObject({ outcome: 'AWAITING_CONFIRMATION', volunteer: null });
    expect(await countRows(server)).toEqual({ ...before, affiliations: before.affiliations + 1 });
  });

  it('finds the same person by mobile and name when the row has no ID number, and by mobile and name when it carries the stored ID', async () => {
    const first = await registerVolunteer(villageAdmin, village, volunteerRow({ name: '黄丽华' }));
    const byMobile = await register(villageAdmin, village, [{ name: ' 黄丽华 ', mobile: first.mobile }]);
    expect(byMobile.results[0]).toMatchObject({ outcome: 'ALREADY_REGISTERED', volunteer: { id: first.id } });
    const withId = await register(villageAdmin, village, [{ name: '黄丽华', mobile: first.mobile, idNumber: first.idNumber }]);
    expect(withId.results[0]).toMatchObject({ outcome: 'ALREADY_REGISTERED', volunteer: { id: first.id } });
  });

  it('rejects as DUPLICATE a known mobile under another name, and a known mobile and name with a different ID number, revealing nothing', async () => {
    const first = await registerVolunteer(chamberAdmin, chamber, volunteerRow({ name: '王秀兰' }));
    const before = await countRows(server);
    const payload = await register(villageAdmin, village, [
      { name: '张伟', mobile: first.mobile },
      { name: '王秀兰', mobile: first.mobile, idNumber: freshIdNumber() },
      { name: '张伟', mobile: mobileNumber(), idNumber: first.idNumber },
    ], false);
    expect(payload.results.map((r) => [r.errorCode, r.errorField])).toEqual([['DUPLICATE', 'mobile'], ['DUPLICATE', 'mobile'], ['DUPLICATE', 'idNumber']]);
    for (const r of payload.results) {
      expect(r.volunteer).toBeNull();
      for (const secret of ['王秀兰', chamber.name, first.id, first.mobile.slice(-4), first.idNumber!.slice(-4)]) expect(r.message).not.toContain(secret);
    }
    // The third row carries a stored person's ID number under another name: a match by number alone is no identity.
    expect(await countRows(server)).toEqual(before);
  });

  it('answers a DUPLICATE the same way whoever the other person is and whichever organization registered them', async () => {
    const a = await registerVolunteer(chamberAdmin, chamber, volunteerRow({ name: '甲' }));
    const b = await registerVolunteer(villageAdmin, village, volunteerRow({ name: '乙' }));
    const ra = await register(villageAdmin, village, [{ name: '丙', mobile: a.mobile }]);
    const rb = await register(villageAdmin, village, [{ name: '丙', mobile: b.mobile }]);
    expect(ra.results[0]).toEqual(rb.results[0]);
  });

  it('treats two rows of one batch with the same ID number as one person, and a second person on a taken mobile as DUPLICATE', async () => {
    const before = await countRows(server);
    const id = freshIdNumber();
    const mobile = mobileNumber();
    const payload = await register(villageAdmin, village, [
      { name: '蔡明辉', mobile, idNumber: id },
      { name: '蔡明辉', mobile: mobileNumber(), idNumber: id },
      { name: '蔡小明', mobile },
    ], false);
    expect(payload.results.map((r) => [r.errorCode, r.errorField])).toEqual([[null, null], [null, null], ['DUPLICATE', 'mobile']]);
    expect(payload.results[0].volunteer?.id).toBe(payload.results[1].volunteer?.id);
    expect(await countRows(server)).toEqual({ ...before, volunteers: before.volunteers + 1, affiliations: before.affiliations + 1 });
  });

  it('rejects the whole atomic batch when one row is a DUPLICATE', async () => {
    const taken = await registerVolunteer(chamberAdmin, chamber, volunteerRow());
    const before = await countRows(server);
    const payload = await register(villageAdmin, village, [volunteerRow(), { name: '另一个人', mobile: taken.mobile }]);
    expect(payload).toMatchObject({ registered: 0, rejected: 1 });
    expect(payload.results[1]).toMatchObject({ errorCode: 'DUPLICATE', errorField: 'mobile' });
    expect(await countRows(server)).toEqual(before);
  });

  it('registers a person the organization already has again without a second affiliation', async () => {
    const first = await registerVolunteer(villageAdmin, village, volunteerRow());
    const before = await countRows(server);
    const payload = await register(villageAdmin, village, [{ name: first.name, mobile: first.mobile, idNumber: first.idNumber }]);
    expect(payload).toMatchObject({ registered: 1, rejected: 0 });
    expect(payload.results[0].volunteer?.id).toBe(first.id);
    expect(await countRows(server)).toEqual(before);
    const { volunteers } = await villageAdmin.ok(VolunteerRecordsDocument, { organizationId: village.id, search: first.mobile });
    expect(volunteers.totalCount).toBe(1);
  });

  it('keeps no plaintext ID number in any table after a registration', async () => {
    const row = volunteerRow();
    await registerVolunteer(villageAdmin, village, row);
    const middle = row.idNumber!.slice(4, 14);
    const [{ n }] = await server.sql`
      select count(*)::int as n from (
        select v::text as t from volunteers v union all select a::text from accounts a union all select o::text from organizations o
        union all select va::text from volunteer_affiliations va) rows where t like ${`%${middle}%`}`;
    expect(n).toBe(0);
  });
});

describe('registerVolunteers: who may', () => {
  it('answers UNAUTHENTICATED without a token and NOT_FOUND for an organization id that does not decode to one, saving nothing', async () => {
    const before = await countRows(server);
    const anon = await server.anonymous.request(RegisterVolunteerRecordsDocument, { organizationId: village.id, volunteers: [volunteerRow()] });
    expect(anon.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    const bad = await villageAdmin.request(RegisterVolunteerRecordsDocument, { organizationId: 'not-an-id', volunteers: [volunteerRow()] });
    expectCleanErrors(bad);
    expect(bad.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'organizationId']]);
    expect(await countRows(server)).toEqual(before);
  });

  it('refuses a correction officer of an unrelated office with NOT_FOUND, and lets a coordinator of the organization register', async () => {
    const office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所');
    const officer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
    const coordinator = await createStaff(server, 'COORDINATOR', village.id);
    expect(await officer.codes(RegisterVolunteerRecordsDocument, { organizationId: village.id, volunteers: [volunteerRow()] })).toEqual(['NOT_FOUND']);
    const payload = await register(coordinator, village, [volunteerRow()]);
    expect(payload.registered).toBe(1);
  });
});
