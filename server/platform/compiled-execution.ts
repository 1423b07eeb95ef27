import {
  execute, getVariableValues, locatedError, type DocumentNode, type ExecutionResult, type FragmentDefinitionNode, type GraphQLError,
  type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { collectFields, type SelectedField, type SelectionScope } from './selections';

/**
 * A root field a planner answers without graphql-js walking its subtree: typically one SQL
 * statement that builds the field's whole JSON (scope, masking and all) inside PostgreSQL.
 * `run` gives the field's value, or `FALL_BACK` when this request needs the resolvers after all
 * (an argument they would refuse, a viewer they would turn away): resolvers then answer it
 * exactly as they always do, errors included.
 */
export interface PlannedField<TContext> {
  run(context: TContext): Promise<unknown>;
}

export const FALL_BACK = Symbol('fall back to the resolvers');

/**
 * Plans one root field (name, arguments and everything selected below it) for one request;
 * null when it cannot (a field below it that only a resolver knows how to answer).
 */
export type RootFieldPlanner<TContext> = (schema: GraphQLSchema, field: SelectedField) => PlannedField<TContext> | null;

export interface Planners<TContext> {
  /** Query fields by name. */
  query: Record<string, RootFieldPlanner<TContext>>;
}

/**
 * Executes an operation by its planners when every root field has one and each agrees, else
 * with graphql-js (the resolvers) — the same answer either way. Runs behind Apollo Server's
 * gateway interface, so parsing, validation, the cost check, error formatting and every plugin
 * apply as before.
 */
export async function executeOperation<TContext>(
  schema: GraphQLSchema, planners: Planners<TContext>,
  request: { document: DocumentNode; operation: OperationDefinitionNode; operationName?: string | null; variables?: Record<string, unknown>; context: TContext },
): Promise<ExecutionResult> {
  const planned = await runPlanned(schema, planners, request);
  if (planned) return planned;
  return execute({ schema, document: request.document, contextValue: request.context, variableValues: request.variables, operationName: request.operationName });
}

async function runPlanned<TContext>(
  schema: GraphQLSchema, planners: Planners<TContext>,
  request: { document: DocumentNode; operation: OperationDefinitionNode; variables?: Record<string, unknown>; context: TContext },
): Promise<ExecutionResult | null> {
  const { operation, document } = request;
  if (operation.operation !== 'query') return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
  if (coerced.errors) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) if (definition.kind === 'FragmentDefinition') fragments[definition.name.value] = definition;
  const scope: SelectionScope = { schema, fragments, variables: coerced.coerced };
  const fields = collectFields(scope, schema.getQueryType()!, operation.selectionSet);
  if (!fields) return null;
  const plans: (PlannedField<TContext> | null)[] = [];
  for (const field of fields) {
    if (field.name === '__typename') plans.push(null);
    else {
      const plan = planners.query[field.name]?.(schema, field);
      if (!plan) return null;
      plans.push(plan);
    }
  }
  if (plans.every((p) => p === null)) return null;
  const values = await Promise.all(plans.map((plan) => plan?.run(request.context).catch((error: unknown) => ({ [FAILED]: error }))));
  if (values.includes(FALL_BACK)) return null;
  const data: Record<string, unknown> = {};
  const errors: GraphQLError[] = [];
  let nulled = false;
  fields.forEach((field, i) => {
    const value = values[i] as unknown;
    if (field.name === '__typename') data[field.key] = schema.getQueryType()!.name;
    else if (value && typeof value === 'object' && FAILED in value) {
      // Every planned root field is non-null, so a failure nulls the whole response, as in graphql-js.
      errors.push(locatedError((value as { [FAILED]: unknown })[FAILED], field.nodes, [field.key]));
      nulled = true;
    } else data[field.key] = value;
  });
  return errors.length ? { data: nulled ? null : data, errors } : { data };
}

const FAILED = Symbol('failed');

/**
 * Apollo Server's gateway interface over a fixed schema: the hook through which a server may
 * execute operations its own way (Apollo's docs: "custom executor"). Only `executor` matters here.
 */
type GatewayInterface = ApolloServerOptionsWithGateway<BaseContext>['gateway'];

export function plannedGateway<TContext>(schema: GraphQLSchema, planners: Planners<TContext>): GatewayInterface {
  return {
    async load() {
      return {
        schema,
        executor: (requestContext) => executeOperation(schema, planners, {
          document: requestContext.document, operation: requestContext.operation, operationName: requestContext.operationName,
          variables: requestContext.request.variables, context: requestContext.context as TContext,
        }) as never,
      };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async stop() {},
  };
}
