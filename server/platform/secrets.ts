import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Two kinds of key, never derived from each other: token keys sign bearer tokens (rotating them
 * signs everyone out once the old one is dropped); data keys encrypt and hash ID numbers (rotating
 * them re-encrypts stored data, `npm run keys:rotate`). Every ciphertext and hash names its key.
 */
export interface Keys {
  token: TokenKeys;
  idNumbers: IdNumberKeys;
}

/** The signing key first, then earlier ones still accepted for tokens issued before a rotation. */
export interface TokenKeys {
  signing: Uint8Array;
  verifying: Uint8Array[];
  /** Signs short-lived download links (certificates, reports, exports); derived from the signing secret for its own purpose. */
  downloadLinks: Uint8Array;
}

/** A data key as configured: `id:secret` (GRIDROSTER_DATA_KEYS, or <data dir>/data-keys). */
export interface DataKey {
  id: string;
  secret: string;
}

export interface KeySecrets {
  /** GRIDROSTER_SECRET first, then GRIDROSTER_SECRET_PREVIOUS. */
  tokenSecrets: string[];
  /** The key new data is written with first, then keys still read. */
  dataKeys: DataKey[];
}

export const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export function createKeys(secrets: KeySecrets): Keys {
  const tokenKeys = secrets.tokenSecrets.map((secret) => new Uint8Array(hkdf(secret, 'token-signing')));
  const downloadLinks = new Uint8Array(hkdf(secrets.tokenSecrets[0], 'download-link-signing'));
  return { token: { signing: tokenKeys[0], verifying: tokenKeys, downloadLinks }, idNumbers: new IdNumberKeys(secrets.dataKeys) };
}

function hkdf(secret: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'gridroster', info, 32));
}

/** A stored value names a key this server was not given. */
export class UnknownDataKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`data key ${keyId} is not among the configured data keys`);
  }
}

const FORMAT = 0x01;

/**
 * ID numbers at rest. A ciphertext is `0x01 | id length | key id | iv (12) | tag (16) | data`
 * (AES-256-GCM); a hash is `<key id>:<HMAC-SHA256>`. Both keys of a data key are derived from its
 * secret with HKDF, one per purpose.
 */
export class IdNumberKeys {
  private readonly byId = new Map<string, { encryption: Buffer; hashing: Buffer }>();
  /** The key new values are written with. */
  readonly currentId: string;

  constructor(keys: DataKey[]) {
    if (keys.length === 0) throw new Error('at least one data key is needed');
    for (const key of keys) {
      this.byId.set(key.id, { encryption: hkdf(key.secret, 'id-number-encryption'), hashing: hkdf(key.secret, 'id-number-hash') });
    }
    this.currentId = keys[0].id;
  }

  get ids(): string[] {
    return [...this.byId.keys()];
  }

  encrypt(plaintext: string): Buffer {
    const id = Buffer.from(this.currentId, 'ascii');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(this.currentId).encryption, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT, id.length]), id, iv, cipher.getAuthTag(), data]);
  }

  decrypt(blob: Buffer): string {
    const { keyId, body } = splitCipher(blob);
    const decipher = createDecipheriv('aes-256-gcm', this.key(keyId).encryption, body.subarray(0, 12));
    decipher.setAuthTag(body.subarray(12, 28));
    return Buffer.concat([decipher.update(body.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** The keyed hash under the current key: what is stored, and unique. */
  hash(value: string): string {
    return this.hashWith(this.currentId, value);
  }

  /**
   * The hash under every configured key, current first: what a lookup must look for while a
   * rotation has moved only some rows to the new key.
   */
  hashes(value: string): string[] {
    return this.ids.map((id) => this.hashWith(id, value));
  }

  /**
   * For looking values up while a rotation has moved only some rows to the current key: every
   * hash to look for, and a map from a stored hash back to the current key's hash of the same
   * value, so a row found under an older key compares equal to the value's own hash.
   */
  lookup(values: Iterable<string>): { hashes: string[]; canonical: (storedHash: string) => string } {
    const current = new Map<string, string>();
    for (const value of values) {
      const [now, ...older] = this.hashes(value);
      for (const hash of [now, ...older]) current.set(hash, now);
    }
    return { hashes: [...current.keys()], canonical: (stored) => current.get(stored) ?? stored };
  }

  private hashWith(id: string, value: string): string {
    return `${id}:${createHmac('sha256', this.key(id).hashing).update(value).digest('base64url')}`;
  }

  private key(id: string) {
    const key = this.byId.get(id);
    if (!key) throw new UnknownDataKeyError(id);
    return key;
  }
}

/** The key id a stored ciphertext was written with. */
export function cipherKeyId(blob: Buffer): string {
  return splitCipher(blob).keyId;
}

function splitCipher(blob: Buffer): { keyId: string; body: Buffer } {
  if (blob[0] !== FORMAT) throw new Error('unknown ciphertext format');
  const length = blob[1];
  return { keyId: blob.subarray(2, 2 + length).toString('ascii'), body: blob.subarray(2 + length) };
}

/** A fresh data key for `keys:rotate` and a first start: `k<n>` and 32 random bytes. */
export function newDataKey(existing: DataKey[]): DataKey {
  const taken = new Set(existing.map((k) => k.id));
  let n = existing.length + 1;
  while (taken.has(`k${n}`)) n++;
  return { id: `k${n}`, secret: randomBytes(32).toString('base64url') };
}

/** `k2:secret,k1:secret` → data keys; throws naming what is wrong (the caller names the variable). */
export function parseDataKeys(text: string): DataKey[] {
  const keys = text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean).map((entry) => {
    const colon = entry.indexOf(':');
    const id = entry.slice(0, colon);
    const secret = entry.slice(colon + 1);
    if (colon < 1 || !KEY_ID.test(id)) throw new Error('each key is written id:secret, the id made of letters, digits, - and _');
    if (secret.length < 32) throw new Error(`key ${id}: the secret must be at least 32 characters`);
    return { id, secret };
  });
  if (keys.length === 0) throw new Error('no key given');
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error('two keys share an id');
  return keys;
}

export function formatDataKeys(keys: DataKey[]): string {
  return keys.map((k) => `${k.id}:${k.secret}`).join('\n') + '\n';
}
