import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MyVolunteerDocument, RegisterVolunteersDocument, VolunteerNodeDocument } from '../../../client/generated/graphql';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { joinedBy, type RegisteredVolunteer, registerVolunteer, signUpAndSignIn, volunteerRow } from '../../support/factories/volunteers';
import { startTestServer, type TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let town: OrgHandle;
let community: OrgHandle;
let chamber: OrgHandle;
let person: RegisteredVolunteer;
const row = volunteerRow({ name: '施丽娟', mobile: '13812345678' });

const masked = (p: RegisteredVolunteer) => ({
  mobile: `${p.mobile.slice(0, 3)}****${p.mobile.slice(7)}`,
  idNumber: `${p.idNumber!.slice(0, 4)}**********${p.idNumber!.slice(-4)}`,
});
const plain = (p: RegisteredVolunteer) => ({ mobile: p.mobile, idNumber: p.idNumber });

async function seenBy(client: GraphQLTestClient, id = person.id) {
  const { node } = await client.ok(VolunteerNodeDocument, { id });
  if (node?.__typename !== 'Volunteer') throw new Error('volunteer not visible');
  return { mobile: node.mobile, idNumber: node.idNumber };
}

beforeAll(async () => {
  server = await startTestServer();
  town = await createOrg(server, 'GOVERNMENT', '梅岭街道');
  community = await createOrg(server, 'COMMUNITY', '梅庭社区', town.id);
  chamber = await createOrg(server, 'CHAMBER_OF_COMMERCE', '晋江商会');
  const communityAdmin = await createStaff(server, 'ORG_ADMIN', community.id);
  person = await registerVolunteer(communityAdmin, community, row);
  const chamberAdmin = await createStaff(server, 'ORG_ADMIN', chamber.id);
  await joinedBy(server, chamberAdmin, chamber, person, { name: row.name, mobile: row.mobile });
});
afterAll(async () => { await server?.stop(); });

describe('personal data masking', () => {
  it('masks the mobile as 138****5678 and the ID number as first 4 and last 4', async () => {
    const coordinator = await createStaff(server, 'COORDINATOR', community.id);
    expect(await seenBy(coordinator)).toEqual({ mobile: '138****5678', idNumber: masked(person).idNumber });
  });

  it('shows plaintext to admins of the registering organization and of the organizations above it', async () => {
    for (const org of [community, town]) {
      const admin = await createStaff(server, 'ORG_ADMIN', org.id);
      expect(await seenBy(admin)).toEqual(plain(person));
    }
  });

  it('shows plaintext to the platform admin', async () => {
    expect(await seenBy(server.admin)).toEqual(plain(person));
  });

  it('masks for an admin of another organization that registered the same person', async () => {
    const chamberAdmin = await createStaff(server, 'ORG_ADMIN', chamber.id);
    expect(await seenBy(chamberAdmin)).toEqual(masked(person));
  });

  it('masks for a coordinator of the registering organization, and for one above it', async () => {
    for (const org of [community, town]) {
      const coordinator = await createStaff(server, 'COORDINATOR', org.id);
      expect(await seenBy(coordinator)).toEqual(masked(person));
    }
  });

  it('shows the volunteer their own plaintext once signed in', async () => {
    const self = await signUpAndSignIn(server, chamber, row);
    const { me } = await self.ok(MyVolunteerDocument);
    expect(me.volunteer).toMatchObject({ id: person.id, ...plain(person) });
    expect(await seenBy(self)).toEqual(plain(person));
  });

  it('answers null for the ID number of someone registered without one, masked or not', async () => {
    const communityAdmin = await createStaff(server, 'ORG_ADMIN', community.id);
    const noId = await registerVolunteer(communityAdmin, community, volunteerRow({ idNumber: null }));
    const coordinator = await createStaff(server, 'COORDINATOR', community.id);
    expect((await seenBy(communityAdmin, noId.id)).idNumber).toBeNull();
    expect((await seenBy(coordinator, noId.id)).idNumber).toBeNull();
  });

  it('returns registration results masked to a coordinator who registers', async () => {
    const coordinator = await createStaff(server, 'COORDINATOR', community.id);
    const fresh = volunteerRow();
    const { registerVolunteers } = await coordinator.ok(RegisterVolunteersDocument, { organizationId: community.id, volunteers: [fresh] });
    expect(registerVolunteers.results[0].volunteer?.mobile).toBe(`${fresh.mobile.slice(0, 3)}****${fresh.mobile.slice(7)}`);
  });
});
