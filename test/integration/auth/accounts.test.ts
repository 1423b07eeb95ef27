import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ChangePasswordDocument, CreateAccountDocument, IssuePasswordResetDocument, LoginDocument, LogoutDocument, MeDocument, ResetPasswordDocument,
} from '../../../client/generated/graphql';
import { issueToken } from '../../../server/modules/auth/token';
import { platformAdminProblem } from '../../../server/modules/auth/auth.service';
import { LOGIN_PER_ADDRESS } from '../../../server/modules/auth/login-throttle';
import { consumeRate } from '../../../server/platform/rate-limit';
import { toGlobalId } from '../../../server/platform/ids';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, mobileNumber, STAFF_PASSWORD } from '../../support/factories';
import { dbId, insertVolunteer, volunteerClient } from '../../support/factories/grids';
import { wsClientWithClose, wsOnce } from '../../support/ws';

let server: TestServer;
// Shared cast (every account costs two argon2 runs): an org admin and a coordinator of A, a coordinator of B.
type Staff = Awaited<ReturnType<typeof staffAccount>>;
let orgA: { id: string };
let adminA: Staff;
let coordinatorA: Staff;
let coordinatorB: Staff;
beforeAll(async () => {
  server = await startTestServer();
  const orgB = await createOrg(server, 'COMMUNITY');
  orgA = await createOrg(server, 'COMMUNITY');
  [adminA, coordinatorA, coordinatorB] = await Promise.all([staffAccount('ORG_ADMIN', orgA.id), staffAccount('COORDINATOR', orgA.id), staffAccount('COORDINATOR', orgB.id)]);
});
afterAll(async () => { await server?.stop(); });
// Every client here signs in from 127.0.0.1: each test starts with the address's count at zero.
beforeEach(async () => { await server.sql`delete from rate_limit_hits`; });

const codeOf = (errors: readonly { extensions?: Record<string, unknown> }[] | undefined) => errors?.[0]?.extensions;

async function staffAccount(role: 'ORG_ADMIN' | 'COORDINATOR', organizationId: string) {
  const mobile = mobileNumber();
  const { createAccount } = await server.admin.ok(CreateAccountDocument, { mobile, displayName: `${role} ${mobile}`, password: STAFF_PASSWORD, role, organizationId });
  return { id: createAccount.id, mobile, client: await server.anonymous.login(mobile, STAFF_PASSWORD) };
}

describe('changing a password', () => {
  it('takes the current password, refuses a weak new one, and ends every other session while this one goes on', async () => {
    const org = await createOrg(server, 'COMMUNITY');
    const { mobile, client } = await staffAccount('COORDINATOR', org.id);
    const other = await server.anonymous.login(mobile, STAFF_PASSWORD);
    expect(codeOf((await client.request(ChangePasswordDocument, { currentPassword: 'not-my-password-9', newPassword: 'Lime-kiln 48 ferry' })).errors))
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
    expect(codeOf((await client.request(ChangePasswordDocument, { currentPassword: STAFF_PASSWORD, newPassword: mobile })).errors))
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword', reason: 'WEAK_PASSWORD' });
    const { changePassword } = await client.ok(ChangePasswordDocument, { currentPassword: STAFF_PASSWORD, newPassword: 'Lime-kiln 48 ferry' });
    expect(await other.codes(MeDocument)).toEqual(['UNAUTHENTICATED']);
    expect(await client.codes(MeDocument)).toEqual(['UNAUTHENTICATED']);
    expect((await server.anonymous.withToken(changePassword.token).ok(MeDocument)).me.mobile).toBe(mobile);
    expect(await server.anonymous.codes(LoginDocument, { mobile, password: STAFF_PASSWORD })).toEqual(['UNAUTHENTICATED']);
    await server.anonymous.login(mobile, 'Lime-kiln 48 ferry');
  });
});

