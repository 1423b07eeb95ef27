import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

type Columns = Record<string, PgColumn>;

/**
 * A row as one jsonb value keyed by the columns' TypeScript names: a statement that reads several
 * tables' rows at once (a lock with its facts, a write with its result) returns each as one value,
 * and the same value can be stored (an idempotency key's result) without a second read.
 */
export function jsonRowSql(columns: Columns): SQL {
  const pairs = Object.entries(columns).map(([key, column]) => sql`${sql.raw(`'${key}'`)}, ${column}`);
  return sql`jsonb_build_object(${sql.join(pairs, sql`, `)})`;
}

/** The row `jsonRowSql` built, mapped as drizzle maps a selected row (dates as Date, numerics as numbers). */
export function rowFromJson<T>(columns: Columns, json: Record<string, unknown>): T {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(columns)) {
    const value = json[key];
    row[key] = value == null ? null : column.mapFromDriverValue(value);
  }
  return row as T;
}
