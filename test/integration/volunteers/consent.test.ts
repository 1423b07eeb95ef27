import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ActivateAccountDocument, AddTeamMemberDocument, ConfirmSignUpDocument, CreateTeamDocument, DeclineAffiliationDocument, IssueActivationCodeDocument,
  MyAffiliationRequestsDocument, MyVolunteerDocument, RegisterVolunteersDocument, RegistrationRequestsDocument, RequestActivationCodeDocument,
  SetVolunteerStatusDocument, SignUpDocument, VolunteerNodeDocument, VolunteersDocument, type SignUpInput, type VolunteerInput,
} from '../../../client/generated/graphql';
import { parseGlobalId } from '../../../server/platform/ids';
import { SIGN_UP_RATE } from '../../../server/modules/volunteers/sign-up.service';
import { createOrg, createStaff, mobileNumber, type OrgHandle } from '../../support/factories';
import {
  confirmRequests, countRows, freshIdNumber, registerRows, registerVolunteer, signInAsPerson, signUpAndSignIn, volunteerRow,
  type RegisteredVolunteer,
} from '../../support/factories/volunteers';
import { startTestServer, type TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';
import { wsClient, wsOnce } from '../../support/ws';

/*
 * 陈埭镇 ─┬─ 洋埭村 (village A)      安海商会 (chamber, elsewhere)
 *         ├─ 海尾村 (village B)
 *         └─ 新塘司法所 (correction office)
 * Findings 1–3 of "Trust first": a match by name, mobile or ID number never grants sight of or power
 * over a person; only the person's confirmation, or proof of control of their mobile, does.
 */
let server: TestServer;
let villageA: OrgHandle;
let villageB: OrgHandle;
let office: OrgHandle;
let chamber: OrgHandle;
let adminA: GraphQLTestClient;
let coordinatorA: GraphQLTestClient;
let adminB: GraphQLTestClient;
let officer: GraphQLTestClient;
let chamberAdmin: GraphQLTestClient;

const dbId = (globalId: string) => parseGlobalId(globalId)!.id;
const signUpInput = (volunteer: VolunteerInput, org: OrgHandle): SignUpInput =>
  ({ volunteer, organizationId: org.id, password: 'an attacker chose this 1', consent: true });

beforeAll(async () => {
  server = await startTestServer();
  const town = await createOrg(server, 'GOVERNMENT', '陈埭镇');
  villageA = await createOrg(server, 'COMMUNITY', '洋埭村', town.id);
  villageB = await createOrg(server, 'COMMUNITY', '海尾村', town.id);
  office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所', town.id);
  chamber = await createOrg(server, 'CHAMBER_OF_COMMERCE', '安海商会');
  adminA = await createStaff(server, 'ORG_ADMIN', villageA.id);
  coordinatorA = await createStaff(server, 'COORDINATOR', villageA.id);
  adminB = await createStaff(server, 'ORG_ADMIN', villageB.id);
  officer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
  chamberAdmin = await createStaff(server, 'ORG_ADMIN', chamber.id);
});
afterAll(async () => { await server?.stop(); });

/** What a person's record and links are, straight from the database. */
async function recordOf(person: RegisteredVolunteer) {
  const [row] = await server.sql`
    select v.status, v.updated_at, (select count(*)::int from accounts a where a.volunteer_id = v.id) as accounts,
      (select array_agg(a.organization_id || ':' || (a.confirmed_at is not null) || ':' || a.status order by a.organization_id) from volunteer_affiliations a where a.volunteer_id = v.id) as affiliations
    from volunteers v where v.id = ${dbId(person.id)}`;
  return row;
}

/** The parts of a sign-up's answer that are not the caller's own input echoed back. */
const answerShape = (v: Record<string, unknown>) => ({ keys: Object.keys(v).sort(), status: v.status, registeredBy: v.registeredBy });

describe('anonymous sign-up claims nobody (finding 1)', () => {
  it("answers a sign-up with a registered ID number under the caller's own name and mobile like a new one, linking nothing", async () => {
    const victim = await registerVolunteer(adminA, villageA, volunteerRow({ name: '陈淑华' }));
    const before = await recordOf(victim);
    const attack = await server.anonymous.request(SignUpDocument, { input: signUpInput({ name: '王小明', mobile: mobileNumber(), idNumber: victim.idNumber }, villageB) });
    const genuine = await server.anonymous.request(SignUpDocument, { input: signUpInput({ name: '王小明', mobile: mobileNumber(), idNumber: freshIdNumber() }, villageB) });
    expect(attack.errors).toBeUndefined();
    expect(answerShape(attack.data!.signUp)).toEqual(answerShape(genuine.data!.signUp));
    expect(attack.data!.signUp.id).not.toBe(victim.id);
    expect(await recordOf(victim)).toEqual(before);
    expect(JSON.stringify(attack)).not.toContain(victim.mobile.slice(3, 7));
  });

  it('answers the same for a person who has an account, adds no organization to them and only texts their own mobile', async () => {
    const row = volunteerRow({ name: '林国栋' });
    const victim = await registerVolunteer(adminA, villageA, row);
    await signUpAndSignIn(server, villageA, row);
    const before = await recordOf(victim);
    server.sms.outbox.clear();
    const attackerMobile = mobileNumber();
    const attack = await server.anonymous.request(SignUpDocument, { input: signUpInput({ name: row.name, mobile: attackerMobile, idNumber: row.idNumber }, chamber) });
    expect(attack.errors).toBeUndefined();
    expect(attack.data!.signUp).toMatchObject({ status: 'PENDING', registeredBy: null });
    expect(await recordOf(victim)).toEqual(before);
    expect([...server.sms.outbox.keys()]).toEqual([row.mobile]);
    // Without the code on the victim's phone nothing can be confirmed, and guessing kills the code.
    const sent = server.sms.outbox.get(row.mobile)!.code;
    const wrong = sent === '000000' ? '111111' : '000000';
    for (const mobile of [attackerMobile, row.mobile, row.mobile, row.mobile, row.mobile, row.mobile]) {
      expect(await server.anonymous.codes(ConfirmSignUpDocument, { mobile, code: wrong })).toEqual(['BAD_USER_INPUT']);
    }
    expect(await server.anonymous.codes(ConfirmSignUpDocument, { mobile: row.mobile, code: sent })).toEqual(['BAD_USER_INPUT']);
    expect(await recordOf(victim)).toEqual(before);
  });

  it('answers a registered and an unregistered mobile alike, errors included', async () => {
    const known = await registerVolunteer(adminA, villageA, volunteerRow());
    const asKnown = await server.anonymous.request(SignUpDocument, { input: signUpInput({ name: '郭海燕', mobile: known.mobile }, villageB) });
    const asNew = await server.anonymous.request(SignUpDocument, { input: signUpInput({ name: '郭海燕', mobile: mobileNumber() }, villageB) });
    expect(asKnown.errors).toBeUndefined();
    expect(answerShape(asKnown.data!.signUp)).toEqual(answerShape(asNew.data!.signUp));
    expect({ ...asKnown.data!.signUp, id: 'x', mobile: 'x' }).toEqual({ ...asNew.data!.signUp, id: 'x', mobile: 'x' });
  });
});

describe('anonymous sign-ups from one address', () => {
  it('stop at the limit with RATE_LIMITED, creating nothing more, whichever mobiles they use', async () => {
    // Earlier tests of this file signed up from the same address: fill what is left of the hour's share.
    const [{ used }] = await server.sql`select count(*)::int as used from rate_limit_hits where bucket = 'signup:address'`;
    for (let i = used; i < SIGN_UP_RATE.limit; i++) {
      await server.anonymous.ok(SignUpDocument, { input: signUpInput({ name: `限流${i}`, mobile: mobileNumber() }, villageB) });
    }
    const before = await countRows(server);
    const refused = await server.anonymous.request(SignUpDocument, { input: signUpInput({ name: '限流超出', mobile: mobileNumber() }, villageB) });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'RATE_LIMITED' });
    expect(refused.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(await countRows(server)).toEqual(before);
  });
});

