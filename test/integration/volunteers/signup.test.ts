import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApproveVolunteerDocument, ConfirmSignUpDocument, MeDocument, MyVolunteerDocument, SetVolunteerStatusDocument, SignUpDocument, VolunteersDocument,
  type SignUpInput, type VolunteerInput,
} from '../../../client/generated/graphql';
import { parseGlobalId, toGlobalId } from '../../../server/platform/ids';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { countRows, idNumberWithWrongCheck, registerVolunteer, SIGN_UP_PASSWORD, volunteerRow } from '../../support/factories/volunteers';
import { startTestServer, type TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let community: OrgHandle;
let rescue: OrgHandle;
let office: OrgHandle;
let communityAdmin: GraphQLTestClient;
let communityCoordinator: GraphQLTestClient;
let rescueAdmin: GraphQLTestClient;

const dbId = (globalId: string) => parseGlobalId(globalId)!.id;

const input = (volunteer: VolunteerInput, overrides: Partial<SignUpInput> = {}): SignUpInput =>
  ({ volunteer, organizationId: community.id, password: SIGN_UP_PASSWORD, consent: true, ...overrides });

async function errorOf(variables: { input: SignUpInput }) {
  const result = await server.anonymous.request(SignUpDocument, variables);
  return result.errors?.map((e) => ({ code: e.extensions?.code, field: e.extensions?.field }));
}

beforeAll(async () => {
  server = await startTestServer();
  community = await createOrg(server, 'COMMUNITY', '江浦社区');
  rescue = await createOrg(server, 'SOCIAL_ORGANIZATION', '蓝天救援队');
  office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所');
  communityAdmin = await createStaff(server, 'ORG_ADMIN', community.id);
  communityCoordinator = await createStaff(server, 'COORDINATOR', community.id);
  rescueAdmin = await createStaff(server, 'ORG_ADMIN', rescue.id);
});
afterAll(async () => { await server?.stop(); });

describe('signUp', () => {
  it('creates a PENDING volunteer of the organization with a VOLUNTEER account, answering masked', async () => {
    const before = await countRows(server);
    const row = volunteerRow({ skills: ['Dialect'] });
    const { signUp } = await server.anonymous.ok(SignUpDocument, { input: input(row) });
    expect(signUp).toMatchObject({ name: row.name, status: 'PENDING', skills: ['dialect'], mobile: `${row.mobile.slice(0, 3)}****${row.mobile.slice(7)}` });
    expect(signUp.idNumber).toBe(`${row.idNumber!.slice(0, 4)}**********${row.idNumber!.slice(-4)}`);
    expect(await countRows(server)).toEqual({ volunteers: before.volunteers + 1, affiliations: before.affiliations + 1, accounts: before.accounts + 1 });
    const [account] = await server.sql`select a.volunteer_id, v.registered_by, g.role, g.organization_id from accounts a
      join volunteers v on v.id = a.volunteer_id join role_grants g on g.account_id = a.id where a.mobile = ${row.mobile}`;
    expect(account).toMatchObject({ role: 'VOLUNTEER', organization_id: dbId(community.id), volunteer_id: dbId(signUp.id) });

    const self = await server.anonymous.login(row.mobile, SIGN_UP_PASSWORD);
    const { me } = await self.ok(MyVolunteerDocument);
    expect(me.volunteer).toMatchObject({ id: signUp.id, mobile: row.mobile, idNumber: row.idNumber, status: 'PENDING', registeredBy: { id: community.id } });
    // RoleGrant.organization is null only for PLATFORM_ADMIN: the grant names the organization signed up with.
    expect((await self.ok(MeDocument)).me.roles).toEqual([{ role: 'VOLUNTEER', organization: { id: community.id, name: community.name, kind: 'COMMUNITY' } }]);
  });

  it('refuses a sign-up without consent and saves nothing', async () => {
    const before = await countRows(server);
    expect(await errorOf({ input: input(volunteerRow(), { consent: false }) })).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.consent' }]);
    expect(await countRows(server)).toEqual(before);
  });

  it('names the offending field as input.volunteer.<field> and input.password', async () => {
    const before = await countRows(server);
    expect(await errorOf({ input: input(volunteerRow({ mobile: '02812345678' })) })).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.volunteer.mobile' }]);
    expect(await errorOf({ input: input(volunteerRow({ idNumber: idNumberWithWrongCheck() })) })).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.volunteer.idNumber' }]);
    expect(await errorOf({ input: input(volunteerRow(), { password: 'short' }) })).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.password' }]);
    expect(await errorOf({ input: input(volunteerRow({ name: ' ' })) })).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.volunteer.name' }]);
    expect(await errorOf({ input: input(volunteerRow(), { organizationId: 'not-an-id' }) })).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.organizationId' }]);
    expect(await countRows(server)).toEqual(before);
  });

  it('answers NOT_FOUND for an organization that does not exist and for a correction office', async () => {
    const before = await countRows(server);
    const missing = toGlobalId('Organization', 987_654);
    expect(await errorOf({ input: input(volunteerRow(), { organizationId: missing }) })).toEqual([{ code: 'NOT_FOUND', field: undefined }]);
    expect(await errorOf({ input: input(volunteerRow(), { organizationId: office.id }) })).toEqual([{ code: 'NOT_FOUND', field: undefined }]);
    expect(await countRows(server)).toEqual(before);
  });

  it('takes a home grid of the organization and refuses one elsewhere as input.volunteer.homeGridId', async () => {
    const grid = async (org: OrgHandle) => {
      const [{ id }] = await server.sql`insert into grids (name, level, organization_id) values ('网格1', 'GRID', ${dbId(org.id)}) returning id`;
      return toGlobalId('Grid', id);
    };
    const [own, foreign] = [await grid(community), await grid(rescue)];
    expect(await errorOf({ input: input(volunteerRow({ homeGridId: foreign })) })).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.volunteer.homeGridId' }]);
    const row = volunteerRow({ homeGridId: own });
    await server.anonymous.ok(SignUpDocument, { input: input(row) });
    const [stored] = await server.sql`select home_grid_id from volunteers where mobile = ${row.mobile}`;
    expect(stored.home_grid_id).toBe(dbId(own));
  });

  /** What an outsider gets back: the fields of the answer that do not merely echo the input. */
  const shape = (v: { id: string; status: string; registeredBy: unknown }) => ({ idIsNew: typeof v.id === 'string', status: v.status, registeredBy: v.registeredBy });

  it('answers a sign-up with a mobile that already has an account exactly like a new one, linking nothing', async () => {
    const row = volunteerRow();
    await server.anonymous.ok(SignUpDocument, { input: input(row) });
    const before = await countRows(server);
    const again = await server.anonymous.request(SignUpDocument, { input: input({ ...row, idNumber: null }, { organizationId: rescue.id }) });
    const fresh = await server.anonymous.request(SignUpDocument, { input: input(volunteerRow({ idNumber: null }), { organizationId: rescue.id }) });
    expect(again.errors).toBeUndefined();
    expect(shape(again.data!.signUp)).toEqual(shape(fresh.data!.signUp));
    expect(Object.keys(again.data!.signUp)).toEqual(Object.keys(fresh.data!.signUp));
    expect(await countRows(server)).toEqual({ ...before, volunteers: before.volunteers + 1, affiliations: before.affiliations + 1, accounts: before.accounts + 1 });
    const affiliations = await server.sql`select organization_id from volunteer_affiliations a join volunteers v on v.id = a.volunteer_id where v.mobile = ${row.mobile}`;
    expect(affiliations.map((a) => a.organization_id)).toEqual([dbId(community.id)]);
  });

  it('answers a mobile that belongs to a different person exactly like a new one, saving nothing and sending nothing', async () => {
    const other = await registerVolunteer(rescueAdmin, rescue, volunteerRow({ name: '蔡文杰' }));
    const before = await countRows(server);
    const result = await server.anonymous.request(SignUpDocument, { input: input(volunteerRow({ name: '柯少华', mobile: other.mobile })) });
    expect(result.errors).toBeUndefined();
    expect(result.data!.signUp).toMatchObject({ name: '柯少华', status: 'PENDING', registeredBy: null });
    expect(await countRows(server)).toEqual(before);
    expect(server.sms.outbox.get(other.mobile)).toBeUndefined();
  });

  it("links a person registered by staff only once a code sent to the record's mobile comes back", async () => {
    const row = volunteerRow();
    const registered = await registerVolunteer(rescueAdmin, rescue, row);
    const before = await countRows(server);
    const { signUp } = await server.anonymous.ok(SignUpDocument, { input: input(row) });
    expect(signUp).toMatchObject({ status: 'PENDING', registeredBy: null });
    expect(signUp.id).not.toBe(registered.id);
    expect(await countRows(server)).toEqual(before);
    expect(await server.anonymous.codes(MeDocument)).toEqual(['UNAUTHENTICATED']);
    const sent = server.sms.outbox.get(row.mobile)!;
    expect(sent).toMatchObject({ template: 'SIGN_UP_CONFIRMATION' });
    expect(await server.anonymous.codes(ConfirmSignUpDocument, { mobile: row.mobile, code: sent.code === '000000' ? '111111' : '000000' })).toEqual(['BAD_USER_INPUT']);
    expect((await server.anonymous.ok(ConfirmSignUpDocument, { mobile: row.mobile, code: sent.code })).confirmSignUp).toBe(true);
    expect(await countRows(server)).toEqual({ volunteers: before.volunteers, affiliations: before.affiliations + 1, accounts: before.accounts + 1 });
    const [grant] = await server.sql`select g.organization_id from role_grants g join accounts a on a.id = g.account_id where a.mobile = ${row.mobile}`;
    expect(grant.organization_id).toBe(dbId(community.id));
    const { volunteers } = await communityCoordinator.ok(VolunteersDocument, { organizationId: community.id, search: row.name });
    expect(volunteers.edges.map((e) => [e.node.id, e.node.status])).toEqual([[registered.id, 'PENDING']]);
    const self = await server.anonymous.login(row.mobile, SIGN_UP_PASSWORD);
    expect((await self.ok(MyVolunteerDocument)).me.volunteer?.id).toBe(registered.id);
    expect(await server.anonymous.codes(ConfirmSignUpDocument, { mobile: row.mobile, code: sent.code })).toEqual(['BAD_USER_INPUT']);
  });
});

describe('approving and changing status', () => {
  async function pending() {
    const row = volunteerRow();
    const { signUp } = await server.anonymous.ok(SignUpDocument, { input: input(row) });
    return { id: signUp.id, row };
  }

  it('lets a coordinator of the organization approve a pending volunteer once', async () => {
    const { id } = await pending();
    expect((await communityCoordinator.ok(ApproveVolunteerDocument, { id })).approveVolunteer).toEqual({ id, status: 'ACTIVE' });
    expect(await communityAdmin.codes(ApproveVolunteerDocument, { id })).toEqual(['CONFLICT']);
  });

  it('hides a pending volunteer from staff of another organization and refuses the volunteer approving themself', async () => {
    const { id, row } = await pending();
    expect(await rescueAdmin.codes(ApproveVolunteerDocument, { id })).toEqual(['NOT_FOUND']);
    const self = await server.anonymous.login(row.mobile, SIGN_UP_PASSWORD);
    expect(await self.codes(ApproveVolunteerDocument, { id })).toEqual(['FORBIDDEN']);
    const [stored] = await server.sql`select status from volunteers where mobile = ${row.mobile}`;
    expect(stored.status).toBe('PENDING');
  });

  it('suspends, archives and reactivates, but never puts a volunteer back to PENDING', async () => {
    const { id } = await pending();
    for (const status of ['SUSPENDED', 'ARCHIVED', 'ACTIVE'] as const) {
      expect((await communityAdmin.ok(SetVolunteerStatusDocument, { id, status })).setVolunteerStatus.status).toBe(status);
    }
    const result = await communityAdmin.request(SetVolunteerStatusDocument, { id, status: 'PENDING' });
    expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'status']]);
    expect(await rescueAdmin.codes(SetVolunteerStatusDocument, { id, status: 'SUSPENDED' })).toEqual(['NOT_FOUND']);
    // The organization decided about its own affiliation; the person's own status is a platform admin's.
    const [stored] = await server.sql`select v.status, a.status as standing from volunteers v join volunteer_affiliations a on a.volunteer_id = v.id where v.id = ${dbId(id)}`;
    expect(stored).toEqual({ status: 'PENDING', standing: 'ACTIVE' });
  });

  it('lists pending sign-ups for the organization by status', async () => {
    const { id } = await pending();
    const { volunteers } = await communityAdmin.ok(VolunteersDocument, { organizationId: community.id, status: 'PENDING' });
    expect(volunteers.edges.map((e) => e.node.id)).toContain(id);
    expect(volunteers.edges.every((e) => e.node.status === 'PENDING')).toBe(true);
  });
});
