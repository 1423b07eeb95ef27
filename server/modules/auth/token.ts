import { SignJWT, jwtVerify, errors } from 'jose';

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** HS256 bearer token carrying only the account id; roles are re-read on every request. */
export async function issueToken(key: Uint8Array, accountId: number, ttlSeconds: number, now = new Date()): Promise<IssuedToken> {
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(accountId))
    .setIssuer('gridroster')
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key);
  return { token, expiresAt };
}

/** The account id of a valid token, or null for a missing, forged or expired one. */
export async function verifyToken(key: Uint8Array, token: string): Promise<number | null> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: 'gridroster', algorithms: ['HS256'] });
    const id = Number(payload.sub);
    return Number.isInteger(id) && id > 0 ? id : null;
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}

/** "Bearer abc" → "abc". */
export function bearer(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match ? match[1] : null;
}
