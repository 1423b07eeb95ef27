import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateVolunteerAccountDocument, LoginWithVolunteerDocument, SignUpDocument } from '../../../client/generated/graphql';
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
    expect(await coordinator.codes(CreateVolunteerAccountDocument, { volunteerId: registered.id, password: 'another-password-2' })).toEqual(['CONFLICT']);
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
