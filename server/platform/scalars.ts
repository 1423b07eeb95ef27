import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';
import { GraphQLScalarType, type ValueNode } from 'graphql';
import { LocalizedError } from './errors';

/**
 * The calendar the platform works in. Outside it PostgreSQL's timestamptz and JavaScript's Date
 * disagree (year 0000, +10000) and years below 100 read back as 19xx/20xx; nothing a roster
 * records lies there, so such values are refused as bad input rather than stored.
 */
export const EARLIEST = new Date('1970-01-01T00:00:00Z');
export const LATEST = new Date('2999-12-31T23:59:59.999Z');

export function withinCalendar(at: Date): boolean {
  return !Number.isNaN(at.getTime()) && at >= EARLIEST && at <= LATEST;
}

const CALENDAR = { earliest: EARLIEST.toISOString().slice(0, 10), latest: LATEST.toISOString().slice(0, 10) };

/** A graphql-scalars scalar whose parsed values must also pass `inRange`. */
function bounded<T>(base: GraphQLScalarType, name: string, inRange: (value: T) => boolean): GraphQLScalarType {
  const config = base.toConfig();
  const check = (value: T): T => {
    // No code of its own: graphql-js wraps it in the variable or literal error, which is bad input.
    if (!inRange(value)) throw new LocalizedError({ key: 'scalars.outsideCalendar', params: { name, ...CALENDAR } });
    return value;
  };
  return new GraphQLScalarType({
    ...config,
    name,
    parseValue: (value: unknown) => check(config.parseValue!(value) as T),
    parseLiteral: (ast: ValueNode, variables?: Record<string, unknown> | null) => check(config.parseLiteral!(ast, variables) as T),
  });
}

/** RFC 3339 instant; values are JavaScript Dates inside the server. */
export const DateTimeScalar = bounded<Date>(DateTimeResolver, 'DateTime', withinCalendar);

/** ISO calendar date (YYYY-MM-DD, Asia/Shanghai); values are strings inside the server. */
export const DateScalar = bounded<string>(LocalDateResolver, 'Date', (day) => withinCalendar(new Date(`${day}T00:00:00Z`)));