describe('logging out', () => {
  it('refuses the token afterwards over HTTP, closes an open graphql-ws connection at once (4403, signed out) and refuses a new one', async () => {
    const org = await createOrg(server, 'COMMUNITY');
    const { client } = await staffAccount('COORDINATOR', org.id);
    // The socket stays open after its operation, as a command-post screen's does.
    const open = wsClientWithClose(server.wsUrl, client.token, { lazyCloseTimeout: 60_000 });
    const later = wsClientWithClose(server.wsUrl, client.token);
    try {
      expect((await wsOnce(open.client, MeDocument)).data?.me).toBeTruthy();
      expect((await client.ok(LogoutDocument)).logout).toBe(true);
      expect(await client.codes(MeDocument)).toEqual(['UNAUTHENTICATED']);
      expect((await open.closed).code).toBe(4403);
      await expect(wsOnce(later.client, MeDocument)).rejects.toBeTruthy();
      expect((await later.closed).code).toBe(4403);
    } finally {
      await open.client.dispose();
      await later.client.dispose();
    }
  });

  it('treats a token whose subject is out of range, or not a number, as no token at all', async () => {
    for (const subject of [99_999_999_999, 2_147_483_648]) {
      const { token } = await issueToken(server.deps.keys.token.signing, subject, 60);
      const answer = await server.anonymous.withToken(token).request(MeDocument);
      expect(codeOf(answer.errors)?.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('a staff-issued password reset', () => {
  it("gives an org admin a code for an account of their organization, which its owner uses once to set a new password", async () => {
    const coordinator = await staffAccount('COORDINATOR', orgA.id);
    const { issuePasswordReset } = await adminA.client.ok(IssuePasswordResetDocument, { accountId: coordinator.id });
    expect(issuePasswordReset).toMatchObject({ sentBySms: false, code: expect.stringMatching(/^[2-9A-Z]{10}$/) });
    const wrong = await server.anonymous.request(ResetPasswordDocument, { mobile: coordinator.mobile, code: 'AAAAAAAAAA', newPassword: 'Harbour-Lantern-73' });
    expect(codeOf(wrong.errors)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code', reason: 'INVALID_CODE' });
    const unknown = await server.anonymous.request(ResetPasswordDocument, { mobile: mobileNumber(), code: issuePasswordReset.code!, newPassword: 'Harbour-Lantern-73' });
    expect(unknown.errors?.[0]).toEqual(wrong.errors?.[0]);
    const { resetPassword } = await server.anonymous.ok(ResetPasswordDocument, { mobile: coordinator.mobile, code: issuePasswordReset.code!, newPassword: 'Harbour-Lantern-73' });
    expect(resetPassword.account.mobile).toBe(coordinator.mobile);
    expect(await coordinator.client.codes(MeDocument)).toEqual(['UNAUTHENTICATED']);
    const again = await server.anonymous.request(ResetPasswordDocument, { mobile: coordinator.mobile, code: issuePasswordReset.code!, newPassword: 'Another-Harbour-74' });
    expect(codeOf(again.errors)?.reason).toBe('INVALID_CODE');
    await server.anonymous.login(coordinator.mobile, 'Harbour-Lantern-73');
  });

  it("answers NOT_FOUND for an account outside the issuer's subtree, and a coordinator may not issue one", async () => {
    expect(await adminA.client.codes(IssuePasswordResetDocument, { accountId: coordinatorB.id })).toEqual(['NOT_FOUND']);
    expect(await coordinatorA.client.codes(IssuePasswordResetDocument, { accountId: adminA.id })).toEqual(['NOT_FOUND']);
  });

  it("sends a volunteer's code by SMS to their own mobile and never shows it to the staff member", async () => {
    const org = orgA;
    const admin = adminA;
    const volunteer = await insertVolunteer(server, org.id);
    await volunteerClient(server, volunteer);
    // The volunteer's grant names the organization they joined, which this admin runs.
    const [account] = await server.sql`select id from accounts where mobile = ${volunteer.mobile}`;
    await server.sql`update role_grants set organization_id = ${dbId(org.id)} where account_id = ${account.id}`;
    const { issuePasswordReset } = await admin.client.ok(IssuePasswordResetDocument, { accountId: toGlobalId('Account', account.id) });
    expect(issuePasswordReset).toMatchObject({ sentBySms: true, code: null });
    const sms = server.sms.outbox.get(volunteer.mobile);
    expect(sms).toMatchObject({ template: 'PASSWORD_RESET', code: expect.stringMatching(/^\d{6}$/) });
    await server.anonymous.ok(ResetPasswordDocument, { mobile: volunteer.mobile, code: sms!.code, newPassword: 'Harbour-Lantern-73' });
  });
});

describe('sign-in throttling', () => {
  const wrongAttempts = (mobile: string, n: number) =>
    Promise.all(Array.from({ length: n }, () => server.anonymous.request(LoginDocument, { mobile, password: 'wrong-password-guess' })));
  const tally = (answers: Awaited<ReturnType<typeof wrongAttempts>>) => answers.map((a) => a.errors?.[0]?.extensions?.reason ?? a.errors?.[0]?.extensions?.code).sort();

  it('stops racing wrong passwords at the limit, then refuses the right one too until the window has passed', async () => {
    const { mobile } = coordinatorB;
    expect(tally(await wrongAttempts(mobile, 8))).toEqual([...Array(3).fill('RATE_LIMITED'), ...Array(5).fill('UNAUTHENTICATED')]);
    const right = await server.anonymous.request(LoginDocument, { mobile, password: STAFF_PASSWORD });
    expect(right.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    await server.sql`update rate_limit_hits set hit_at = hit_at - interval '16 minutes'`;
    await server.anonymous.login(mobile, STAFF_PASSWORD);
  });

  it('answers a mobile with no account exactly as one with an account', async () => {
    const answers = await wrongAttempts(mobileNumber(), 8);
    expect(tally(answers)).toEqual([...Array(3).fill('RATE_LIMITED'), ...Array(5).fill('UNAUTHENTICATED')]);
  });

  it('limits one client address across many mobiles', async () => {
    // Most of the address's allowance spent already (counted as any attempt is), then a race.
    for (let i = 0; i < LOGIN_PER_ADDRESS.limit - 3; i++) await consumeRate(server.database.db, LOGIN_PER_ADDRESS, '127.0.0.1');
    const answers = await Promise.all(Array.from({ length: 7 }, () => server.anonymous.request(LoginDocument, { mobile: mobileNumber(), password: 'wrong-password-guess' })));
    expect(tally(answers)).toEqual([...Array(4).fill('RATE_LIMITED'), ...Array(3).fill('UNAUTHENTICATED')]);
  });

  it('logs a failed sign-in with the mobile masked', async () => {
    const lines: string[] = [];
    const original = server.deps.logger;
    server.deps.logger = pino(new Writable({ write(chunk, _e, done) { lines.push(String(chunk)); done(); } }));
    try {
      await server.anonymous.request(LoginDocument, { mobile: '13912345678', password: 'wrong-password-guess' });
    } finally {
      server.deps.logger = original;
    }
    const line = lines.find((l) => l.includes('login failed'));
    expect(line).toContain('139****5678');
    expect(lines.join('')).not.toContain('13912345678');
  });
});

describe('the password rule', () => {
  it('refuses the common, the trivial and the account\'s own mobile, everywhere a password is chosen', async () => {
    const org = await createOrg(server, 'COMMUNITY');
    const mobile = mobileNumber();
    for (const password of ['12345678', '        ', 'password1', mobile, 'short']) {
      const answer = await server.admin.request(CreateAccountDocument, { mobile, displayName: 'Chen Jing', password, role: 'COORDINATOR', organizationId: org.id });
      expect(codeOf(answer.errors)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password', reason: 'WEAK_PASSWORD' });
    }
  });

  it('holds for the bootstrap admin from the environment too, naming the variable', () => {
    expect(platformAdminProblem('123', 'Harbour-Lantern-73')).toMatch(/^GRIDROSTER_ADMIN_MOBILE/);
    expect(platformAdminProblem('13800000000', 'short')).toMatch(/^GRIDROSTER_ADMIN_PASSWORD: Password must be 8–128/);
    expect(platformAdminProblem('13800000000', '13800000000')).toMatch(/^GRIDROSTER_ADMIN_PASSWORD: Password is too easy to guess/);
    expect(platformAdminProblem('13800000000', 'Harbour-Lantern-73')).toBeNull();
  });
});
