import type postgres from 'postgres';

/**
 * drizzle sends every unnamed query with `prepare: false`, so PostgreSQL parses and plans each
 * statement every time; on the sign-up path that planning was most of the database's CPU
 * (docs/benchmarks.md). This view of a postgres.js client prepares every statement instead:
 * postgres.js keeps one named statement per query text per connection, and our query texts are
 * stable (ids travel as `= any($1)` arrays, not inlined lists). Transactions and savepoints
 * handed to drizzle get the same treatment.
 */
export function preparingClient<T extends postgres.Sql | postgres.TransactionSql>(client: T): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === 'unsafe') {
        return (query: string, params?: unknown[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, params as never, { ...options, prepare: true });
      }
      if (property === 'begin' || property === 'savepoint') {
        return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args.map((arg) =>
          typeof arg === 'function' ? (tx: postgres.TransactionSql) => (arg as (t: postgres.TransactionSql) => unknown)(preparingClient(tx)) : arg));
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
