/**
 * Wrong check-in codes per assignment in a sliding window, kept in this process's memory.
 * gridroster runs as one process, so this is a real limit; a restart forgets the count (a
 * persistent limit would need a table, which this module does not have).
 */
export const MAX_WRONG_CODES = 5;
export const WRONG_CODE_WINDOW_MS = 10 * 60_000;

export class WrongCodeLimiter {
  private readonly failures = new Map<number, number[]>();

  constructor(private readonly max = MAX_WRONG_CODES, private readonly windowMs = WRONG_CODE_WINDOW_MS) {}

  blocked(assignmentId: number, now = Date.now()): boolean {
    return this.recent(assignmentId, now).length >= this.max;
  }

  fail(assignmentId: number, now = Date.now()): void {
    this.failures.set(assignmentId, [...this.recent(assignmentId, now), now]);
    if (this.failures.size > 10_000) this.sweep(now);
  }

  private recent(assignmentId: number, now: number): number[] {
    return (this.failures.get(assignmentId) ?? []).filter((t) => now - t < this.windowMs);
  }

  private sweep(now: number): void {
    for (const [id, times] of this.failures) {
      if (times.every((t) => now - t >= this.windowMs)) this.failures.delete(id);
    }
  }
}

// One limiter per database handle, i.e. per app instance (tests run several in one process).
const limiters = new WeakMap<object, WrongCodeLimiter>();

export function wrongCodeLimiter(owner: object): WrongCodeLimiter {
  let limiter = limiters.get(owner);
  if (!limiter) limiters.set(owner, (limiter = new WrongCodeLimiter()));
  return limiter;
}
