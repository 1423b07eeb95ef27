import {
  NoSchemaIntrospectionCustomRule, getNamedType, isListType, isNonNullType, isObjectType, isAbstractType,
  type DocumentNode, type FormattedExecutionResult, type GraphQLError, type GraphQLFormattedError, type GraphQLOutputType,
  type GraphQLSchema, type ValidationContext, type ValidationRule,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { QueryLimitError } from './errors';
import { translate, type Language, type Message } from './i18n';

/** Parser token cap (Apollo `parseOptions.maxTokens`, and graphql-ws's own parse). */
export const MAX_TOKENS = 5000;
/** Request bodies above this are refused before parsing. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/**
 * The most an operation may cost (platform/list-caps.ts prices lists): about the number of fields
 * it is expected to resolve. The deepest roster screen (50 shifts → roster → volunteer → teams →
 * team → organization) costs about 20,000, a three-level grid tree about 52,000, every visible
 * organization with a page of 500 volunteers about 130,000; going round the organizations → teams
 * → members → volunteer → teams cycle twice costs millions.
 */
export const MAX_QUERY_COST = 200_000;
/**
 * Selections graphql-query-complexity may visit while pricing one operation: a document within
 * MAX_TOKENS has fewer unless fragments are spread over and over, which is refused as too costly.
 */
const MAX_COST_NODES = 5_000;
/** A list of objects whose field forgot to declare its cost is priced as this long. */
const UNDECLARED_LIST_LENGTH = 100;

export interface OperationRuleOptions {
  /** false refuses __schema and __type (production, unless GRIDROSTER_INTROSPECTION=true). */
  introspection: boolean;
}

/**
 * The validation rules beyond graphql-js's own, for HTTP (Apollo `validationRules`) and graphql-ws
 * (`onSubscribe`) alike. The depth allows the deepest useful roster query (shifts → edges → node
 * → roster → volunteer → teams → team → organization). The cost, which depends on the variables,
 * is checked right after these: see costRefusal.
 */
export function operationRules(options: OperationRuleOptions): ValidationRule[] {
  // Report through the validation context (a normal validation error) instead of throwing,
  // which graphql-js would surface as an internal error.
  const report = { propagateOnRejection: false, onReject: [(ctx: ValidationContext | null, error: GraphQLError) => ctx?.reportError(error)] };
  return [
    ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
    maxDepthRule({ n: 12, ignoreIntrospection: true, exposeLimits: true, ...report }),
    // allowList: [] so aliased __typename counts too (armor lets it through by default).
    maxAliasesRule({ n: 30, allowList: [], exposeLimits: true, ...report }),
    maxDirectivesRule({ n: 50, exposeLimits: true, ...report }),
  ] as unknown as ValidationRule[];
}

export interface OperationRequest {
  document: DocumentNode;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/**
 * The refusal of an operation that costs more than `maxCost`, or null when it may run. Call it
 * after validation and before execution: it reads the document and the variables only, so a
 * refused operation runs no resolver and sends no SQL. Invalid variables are left for execution
 * to report (it refuses them before resolving anything too).
 */
export function costRefusal(schema: GraphQLSchema, request: OperationRequest, maxCost = MAX_QUERY_COST): QueryLimitError | null {
  let cost: number;
  try {
    cost = getComplexity({
      schema, query: request.document, variables: request.variables ?? {}, operationName: request.operationName ?? undefined,
      estimators: [fieldExtensionsEstimator(), defaultCost], maxQueryNodes: MAX_COST_NODES,
    });
  } catch (error) {
    if ((error as Error).message.startsWith('Query exceeds the maximum allowed number of nodes')) cost = Infinity;
    else return null;
  }
  if (cost <= maxCost) return null;
  const message: Message = Number.isFinite(cost)
    ? { key: 'limits.queryTooCostly', params: { cost, maxCost } }
    : { key: 'limits.queryTooManyFields', params: { maxNodes: MAX_COST_NODES, maxCost } };
  return new QueryLimitError(message, 'QUERY_TOO_COSTLY', { maxCost, ...(Number.isFinite(cost) ? { cost } : {}) });
}

/**
 * Fields that declare no cost: 1 each, plus what they select; introspection is free (it is
 * bounded by the schema, not the data). A list of objects that forgot to declare its length is
 * priced as a long one, so a new list field cannot slip through cheaply.
 */
const defaultCost: ComplexityEstimator = ({ type, field, childComplexity }) => {
  if (type.name.startsWith('__') || field.name.startsWith('__')) return 0;
  return 1 + childComplexity * (isObjectList(field.type) ? UNDECLARED_LIST_LENGTH : 1);
};

/** `[X]` of an object, interface or union type (scalar lists are column values and cost nothing extra). */
export function isObjectList(type: GraphQLOutputType): boolean {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (!isListType(inner)) return false;
  const named = getNamedType(inner);
  return isObjectType(named) || isAbstractType(named);
}

/** The answer sent instead of a response larger than `maxBytes`, in the client's language. */
export function responseTooLarge(maxBytes: number, language: Language): FormattedExecutionResult {
  const error = new QueryLimitError({ key: 'limits.responseTooLarge', params: { maxBytes } }, 'RESPONSE_TOO_LARGE', { maxResponseBytes: maxBytes });
  return { data: null, errors: [{ message: translate(language, error.localized), extensions: error.extensions }] };
}

/** `serialized` (an HTTP response body) or, when it is over the limit, the refusal in its place. */
export function capResponse(serialized: string, maxBytes: number, language: Language): string {
  return Buffer.byteLength(serialized) > maxBytes ? JSON.stringify(responseTooLarge(maxBytes, language)) : serialized;
}

/** `result` (a graphql-ws message's payload) or, when it would serialize over the limit, the refusal. */
export function capResult(result: FormattedExecutionResult, maxBytes: number, language: Language): FormattedExecutionResult {
  return Buffer.byteLength(JSON.stringify(result)) > maxBytes ? responseTooLarge(maxBytes, language) : result;
}

/**
 * Once a request is past its deadline every field still to resolve fails the same way; the
 * client needs to hear it once. Keeps the first timeout error and every other error.
 */
export function collapseTimeouts(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
  let told = false;
  return errors.filter((error) => {
    if (error.extensions?.reason !== 'QUERY_TIMEOUT') return true;
    if (told) return false;
    told = true;
    return true;
  });
}
