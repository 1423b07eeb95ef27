import { clearRate, consumeRate, refundRate, RateLimitedError, type RateRule } from '../../platform/rate-limit';
import type { Db } from '../../platform/db';

/**
 * Sign-in attempts, counted in PostgreSQL so the limits hold across server instances. Per mobile
 * (whether or not an account has it, so an outsider learns nothing) and per client address.
 * Every attempt counts before the password is checked, so racing guesses stop at the limit; past
 * it even the right password is refused until the window has passed.
 */
export const LOGIN_PER_MOBILE: RateRule = { bucket: 'login:mobile', limit: 5, windowSeconds: 15 * 60 };
export const LOGIN_PER_ADDRESS: RateRule = { bucket: 'login:address', limit: 30, windowSeconds: 15 * 60 };
/** Codes redeemed to set a new password: the code itself dies after a few wrong guesses too. */
export const RESET_PER_ADDRESS: RateRule = { bucket: 'password-reset:address', limit: 10, windowSeconds: 15 * 60 };

/** Counts one attempt against both limits; RateLimitedError when either is spent. */
export async function countLoginAttempt(db: Db, mobile: string, clientAddress: string): Promise<void> {
  const [perMobile, perAddress] = await Promise.all([
    consumeRate(db, LOGIN_PER_MOBILE, mobile),
    consumeRate(db, LOGIN_PER_ADDRESS, clientAddress),
  ]);
  const refused = [perMobile, perAddress].filter((d) => !d.allowed);
  if (refused.length) throw new RateLimitedError(Math.max(...refused.map((d) => d.retryAfterSeconds)));
}

/**
 * A successful sign-in forgets the mobile's failures, and gives the address back only the attempt
 * that succeeded: a guesser who also holds one good account cannot wipe the address's count by
 * signing in with it, while an office of people signing in from one address is never held up.
 */
export async function forgetLoginFailures(db: Db, mobile: string, clientAddress: string): Promise<void> {
  await Promise.all([clearRate(db, LOGIN_PER_MOBILE, mobile), refundRate(db, LOGIN_PER_ADDRESS, clientAddress)]);
}