describe('a registration that matches a person asks them first (finding 2)', () => {
  /** Everything village B could learn about or do to the person, by id and by search. */
  async function whatBSees(person: RegisteredVolunteer) {
    const node = await adminB.request(VolunteerNodeDocument, { id: person.id });
    const byName = (await adminB.ok(VolunteersDocument, { search: person.name })).volunteers;
    const inB = (await adminB.ok(VolunteersDocument, { organizationId: villageB.id })).volunteers;
    return {
      node: node.errors?.[0]?.extensions?.code ?? 'visible',
      byName: byName.totalCount,
      inB: inB.edges.some((e) => e.node.id === person.id),
      suspend: (await adminB.codes(SetVolunteerStatusDocument, { id: person.id, status: 'SUSPENDED' }))[0] ?? 'done',
      code: (await adminB.codes(IssueActivationCodeDocument, { volunteerId: person.id }))[0] ?? 'issued',
    };
  }

  it('creates a request that shows B nothing of the person, over HTTP and graphql-ws, until they confirm', async () => {
    const person = await registerVolunteer(adminA, villageA, volunteerRow({ name: '施美玲' }));
    const self = await signInAsPerson(server, person);
    const hidden = { node: 'NOT_FOUND', byName: 0, inB: false, suspend: 'NOT_FOUND', code: 'NOT_FOUND' };
    const { results } = await registerRows(adminB, villageB, [{ name: person.name, mobile: person.mobile }]);
    expect(results[0]).toEqual(expect.objectContaining({ outcome: 'AWAITING_CONFIRMATION', volunteer: null, errorCode: null }));
    expect(await whatBSees(person)).toEqual(hidden);
    // The same over a socket: registering again asks again, and still shows nothing.
    const socket = wsClient(server.wsUrl, adminB.token);
    try {
      const viaWs = await wsOnce(socket, RegisterVolunteersDocument, { organizationId: villageB.id, volunteers: [{ name: person.name, mobile: person.mobile }] });
      expect(viaWs.data?.registerVolunteers.results[0]).toMatchObject({ outcome: 'AWAITING_CONFIRMATION', volunteer: null });
      expect((await wsOnce(socket, VolunteerNodeDocument, { id: person.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    } finally {
      await socket.dispose();
    }
    // B's registrars see their own row, as typed.
    const { node } = await adminB.ok(RegistrationRequestsDocument, { organizationId: villageB.id });
    const requests = node?.__typename === 'Organization' ? node.registrationRequests : [];
    expect(requests.map((r) => [r.name, r.status, r.volunteer])).toEqual([[person.name, 'AWAITING_CONFIRMATION', null]]);
    // The person sees who asked, declines: B still sees nothing; they confirm a new request: B sees and manages them.
    const [request] = (await self.ok(MyAffiliationRequestsDocument)).myAffiliationRequests;
    expect(request).toMatchObject({ status: 'AWAITING_CONFIRMATION', organization: { name: '海尾村' }, mobile: person.mobile });
    await self.ok(DeclineAffiliationDocument, { id: request.id });
    expect(await whatBSees(person)).toEqual(hidden);
    expect((await registerRows(adminB, villageB, [{ name: person.name, mobile: person.mobile }])).results[0].outcome).toBe('AWAITING_CONFIRMATION');
    expect(await confirmRequests(self)).toBe(1);
    expect(await whatBSees(person)).toEqual({ node: 'visible', byName: 1, inB: true, suspend: 'done', code: 'CONFLICT' });
  });

  it('refuses another person\'s ID number under a different name as DUPLICATE, saying nothing about them', async () => {
    const person = await registerVolunteer(adminA, villageA, volunteerRow({ name: '黄志明' }));
    const before = await countRows(server);
    const { results } = await registerRows(adminB, villageB, [volunteerRow({ name: '李四', idNumber: person.idNumber })], false);
    expect(results[0]).toMatchObject({ outcome: 'REJECTED', errorCode: 'DUPLICATE', errorField: 'idNumber', volunteer: null });
    for (const secret of [person.name, person.mobile.slice(-4), villageA.name]) expect(results[0].message).not.toContain(secret);
    expect(await countRows(server)).toEqual(before);
  });

  it("never lets a village pull in, suspend or archive a participant the correction office registered", async () => {
    const participant = await registerVolunteer(officer, office, volunteerRow({ name: '吴永福' }));
    const ordinary = await registerVolunteer(chamberAdmin, chamber, volunteerRow({ name: '蔡丽华' }));
    const answers = [];
    for (const person of [participant, ordinary]) {
      const { results } = await registerRows(adminA, villageA, [{ name: person.name, mobile: person.mobile }]);
      answers.push(results[0]);
      for (const status of ['SUSPENDED', 'ARCHIVED'] as const) {
        expect(await adminA.codes(SetVolunteerStatusDocument, { id: person.id, status })).toEqual(['NOT_FOUND']);
      }
    }
    expect(answers[0]).toEqual({ ...answers[1], row: 0 });
    expect((await recordOf(participant)).status).toBe('ACTIVE');
  });
});

describe("an organization's decisions are its own (finding 2)", () => {
  it('suspends the person for the village only; the chamber still has them ACTIVE and may seat them; only a platform admin suspends them everywhere', async () => {
    const person = await registerVolunteer(adminA, villageA, volunteerRow({ name: '许国强' }));
    const self = await signInAsPerson(server, person);
    await registerRows(chamberAdmin, chamber, [{ name: person.name, mobile: person.mobile }]);
    await confirmRequests(self);
    const statusFor = async (client: GraphQLTestClient) => {
      const { node } = await client.ok(VolunteerNodeDocument, { id: person.id });
      return node?.__typename === 'Volunteer' ? node.status : null;
    };
    expect((await adminA.ok(SetVolunteerStatusDocument, { id: person.id, status: 'SUSPENDED' })).setVolunteerStatus.status).toBe('SUSPENDED');
    expect([await statusFor(adminA), await statusFor(chamberAdmin), await statusFor(self)]).toEqual(['SUSPENDED', 'ACTIVE', 'ACTIVE']);
    const { createTeam } = await chamberAdmin.ok(CreateTeamDocument, { organizationId: chamber.id, name: '安海商会志愿队', kind: 'CHAMBER_OF_COMMERCE' });
    expect((await chamberAdmin.ok(AddTeamMemberDocument, { teamId: createTeam.id, volunteerId: person.id })).addTeamMember.volunteer.id).toBe(person.id);
    await server.admin.ok(SetVolunteerStatusDocument, { id: person.id, status: 'ARCHIVED' });
    expect([await statusFor(adminA), await statusFor(chamberAdmin), await statusFor(self)]).toEqual(['ARCHIVED', 'ARCHIVED', 'ARCHIVED']);
  });
});

describe("staff never choose or see a volunteer's password (finding 3)", () => {
  it('has no mutation that lets staff set a password for someone else', async () => {
    const raw = await fetch(server.url, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${coordinatorA.token}` },
      body: JSON.stringify({ query: 'mutation { createVolunteerAccount(volunteerId: "x", password: "chosen-by-staff-1") { id } }' }),
    });
    const body = await raw.json() as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('hands staff a one-time code; the person sets their own password with it, once', async () => {
    const person = await registerVolunteer(adminA, villageA, volunteerRow({ idNumber: null }));
    const { issueActivationCode } = await coordinatorA.ok(IssueActivationCodeDocument, { volunteerId: person.id });
    expect(issueActivationCode).toMatchObject({ code: expect.stringMatching(/^[2-9A-Z]{10}$/), sentTo: null });
    const code = issueActivationCode.code!;
    const activated = await server.anonymous.ok(ActivateAccountDocument, { mobile: person.mobile, code: code.toLowerCase(), password: 'my own secret 42' });
    expect(activated.activateAccount.account.volunteer?.id).toBe(person.id);
    const self = await server.anonymous.login(person.mobile, 'my own secret 42');
    expect((await self.ok(MyVolunteerDocument)).me.volunteer?.mobile).toBe(person.mobile);
    expect(await server.anonymous.codes(ActivateAccountDocument, { mobile: person.mobile, code, password: 'another secret 43' })).toEqual(['BAD_USER_INPUT']);
    expect(await coordinatorA.codes(IssueActivationCodeDocument, { volunteerId: person.id })).toEqual(['CONFLICT']);
  });

  it("sends the code to the record's own mobile when asked to, answering only where it went", async () => {
    const person = await registerVolunteer(adminA, villageA, volunteerRow());
    const { issueActivationCode } = await coordinatorA.ok(IssueActivationCodeDocument, { volunteerId: person.id, delivery: 'SMS' });
    expect(issueActivationCode).toMatchObject({ code: null, sentTo: `${person.mobile.slice(0, 3)}****${person.mobile.slice(7)}` });
    const sent = server.sms.outbox.get(person.mobile)!;
    expect(sent.template).toBe('ACTIVATION_CODE');
    await server.anonymous.ok(ActivateAccountDocument, { mobile: person.mobile, code: sent.code, password: 'my own secret 44' });
    await server.anonymous.login(person.mobile, 'my own secret 44');
  });

  it('lets a person ask for a code on their own mobile, answering an unknown mobile the same', async () => {
    const person = await registerVolunteer(adminA, villageA, volunteerRow());
    const unknown = mobileNumber();
    for (const mobile of [person.mobile, unknown]) {
      expect(await server.anonymous.ok(RequestActivationCodeDocument, { mobile })).toEqual({ requestActivationCode: true });
    }
    expect(server.sms.outbox.has(unknown)).toBe(false);
    const sent = server.sms.outbox.get(person.mobile)!;
    await server.anonymous.ok(ActivateAccountDocument, { mobile: person.mobile, code: sent.code, password: 'my own secret 45' });
  });

  it("gives a village's coordinator a participant's code that never activates, while the participant's phone gets one that does", async () => {
    const participant = await registerVolunteer(officer, office, volunteerRow({ name: '柯文杰', idNumber: null }));
    const ordinary = await registerVolunteer(chamberAdmin, chamber, volunteerRow({ name: '洪丽娟', idNumber: null }));
    // Both belong to the village too (as if they had confirmed its request), and neither has an account yet.
    for (const person of [participant, ordinary]) {
      await registerRows(adminA, villageA, [{ name: person.name, mobile: person.mobile }]);
      await server.sql`update volunteer_affiliations set confirmed_at = now() where volunteer_id = ${dbId(person.id)} and organization_id = ${dbId(villageA.id)}`;
    }
    server.sms.outbox.clear();
    const issued = await Promise.all([participant, ordinary].map((p) => coordinatorA.ok(IssueActivationCodeDocument, { volunteerId: p.id })));
    const shapes = issued.map((i) => ({ code: /^[2-9A-Z]{10}$/.test(i.issueActivationCode.code!), sentTo: i.issueActivationCode.sentTo }));
    expect(shapes[0]).toEqual(shapes[1]);
    expect(await server.anonymous.codes(ActivateAccountDocument, { mobile: participant.mobile, code: issued[0].issueActivationCode.code!, password: 'taken over 12345' })).toEqual(['BAD_USER_INPUT']);
    await server.anonymous.ok(ActivateAccountDocument, { mobile: participant.mobile, code: server.sms.outbox.get(participant.mobile)!.code, password: 'my own secret 46' });
    await server.anonymous.ok(ActivateAccountDocument, { mobile: ordinary.mobile, code: issued[1].issueActivationCode.code!, password: 'my own secret 47' });
  });

  it("lets the correction office hand its participant a code that works", async () => {
    const participant = await registerVolunteer(officer, office, volunteerRow({ idNumber: null }));
    const { issueActivationCode } = await officer.ok(IssueActivationCodeDocument, { volunteerId: participant.id });
    await server.anonymous.ok(ActivateAccountDocument, { mobile: participant.mobile, code: issueActivationCode.code!, password: 'my own secret 48' });
    const self = await server.anonymous.login(participant.mobile, 'my own secret 48');
    expect((await self.ok(MyVolunteerDocument)).me.volunteer?.id).toBe(participant.id);
  });
});
