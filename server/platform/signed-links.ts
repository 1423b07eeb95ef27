import { SignJWT, errors, jwtVerify } from 'jose';

/** What a download link carries: who it was made for, what it serves, and its parameters. */
export interface LinkClaims {
  accountId: number;
  kind: string;
  params: Record<string, unknown>;
}

const AUDIENCE = 'gridroster-download';

/**
 * A short-lived signed link under `/downloads/`: an HS256 token (its own key and audience, so it is
 * never accepted as a bearer token) naming the account, the kind and its parameters. Whoever serves
 * it loads the account's roles again, so a revoked grant stops the link at once.
 */
export async function signLink(key: Uint8Array, claims: LinkClaims, ttlSeconds: number, filename: string): Promise<{ url: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  const token = await new SignJWT({ kind: claims.kind, params: claims.params })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(claims.accountId))
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key);
  return { url: `/downloads/${token}/${encodeURIComponent(filename)}`, expiresAt };
}

/** The claims of a valid, unexpired link token; null for anything else. */
export async function verifyLink(key: Uint8Array, token: string): Promise<LinkClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key, { audience: AUDIENCE, algorithms: ['HS256'] });
    const accountId = Number(payload.sub);
    if (!Number.isInteger(accountId) || accountId <= 0 || typeof payload.kind !== 'string' || typeof payload.params !== 'object' || !payload.params) return null;
    return { accountId, kind: payload.kind, params: payload.params as Record<string, unknown> };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
