import { BadUserInputError } from './errors';

export const TIME_ZONE = 'Asia/Shanghai';

/**
 * [from 00:00, to+1 00:00) in Asia/Shanghai (UTC+8, no daylight saving) as instants. `field` is
 * where the range sits in the request ('range', 'filter.range', 'input.range'), for the error.
 */
export function rangeBounds(range: { from?: string | null; to?: string | null } | null | undefined, field = 'range'): { start: Date | null; end: Date | null } {
  const start = range?.from ? shanghaiMidnight(range.from) : null;
  const end = range?.to ? new Date(shanghaiMidnight(range.to).getTime() + 86_400_000) : null;
  if (start && end && end <= start) throw new BadUserInputError({ key: 'dates.rangeReversed', params: { field } }, field);
  return { start, end };
}

/** Midnight of a YYYY-MM-DD calendar date in Asia/Shanghai. */
export function shanghaiMidnight(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
