import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Keys derived from GRIDROSTER_SECRET, one per purpose, so no key is used for two things. */
export interface Keys {
  tokenKey: Uint8Array;
  idNumberKey: Buffer;
  idNumberHashKey: Buffer;
  /** Signs short-lived download links (certificates, reports, exports). */
  downloadLinkKey: Uint8Array;
}

export function deriveKeys(secret: string): Keys {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', secret, 'gridroster', info, 32));
  return {
    tokenKey: derive('token-signing'), idNumberKey: derive('id-number-encryption'), idNumberHashKey: derive('id-number-hash'),
    downloadLinkKey: derive('download-link-signing'),
  };
}

/** AES-256-GCM: iv (12) | tag (16) | ciphertext. */
export function encrypt(key: Buffer, plaintext: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]);
}

export function decrypt(key: Buffer, blob: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
  decipher.setAuthTag(blob.subarray(12, 28));
  return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8');
}

/** Keyed hash for uniqueness lookups without storing the plaintext. */
export function keyedHash(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('base64url');
}
