import {
  getNamedType, getNullableType, isLeafType, isListType, isObjectType, type GraphQLObjectType, type GraphQLOutputType, type GraphQLSchema,
} from 'graphql';
import type { SelectedField } from './selections';

/**
 * How a planner answers the fields of one object type from rows it already holds: `plain` fields
 * are the row's own properties (what a type-graphql @Field with no resolver returns), `computed`
 * ones are functions of the row and the field's arguments (what the field resolver would return,
 * from data the planner loaded in bulk beforehand).
 */
export interface TypeProjection {
  plain: readonly string[];
  computed?: Record<string, (source: never, args: Record<string, unknown>) => unknown>;
}

export type Projections = Record<string, TypeProjection>;

/** Thrown when a value cannot be completed as graphql-js would (a null where the type forbids it): the caller falls back. */
export class ProjectionMismatch extends Error {}

/** Whether every field selected below `type` (recursively) is one `projections` knows how to answer. */
export function canProject(projections: Projections, type: GraphQLObjectType, fields: readonly SelectedField[]): boolean {
  const known = projections[type.name];
  if (!known) return false;
  return fields.every((field) => {
    if (field.name === '__typename') return true;
    if (!known.plain.includes(field.name) && !known.computed?.[field.name]) return false;
    const named = getNamedType(type.getFields()[field.name].type);
    if (!field.fields) return isLeafType(named);
    return isObjectType(named) && canProject(projections, named, field.fields);
  });
}

/**
 * The response object graphql-js would build for `source` as a `type` with these fields selected:
 * keys in selection order, leaves serialized by their own scalar or enum type. Call canProject first.
 */
export function project(schema: GraphQLSchema, projections: Projections, type: GraphQLObjectType, fields: readonly SelectedField[], source: unknown): Record<string, unknown> {
  const known = projections[type.name];
  const row = source as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.name === '__typename') {
      out[field.key] = type.name;
      continue;
    }
    const compute = known.computed?.[field.name] as ((s: unknown, a: Record<string, unknown>) => unknown) | undefined;
    const value = compute ? compute(source, field.args) : row[field.name];
    out[field.key] = complete(schema, projections, type.getFields()[field.name].type, field, value);
  }
  return out;
}

function complete(schema: GraphQLSchema, projections: Projections, type: GraphQLOutputType, field: SelectedField, value: unknown): unknown {
  const nullable = getNullableType(type);
  if (value == null) {
    if (nullable !== type) throw new ProjectionMismatch(`null for non-null ${field.name}`);
    return null;
  }
  if (isListType(nullable)) {
    if (!Array.isArray(value)) throw new ProjectionMismatch(`${field.name} is not a list`);
    return value.map((item) => complete(schema, projections, nullable.ofType, field, item));
  }
  if (isLeafType(nullable)) return nullable.serialize(value);
  if (!isObjectType(nullable)) throw new ProjectionMismatch(`${field.name} is abstract`);
  return project(schema, projections, nullable, field.fields ?? [], value);
}
