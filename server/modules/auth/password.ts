import argon2 from 'argon2';

export interface PasswordCost {
  /** KiB of memory per hash. */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** argon2id with the library's defaults (m=64 MiB, t=3, p=4). */
export const PRODUCTION_COST: PasswordCost = { memoryCost: 65536, timeCost: 3, parallelism: 4 };
let cost = PRODUCTION_COST;

/**
 * The test suite hashes hundreds of passwords on two cores; it trades strength for speed with a
 * cheap cost (hashes record their own parameters, so verification is unaffected). Nothing else
 * calls this.
 */
export function usePasswordCostForTests(next: PasswordCost): void {
  cost = next;
  dummyHash = undefined;
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, ...cost });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

// Verifying against a fixed hash when the account does not exist keeps login timing flat.
let dummyHash: Promise<string> | undefined;
export function dummyVerify(password: string): Promise<boolean> {
  dummyHash ??= hashPassword('not-a-real-password');
  return dummyHash.then((hash) => verifyPassword(hash, password));
}
