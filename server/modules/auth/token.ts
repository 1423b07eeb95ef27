import { SignJWT, jwtVerify, errors } from 'jose';
import type { TokenKeys } from '../../platform/secrets';

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** What a valid token says: whose it is, and the account's token version when it was issued. */
export interface TokenClaims {
  accountId: number;
  /** Logout and a password change raise the account's version; older tokens stop working. */
  version: number;
}

const MAX_ID = 2_147_483_647;

/** HS256 bearer token carrying the account id and token version; roles are re-read on every request. */
export async function issueToken(key: Uint8Array, accountId: number, ttlSeconds: number, now = new Date(), version = 0): Promise<IssuedToken> {
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  const token = await new SignJWT({ ver: version })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(accountId))
    .setIssuer('gridroster')
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key);
  return { token, expiresAt };
}

/**
 * The claims of a valid token, or null for a missing, forged, expired or malformed one — a
 * subject that is not an account id PostgreSQL could hold is no valid token, never an error.
 * Keys from before a rotation still verify (TokenKeys.verifying).
 */
export async function verifyToken(keys: TokenKeys, token: string): Promise<TokenClaims | null> {
  for (const key of keys.verifying) {
    try {
      const { payload } = await jwtVerify(token, key, { issuer: 'gridroster', algorithms: ['HS256'] });
      const id = /^[1-9]\d{0,9}$/.test(payload.sub ?? '') ? Number(payload.sub) : NaN;
      const version = payload.ver ?? 0;
      if (!(id <= MAX_ID) || !Number.isInteger(version) || (version as number) < 0) return null;
      return { accountId: id, version: version as number };
    } catch (error) {
      if (error instanceof errors.JWSSignatureVerificationFailed) continue;
      if (error instanceof errors.JOSEError) return null;
      throw error;
    }
  }
  return null;
}

/** "Bearer abc" → "abc". */
export function bearer(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match ? match[1] : null;
}
