import { withinCalendar } from './scalars';
import { BadUserInputError } from './errors';

export const MAX_PAGE = 1000;

/** An integer a PostgreSQL `integer` id column can hold (and compare against). */
export function isIdValue(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 2147483647;
}

/** Validates `first`; pages are capped so one request cannot ask for the whole table. */
export function pageSize(first: number | null | undefined, max = MAX_PAGE): number {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 0 || n > max) throw new BadUserInputError({ key: 'pagination.firstOutOfRange', params: { max } }, 'first');
  return n;
}

/** Cursors are opaque: base64url of a JSON array of the sort key values. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, field = 'after'): (string | number)[] | null {
  if (cursor == null) return null;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.every((v) => typeof v === 'string' || typeof v === 'number')) return values;
  } catch {
    // fall through
  }
  throw new BadUserInputError({ key: 'pagination.unknownCursor', params: { field } }, field);
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** Builds a connection from `limit + 1` rows fetched after the cursor. */
export function toPage<T>(rows: T[], limit: number, totalCount: number, cursorOf: (row: T) => (string | number)[]): Page<T> {
  const hasNextPage = rows.length > limit;
  const nodes = rows.slice(0, limit);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}

/** A cursor over rows ordered by (an instant, id): shifts by start, a volunteer's assignments by shift start. */
export interface TimeCursor {
  startsAt: string;
  id: number;
}

export function decodeTimeCursor(after: string | null | undefined, field = 'after'): TimeCursor | null {
  const values = decodeCursor(after, field);
  if (!values) return null;
  const [startsAt, id] = values;
  // The id is a PostgreSQL integer: outside that range it would fail in SQL rather than as bad input.
  if (values.length !== 2 || typeof startsAt !== 'string' || !withinCalendar(new Date(startsAt)) || !isIdValue(id)) {
    throw new BadUserInputError({ key: 'pagination.unknownCursor', params: { field } }, field);
  }
  return { startsAt, id: id as number };
}
