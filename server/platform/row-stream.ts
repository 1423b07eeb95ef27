import { PgDialect } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import type postgres from 'postgres';

const dialect = new PgDialect();

/**
 * Rows of a query read through a server-side cursor, `batch` at a time, so an export of any size
 * holds one batch in memory.
 */
export async function* streamRows<T>(sql: postgres.Sql, query: SQL, batch = 1000): AsyncGenerator<T> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  for await (const rows of sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]).cursor(batch)) {
    for (const row of rows) yield row as T;
  }
}
