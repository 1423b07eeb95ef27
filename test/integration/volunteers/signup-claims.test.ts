import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateVolunteerAccountDocument, LoginWithVolunteerDocument, MeDocument, SignUpDocument } from '../../../client/generated/graphql';
import { parseGlobalId } from '../../../server/platform/ids';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { countRows, registerVolunteer, SIGN_UP_PASSWORD, volunteerRow } from '../../support/factories/volunteers';
import { startTestServer, type TestServer } from '../../support/harness';

let server: TestServer;
let community: OrgHandle;
beforeAll(async () => {
  server = await startTestServer();
  community = await createOrg(server, 'COMMUNITY', '梅庭社区');
});
afterAll(async () => { await server?.stop(); });

const dbId = (globalId: string) => parseGlobalId(globalId)!.id;

describe('claiming an existing person through signUp', () => {
  it('refuses a sign-up that knows only the mobile and name of someone already registered, creating no account', async () => {
    const row = volunteerRow();
    await registerVolunteer(server.admin, community, row);
    const before = await countRows(server);
    const { idNumber: _withheld, ...withoutId } = row;
    const result = await server.anonymous.request(SignUpDocument, {
      input: { volunteer: withoutId, organizationId: community.id, password: SIGN_UP_PASSWORD, consent: true },
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(JSON.stringify(result.errors)).not.toContain(row.idNumber!.slice(4, 14));
    expect(await countRows(server)).toEqual(before);
  });

  it('lets the person claim their record with their ID number, and login shows them their own record', async () => {
    const row = volunteerRow();
    const registered = await registerVolunteer(server.admin, community, row);
    await server.anonymous.ok(SignUpDocument, { input: { volunteer: row, organizationId: community.id, password: SIGN_UP_PASSWORD, consent: true } });
    const { login } = await server.anonymous.ok(LoginWithVolunteerDocument, { mobile: row.mobile, password: SIGN_UP_PASSWORD });
    expect(login.account.volunteer).toEqual({ id: registered.id, name: row.name, mobile: row.mobile });
  });
});

describe('createVolunteerAccount', () => {
  it("lets the volunteer's organization give someone registered without an ID number an account, once", async () => {
    const coordinator = await createStaff(server, 'COORDINATOR', community.id);
    const { idNumber: _none, ...row } = volunteerRow();
    const registered = await registerVolunteer(server.admin, community, row);
    const { createVolunteerAccount } = await coordinator.ok(CreateVolunteerAccountDocument, { volunteerId: registered.id, password: 'given-password-1' });
    expect(createVolunteerAccount.roles).toEqual([{ role: 'VOLUNTEER' }]);
    const { login } = await server.anonymous.ok(LoginWithVolunteerDocument, { mobile: row.mobile, password: 'given-password-1' });
    expect(login.account.volunteer?.id).toBe(registered.id);
    // RoleGrant.organization is null only for PLATFORM_ADMIN: the grant names the coordinator's organization.
    const { me } = await server.anonymous.withToken(login.token).ok(MeDocument);
    expect(me.roles).toEqual([{ role: 'VOLUNTEER', organization: { id: community.id, name: community.name, kind: 'COMMUNITY' } }]);
    expect(await coordinator.codes(CreateVolunteerAccountDocument, { volunteerId: registered.id, password: 'another-password-2' })).toEqual(['CONFLICT']);
  });

  it('names an organization of the volunteer the caller looks after, never a correction office the caller may not know about', async () => {
    const town = await createOrg(server, 'GOVERNMENT', '陈埭镇');
    const village = await createOrg(server, 'COMMUNITY', '洋埭村', town.id);
    const office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所', town.id);
    const officer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
    const { idNumber: _a, ...participant } = volunteerRow();
    const { idNumber: _b, ...officeOnly } = volunteerRow();
    const p = await registerVolunteer(officer, office, participant);
    await registerVolunteer(server.admin, village, participant);
    const o = await registerVolunteer(officer, office, officeOnly);
    const grantOf = async (mobile: string) => (await server.sql`select g.organization_id as id from role_grants g join accounts a on a.id = g.account_id where a.mobile = ${mobile}`)[0].id;

    await (await createStaff(server, 'ORG_ADMIN', town.id)).ok(CreateVolunteerAccountDocument, { volunteerId: p.id, password: 'given-password-1' });
    expect(await grantOf(participant.mobile)).toBe(dbId(village.id));
    await officer.ok(CreateVolunteerAccountDocument, { volunteerId: o.id, password: 'given-password-1' });
    expect(await grantOf(officeOnly.mobile)).toBe(dbId(office.id));
    // The participant themself — the one person besides the office who may know — sees it on their own grant.
    const { login } = await server.anonymous.ok(LoginWithVolunteerDocument, { mobile: officeOnly.mobile, password: 'given-password-1' });
    const { me } = await server.anonymous.withToken(login.token).ok(MeDocument);
    expect(me.roles).toEqual([{ role: 'VOLUNTEER', organization: { id: office.id, name: office.name, kind: 'CORRECTION_OFFICE' } }]);
  });

  it('refuses staff of another organization with NOT_FOUND and a short password with BAD_USER_INPUT, creating nothing', async () => {
    const other = await createOrg(server, 'COMMUNITY', '新前社区');
    const outsider = await createStaff(server, 'ORG_ADMIN', other.id);
    const registered = await registerVolunteer(server.admin, community, volunteerRow());
    const before = await countRows(server);
    expect(await outsider.codes(CreateVolunteerAccountDocument, { volunteerId: registered.id, password: 'outsider-password-1' })).toEqual(['NOT_FOUND']);
    const short = await server.admin.request(CreateVolunteerAccountDocument, { volunteerId: registered.id, password: 'short' });
    expect(short.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    expect(await countRows(server)).toEqual(before);
  });
});
