import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { MAX_PAGE, pageSize } from './pagination';

/**
 * A plain list field (one the public contract fixes as `[X!]!`, so not a connection) and how long
 * it may get. `max` is a hard cap: the loader never returns more (in SQL where the list can grow),
 * and it is the default of the field's `first` argument, so a client that never passes `first`
 * gets the whole list whenever it is within the cap. `estimate` is the length the query cost
 * assumes: a typical list, not the worst case, so that the usual screens fit (lists longer than
 * their estimate are what the deadline and the response cap are for). A smaller `first` lowers
 * the price; it never raises it, since asking for fewer can only return fewer.
 */
export interface ListCap {
  max: number;
  estimate: number;
}

export function listCap(max: number, estimate: number): ListCap {
  return { max, estimate };
}

const grouped = (n: number) => n.toLocaleString('en-US');

/** type-graphql options for a capped list field: its description with the cap, and its cost. */
export function cappedList(cap: ListCap, description?: string): { description: string; complexity: ComplexityEstimator } {
  const note = `At most ${grouped(cap.max)} (the default of \`first\`); ask for fewer with \`first\`.`;
  return { description: description ? `${description} ${note}` : note, complexity: cappedListCost(cap) };
}

/** type-graphql options for the `first` argument of a capped list. */
export function firstArg(cap: ListCap): { nullable: true; defaultValue: number; description: string } {
  return { nullable: true, defaultValue: cap.max, description: `How many to return, 0–${grouped(cap.max)}.` };
}

/** `first` checked against the cap (BAD_USER_INPUT outside 0…max); not given means the cap. */
export function firstWithin(first: number | null | undefined, cap: ListCap): number {
  return pageSize(first ?? cap.max, cap.max);
}

/** The first `first` rows, `first` checked against the cap. */
export function firstOf<T>(rows: readonly T[], first: number | null | undefined, cap: ListCap): T[] {
  return rows.slice(0, firstWithin(first, cap));
}

/**
 * Each row's place within its parent's list, in the list's order: a loader that reads many
 * parents' lists in one statement selects this in a subquery and keeps `rank <= cap.max`.
 */
export function rankInParent(parent: SQLWrapper, ...order: SQLWrapper[]): SQL.Aliased<number> {
  return sql<number>`row_number() over (partition by ${parent} order by ${sql.join(order, sql`, `)})`.as('rank_in_parent');
}

/** Rows without the rank column rankInParent added. */
export function unranked<T extends { rank: unknown }>(rows: T[]): Omit<T, 'rank'>[] {
  return rows.map(({ rank: _rank, ...row }) => row);
}

/** Cost of a capped list: its estimated length, or `first` when that is smaller. */
export function cappedListCost(cap: ListCap): ComplexityEstimator {
  return ({ args, childComplexity }) => {
    const length = typeof args.first === 'number' ? Math.min(args.first, cap.estimate) : cap.estimate;
    return 1 + Math.max(0, length) * childComplexity;
  };
}

/**
 * Cost of a connection (or any paged list): its `first` items, the default when not given. A
 * `first` over the page limit is priced at the limit: the resolver refuses it with its own error.
 */
export function pageCost(defaultFirst: number, maxFirst = MAX_PAGE): ComplexityEstimator {
  return ({ args, childComplexity }) => {
    const first = typeof args.first === 'number' ? Math.min(args.first, maxFirst) : defaultFirst;
    return 1 + Math.max(0, first) * childComplexity;
  };
}

/** Cost of a list whose length its parent field already paid for (a connection's edges). */
export const pricedByParent: ComplexityEstimator = ({ childComplexity }) => 1 + childComplexity;

/** Cost of a list whose length is known exactly from the operation's arguments (a mutation's output). */
export function sizedListCost(lengthOf: (args: Record<string, unknown>) => number): ComplexityEstimator {
  return ({ args, childComplexity }) => 1 + Math.max(0, lengthOf(args)) * childComplexity;
}
