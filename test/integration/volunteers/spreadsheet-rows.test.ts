import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportVolunteersDocument, VolunteerNodeDocument, type VolunteerInput } from '../../../client/generated/graphql';
import { parseGlobalId } from '../../../server/platform/ids';
import { createOrg, createStaff, mobileNumber, type OrgHandle } from '../../support/factories';
import {
  countRows, freshIdNumber, idNumberWithWrongCheck, joinedBy, registerRows, registerVolunteer, signInAsPerson, startRegistrationWorld, volunteerRow,
} from '../../support/factories/volunteers';
import type { TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';

/*
 * Rows as registrars' sheets carry them: numbers typed with spaces, dashes, a country code or
 * full-width digits, names padded with full-width spaces; people already on record whose sheet row
 * says something new; a dry run before the real one.
 */
let server: TestServer;
let village: OrgHandle;
let chamber: OrgHandle;
let office: OrgHandle;
let villageAdmin: GraphQLTestClient;
let chamberAdmin: GraphQLTestClient;
let officer: GraphQLTestClient;

beforeAll(async () => {
  ({ server, village, chamber, villageAdmin, chamberAdmin } = await startRegistrationWorld());
  office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所');
  officer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
});
afterAll(async () => { await server?.stop(); });

const dbId = (globalId: string) => parseGlobalId(globalId)!.id;
const fullWidth = (s: string) => s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

async function importRows(by: GraphQLTestClient, org: OrgHandle, volunteers: VolunteerInput[], options: { update?: boolean; dryRun?: boolean } = {}) {
  return (await by.ok(ImportVolunteersDocument, { organizationId: org.id, volunteers, ...options })).registerVolunteers;
}

/** The record as the village's admin (admin of the registering organization) reads it. */
async function recordOf(id: string) {
  const { node } = await villageAdmin.ok(VolunteerNodeDocument, { id });
  return node?.__typename === 'Volunteer' ? node : null;
}

async function storedRow(id: string) {
  const [row] = await server.sql`select mobile, party_member, skills, updated_at from volunteers where id = ${dbId(id)}`;
  return row;
}

describe('numbers and names as sheets type them', () => {
  it('stores mobiles written with spaces, dashes, +86, 0086 or full-width digits as 11 digits', async () => {
    const mobiles = Array.from({ length: 5 }, () => mobileNumber());
    const typed = [
      `${mobiles[0].slice(0, 3)} ${mobiles[0].slice(3, 7)} ${mobiles[0].slice(7)}`,
      `${mobiles[1].slice(0, 3)}-${mobiles[1].slice(3, 7)}-${mobiles[1].slice(7)}`,
      `+86 ${mobiles[2]}`,
      `0086${mobiles[3]}`,
      fullWidth(mobiles[4]),
    ];
    const { results } = await importRows(villageAdmin, village, typed.map((mobile) => volunteerRow({ mobile })));
    expect(results.map((r) => r.outcome)).toEqual(Array(5).fill('CREATED'));
    const stored = await Promise.all(results.map((r) => recordOf(r.volunteer!.id)));
    expect(stored.map((v) => v?.mobile)).toEqual(mobiles);
  });

  it('stores ID numbers with full-width digits, spaces or a small x, and names padded with full-width spaces, as written by hand', async () => {
    const idNumber = freshIdNumber();
    const spaced = `${idNumber.slice(0, 6)} ${idNumber.slice(6, 14)}　${idNumber.slice(14)}`.toLowerCase();
    const { results } = await importRows(villageAdmin, village, [
      { name: '　张　三　', mobile: mobileNumber(), idNumber: fullWidth(spaced) },
      { name: 'Ahmad  Ali', mobile: mobileNumber() },
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['CREATED', 'CREATED']);
    const [first, second] = await Promise.all(results.map((r) => recordOf(r.volunteer!.id)));
    expect([first?.name, first?.idNumber, second?.name]).toEqual(['张三', idNumber, 'Ahmad Ali']);
  });

  it('finds the same person again when the next sheet types the mobile differently, duplicating nobody', async () => {
    const row = volunteerRow();
    const person = await registerVolunteer(villageAdmin, village, row);
    const before = await countRows(server);
    const { results } = await importRows(villageAdmin, village, [{ ...row, mobile: `+86 ${fullWidth(row.mobile)}`, idNumber: ` ${row.idNumber} ` }]);
    expect(results[0]).toMatchObject({ outcome: 'ALREADY_REGISTERED', volunteer: { id: person.id }, differences: [] });
    expect(await countRows(server)).toEqual(before);
  });

  it('still refuses what is not a mainland mobile or a valid ID number, naming the field and a reason for programs', async () => {
    const { results, rejected } = await importRows(villageAdmin, village, [
      volunteerRow({ mobile: '0591-8765 4321' }),
      volunteerRow({ idNumber: idNumberWithWrongCheck() }),
      volunteerRow({ name: '　' }),
    ]);
    expect(rejected).toBe(3);
    expect(results.map((r) => [r.outcome, r.errorField, r.errorReason])).toEqual([
      ['REJECTED', 'mobile', 'MOBILE_INVALID'], ['REJECTED', 'idNumber', 'ID_NUMBER_CHECK_CHARACTER'], ['REJECTED', 'name', 'NAME_INVALID'],
    ]);
    expect(results.every((r) => r.message && r.message.length > 10)).toBe(true);
  });
});

describe('a matched person whose row says something new', () => {
  it("reports a new mobile instead of dropping it, and applies it with update when the village registered the person", async () => {
    const row = volunteerRow({ skills: ['dialect'] });
    const person = await registerVolunteer(villageAdmin, village, row);
    const newMobile = mobileNumber();
    const sheet = { ...row, mobile: newMobile, skills: ['dialect', 'e-bike'], partyMember: true };
    const reported = await importRows(villageAdmin, village, [sheet]);
    expect(reported.results[0]).toMatchObject({ outcome: 'ALREADY_REGISTERED', volunteer: { id: person.id } });
    expect(reported.results[0].differences).toEqual([
      { field: 'mobile', current: row.mobile, given: newMobile, applied: false, reason: 'UPDATE_NOT_REQUESTED' },
      { field: 'partyMember', current: 'false', given: 'true', applied: false, reason: 'UPDATE_NOT_REQUESTED' },
      { field: 'skills', current: 'dialect', given: 'e-bike', applied: false, reason: 'UPDATE_NOT_REQUESTED' },
    ]);
    expect((await storedRow(person.id)).mobile).toBe(row.mobile);
    const updated = await importRows(villageAdmin, village, [sheet], { update: true });
    expect(updated.results[0].differences.map((d) => [d.field, d.applied])).toEqual([['mobile', true], ['partyMember', true], ['skills', true]]);
    expect(await recordOf(person.id)).toMatchObject({ mobile: newMobile, partyMember: true, skills: ['dialect', 'e-bike'] });
  });

  it('adds skills and Party membership but never a mobile for an organization that holds the person without having registered them', async () => {
    const row = volunteerRow({ name: '蔡明辉' });
    const person = await registerVolunteer(villageAdmin, village, row);
    await joinedBy(server, chamberAdmin, chamber, person);
    const { results } = await importRows(chamberAdmin, chamber, [{ ...row, mobile: mobileNumber(), skills: ['logistics'], partyMember: true }], { update: true });
    expect(results[0].outcome).toBe('ALREADY_REGISTERED');
    expect(results[0].differences).toEqual([
      { field: 'mobile', current: `${row.mobile.slice(0, 3)}****${row.mobile.slice(7)}`, given: expect.any(String), applied: false, reason: 'NOT_REGISTRAR' },
      { field: 'partyMember', current: 'false', given: 'true', applied: true, reason: null },
      { field: 'skills', current: null, given: 'logistics', applied: true, reason: null },
    ]);
    expect(await recordOf(person.id)).toMatchObject({ mobile: row.mobile, partyMember: true, skills: ['logistics'] });
  });

  it('keeps the mobile of a person who signs in with it', async () => {
    const row = volunteerRow();
    const person = await registerVolunteer(villageAdmin, village, row);
    await signInAsPerson(server, person);
    const { results } = await importRows(villageAdmin, village, [{ ...row, mobile: mobileNumber() }], { update: true });
    expect(results[0].differences).toEqual([expect.objectContaining({ field: 'mobile', applied: false, reason: 'HAS_ACCOUNT' })]);
    expect((await storedRow(person.id)).mobile).toBe(row.mobile);
  });

  it('describes nothing and changes nothing for a person only asked to confirm, alike for a correction participant and anyone else', async () => {
    const participantRow = volunteerRow({ name: '吴永福' });
    const ordinaryRow = volunteerRow({ name: '蔡丽华' });
    const participant = await registerVolunteer(officer, office, participantRow);
    const ordinary = await registerVolunteer(chamberAdmin, chamber, ordinaryRow);
    const before = [await storedRow(participant.id), await storedRow(ordinary.id)];
    const answers = [];
    for (const row of [participantRow, ordinaryRow]) {
      const { results } = await importRows(villageAdmin, village, [{ ...row, mobile: mobileNumber(), skills: ['sampling'], partyMember: true }], { update: true });
      answers.push(results[0]);
    }
    expect(answers[0]).toMatchObject({ outcome: 'AWAITING_CONFIRMATION', volunteer: null, differences: [] });
    expect({ ...answers[0], message: null }).toEqual({ ...answers[1], message: null });
    expect(answers[0].message).toBe(answers[1].message);
    expect([await storedRow(participant.id), await storedRow(ordinary.id)]).toEqual(before);
  });

  it('gives a new mobile to one of two people when two updates claim it at the same moment', async () => {
    const rows = [volunteerRow(), volunteerRow()];
    const people = await Promise.all(rows.map((row) => registerVolunteer(villageAdmin, village, row)));
    const contested = mobileNumber();
    const answers = await Promise.all(rows.map((row) => importRows(villageAdmin, village, [{ ...row, mobile: contested }], { update: true })));
    const applied = answers.filter((a) => a.results[0].differences.some((d) => d.field === 'mobile' && d.applied));
    expect(applied).toHaveLength(1);
    const [{ n }] = await server.sql`select count(*)::int as n from volunteers where mobile = ${contested}`;
    expect(n).toBe(1);
    const holders = await Promise.all(people.map(async (p) => (await storedRow(p.id)).mobile === contested));
    expect(holders.filter(Boolean)).toHaveLength(1);
  });
});

describe('a dry run', () => {
  it('checks every row against the others, looks nobody up and saves nothing', async () => {
    const known = await registerVolunteer(chamberAdmin, chamber, volunteerRow());
    const twice = volunteerRow();
    const before = await countRows(server);
    const { results, registered, rejected } = await importRows(villageAdmin, village, [
      { name: known.name, mobile: known.mobile },
      twice,
      { ...twice, mobile: ` ${twice.mobile} ` },
      volunteerRow({ mobile: twice.mobile, idNumber: null }),
      volunteerRow({ mobile: '12345' }),
    ], { dryRun: true });
    expect(results.map((r) => [r.outcome, r.sameAsRow, r.errorReason])).toEqual([
      ['CHECKED', null, null], ['CHECKED', null, null], ['SAME_AS_ROW', 1, null], ['REJECTED', null, 'MOBILE_TAKEN'], ['REJECTED', null, 'MOBILE_INVALID'],
    ]);
    expect({ registered, rejected }).toEqual({ registered: 0, rejected: 2 });
    expect(await countRows(server)).toEqual(before);
    const [{ n }] = await server.sql`select count(*)::int as n from volunteer_affiliations where confirmed_at is null and volunteer_id = ${dbId(known.id)}`;
    expect(n).toBe(0);
  });
});

describe('registerRows (atomic) keeps its answers', () => {
  it('answers a normalized batch like before: one CREATED row per new person', async () => {
    const { results } = await registerRows(villageAdmin, village, [volunteerRow({ mobile: ` ${mobileNumber()} ` })]);
    expect(results[0].outcome).toBe('CREATED');
  });
});
