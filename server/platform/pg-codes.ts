/**
 * The PostgreSQL error code of a failed statement. drizzle wraps driver errors (DrizzleQueryError
 * with the driver's error as `cause`), so the code may sit one or more causes down.
 */
export function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export const DEADLOCK = '40P01';
export const SERIALIZATION_FAILURE = '40001';

/** The constraint a failed statement named (a CHECK, a unique index, or a trigger's RAISE … CONSTRAINT). */
export function pgConstraintName(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const name = (current as { constraint_name?: unknown }).constraint_name;
    if (typeof name === 'string') return name;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
