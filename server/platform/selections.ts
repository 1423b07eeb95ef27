import {
  GraphQLIncludeDirective, GraphQLSkipDirective, getArgumentValues, getDirectiveValues, getNamedType, isObjectType, typeFromAST,
  type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLObjectType, type GraphQLSchema, type SelectionSetNode,
} from 'graphql';

/**
 * One field of an operation as a planner sees it: the key it answers under (alias or name), its
 * coerced arguments, and — for an object-typed field — the fields selected below it, fragments
 * flattened and @skip/@include applied, in response order.
 */
export interface SelectedField {
  key: string;
  name: string;
  args: Record<string, unknown>;
  /** Null for a leaf (scalar or enum). */
  fields: SelectedField[] | null;
  /** The field's AST nodes (several when the same key is selected twice), for errors located like graphql-js's. */
  nodes: FieldNode[];
}

export interface SelectionScope {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

/**
 * The fields selected on `type`, merged by response key as graphql-js's CollectFields merges them.
 * Null when the selection has something a planner should not guess about: an abstract type below,
 * a fragment on another type, or the same key asked with different arguments.
 */
export function collectFields(scope: SelectionScope, type: GraphQLObjectType, selectionSet: SelectionSetNode): SelectedField[] | null {
  const byKey = new Map<string, FieldNode[]>();
  if (!gather(scope, type, selectionSet, byKey, new Set())) return null;
  const fields: SelectedField[] = [];
  for (const [key, nodes] of byKey) {
    const name = nodes[0].name.value;
    if (name === '__typename') {
      fields.push({ key, name, args: {}, fields: null, nodes });
      continue;
    }
    const def: GraphQLField<unknown, unknown> | undefined = type.getFields()[name];
    if (!def || nodes.some((n) => n.name.value !== name)) return null;
    const args = getArgumentValues(def, nodes[0], scope.variables);
    if (nodes.length > 1 && nodes.some((n) => JSON.stringify(getArgumentValues(def, n, scope.variables)) !== JSON.stringify(args))) return null;
    const named = getNamedType(def.type);
    let sub: SelectedField[] | null = null;
    if (nodes[0].selectionSet) {
      if (!isObjectType(named)) return null;
      const merged: SelectionSetNode = { kind: nodes[0].selectionSet.kind, selections: nodes.flatMap((n) => n.selectionSet?.selections ?? []) };
      sub = collectFields(scope, named, merged);
      if (!sub) return null;
    }
    fields.push({ key, name, args, fields: sub, nodes });
  }
  return fields;
}

function included(scope: SelectionScope, node: { directives?: readonly unknown[] } & Parameters<typeof getDirectiveValues>[1]): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, scope.variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, scope.variables)?.if !== false;
}

function gather(scope: SelectionScope, type: GraphQLObjectType, set: SelectionSetNode, into: Map<string, FieldNode[]>, seen: Set<string>): boolean {
  for (const selection of set.selections) {
    if (!included(scope, selection)) continue;
    if (selection.kind === 'Field') {
      const key = selection.alias?.value ?? selection.name.value;
      into.set(key, [...(into.get(key) ?? []), selection]);
      continue;
    }
    const fragment = selection.kind === 'InlineFragment' ? selection : scope.fragments[selection.name.value];
    if (!fragment) return false;
    if (selection.kind === 'FragmentSpread') {
      if (seen.has(selection.name.value)) continue;
      seen.add(selection.name.value);
    }
    const condition = fragment.typeCondition && typeFromAST(scope.schema, fragment.typeCondition);
    if (condition && condition !== type) return false;
    if (!gather(scope, type, fragment.selectionSet, into, seen)) return false;
  }
  return true;
}

/** The fields below `field`, or an empty list for a leaf. */
export const below = (field: SelectedField): SelectedField[] => field.fields ?? [];
