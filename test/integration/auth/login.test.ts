import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { LoginDocument, MeDocument } from '../../../client/generated/graphql';
import { ADMIN_MOBILE, ADMIN_PASSWORD, startTestServer, type TestServer } from '../../support/harness';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server?.stop(); });

describe('login', () => {
  it('returns a token that expires and authenticates me', async () => {
    const { login } = await server.anonymous.ok(LoginDocument, { mobile: ADMIN_MOBILE, password: ADMIN_PASSWORD });
    expect(new Date(login.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(login.account.roles.map((r) => r.role)).toEqual(['PLATFORM_ADMIN']);
    const { me } = await server.anonymous.withToken(login.token).ok(MeDocument);
    expect(me.mobile).toBe(ADMIN_MOBILE);
  });

  it('refuses a wrong password with UNAUTHENTICATED', async () => {
    expect(await server.anonymous.codes(LoginDocument, { mobile: ADMIN_MOBILE, password: 'wrong-password' })).toEqual(['UNAUTHENTICATED']);
  });

  it('answers me without a token with UNAUTHENTICATED', async () => {
    expect(await server.anonymous.codes(MeDocument)).toEqual(['UNAUTHENTICATED']);
  });

  it('answers me with a forged token with UNAUTHENTICATED', async () => {
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('1').setIssuer('gridroster')
      .setExpirationTime('1h').sign(new TextEncoder().encode('not-the-server-key-at-all-000000'));
    expect(await server.anonymous.withToken(forged).codes(MeDocument)).toEqual(['UNAUTHENTICATED']);
  });

  it('answers me with an expired token with UNAUTHENTICATED', async () => {
    const { issueToken } = await import('../../../server/modules/auth/token');
    const past = new Date(Date.now() - 2 * 3600_000);
    const { token } = await issueToken(server.deps.keys.token.signing, 1, 60, past);
    expect(await server.anonymous.withToken(token).codes(MeDocument)).toEqual(['UNAUTHENTICATED']);
  });
});
