import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/** ltree[] parameter from a list of paths. */
export function pathsParam(paths: string[]): SQL {
  return sql`${sql.param(paths)}::ltree[]`;
}

/**
 * A visibility rule tests one row that the caller names by expressions (a column, a parameter). The
 * expressions are evaluated in a derived table of their own, `(select <expr>, …) as <alias>(…)`,
 * which sees only the caller's query and never the rule's own tables: a bare "id" or "path" the
 * caller passes (drizzle writes select-list columns unqualified) can never be captured by a table
 * inside the rule, whatever aliases either side uses. The rule's body refers to `<alias>.<column>`.
 */
export function existsFor(alias: string, subject: Record<string, SQL | AnyColumn>, body: SQL): SQL {
  const names = Object.keys(subject);
  const values = sql.join(names.map((name) => sql`${subject[name]}`), sql`, `);
  return sql`exists (select 1 from (select ${values}) as ${sql.raw(alias)}(${sql.raw(names.join(', '))}) where ${body})`;
}

/** `existsFor`'s scalar sibling: one value computed over the subject, e.g. a status the viewer sees. */
export function valueFor(alias: string, subject: Record<string, SQL | AnyColumn>, value: SQL): SQL {
  const names = Object.keys(subject);
  const values = sql.join(names.map((name) => sql`${subject[name]}`), sql`, `);
  return sql`(select ${value} from (select ${values}) as ${sql.raw(alias)}(${sql.raw(names.join(', '))}))`;
}

/** `<alias>.<column>`, for a rule's body. */
export function col(alias: string, column: string): SQL {
  return sql.raw(`${alias}.${column}`);
}

/** A deployment (alias `dep`) counts while today (Asia/Shanghai) lies within [starts_on, ends_on]. */
export function deploymentRunning(dep: string): SQL {
  return sql.raw(`${dep}.starts_on <= (now() at time zone 'Asia/Shanghai')::date
    and (${dep}.ends_on is null or ${dep}.ends_on >= (now() at time zone 'Asia/Shanghai')::date)`);
}
