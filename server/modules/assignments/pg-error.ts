import { ConflictError } from '../../platform/errors';
import { pgErrorCode } from '../../platform/pg-codes';
import type { MessageKey } from '../../platform/i18n';
import { UNAVAILABLE } from './assignment.policy';

export { pgErrorCode };

export const EXCLUSION_VIOLATION = '23P01';
export const UNIQUE_VIOLATION = '23505';
export const CHECK_VIOLATION = '23514';

const CONFLICTS: Record<string, MessageKey> = {
  [EXCLUSION_VIOLATION]: UNAVAILABLE.message,
  [UNIQUE_VIOLATION]: 'assignments.alreadyOnShift',
  [CHECK_VIOLATION]: 'assignments.rosterRuleBroken',
  '40P01': 'errors.concurrentChange',
  '40001': 'errors.concurrentChange',
};

/**
 * Turns an invariant PostgreSQL enforced (exclusion, uniqueness, the capacity CHECK) or a lost
 * race (deadlock, serialization) into CONFLICT, whatever wrapper the driver error arrives in.
 */
export function withPgConflicts<T>(work: Promise<T>): Promise<T> {
  return work.catch((error: unknown) => {
    const code = pgErrorCode(error);
    throw code && CONFLICTS[code] ? new ConflictError(CONFLICTS[code], code === EXCLUSION_VIOLATION ? UNAVAILABLE.reason : undefined) : error;
  });
}
