import { customType } from 'drizzle-orm/pg-core';

/** Materialized path of ids ("1.4.17"), indexed with GiST so "this node and all below" is one query. */
export const ltree = customType<{ data: string }>({ dataType: () => 'ltree' });

/** A half-open time range [start, end): back-to-back shifts do not overlap. */
export const tstzrange = customType<{ data: string }>({ dataType: () => 'tstzrange' });

/** 64-bit transaction id; the roster event cursor is ordered by it (see roster-events). */
export const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });

export const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/** A transaction snapshot (xmin:xmax:xip-list); roster ticks record one each (see roster-events). */
export const pgSnapshot = customType<{ data: string }>({ dataType: () => 'pg_snapshot' });
