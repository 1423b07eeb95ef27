import { registerEnumType } from 'type-graphql';

/**
 * Declares a GraphQL enum from a list of values: one source for the TypeScript union, the
 * runtime object type-graphql needs, and the descriptions.
 */
export function defineEnum<const T extends readonly string[]>(name: string, values: T, descriptions: Partial<Record<T[number], string>> = {}) {
  const object = Object.fromEntries(values.map((v) => [v, v])) as { [K in T[number]]: K };
  registerEnumType(object, {
    name,
    valuesConfig: Object.fromEntries(Object.entries(descriptions).map(([k, d]) => [k, { description: d as string }])) as never,
  });
  return object;
}
