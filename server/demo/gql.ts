import { execute, parse, specifiedRules, validate, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Db } from '../platform/db';
import { contextFor, type AppDeps } from '../context';
import { parseGlobalId } from '../platform/ids';
import { MAX_TOKENS, costRefusal, operationRules } from '../platform/limits';
import { loadViewer } from '../modules/auth/viewer.loader';
import type { Viewer } from '../modules/auth/viewer';

type Variables = Record<string, unknown>;

/**
 * Runs GraphQL operations in-process against the public schema as one account, exactly as a
 * client would send them, so the demo depends only on the contract and not on module internals.
 */
export class DemoClient {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly deps: AppDeps,
    private readonly viewer: Viewer | null,
    /** Who this client acts as, for error messages. */
    readonly who: string,
    /** Queries only: see DemoSession.reader. */
    private readonly readOnly = false,
  ) {}

  /** The data of an operation that must succeed; throws with every error message otherwise. */
  async run<T>(label: string, source: string, variables?: Variables): Promise<T> {
    if (this.readOnly && /^\s*(mutation|subscription)\b/.test(source)) throw new Error(`demo: ${label}: ${this.who} only reads`);
    const result = await this.execute(source, variables);
    if (result.errors?.length || !result.data) {
      const detail = (result.errors ?? []).map((e) => {
        const code = e.extensions?.code ? ` [${String(e.extensions.code)}]` : '';
        const path = e.path ? ` at ${e.path.join('.')}` : '';
        return `${e.message}${code}${path}`;
      }).join('; ');
      throw new Error(`demo: ${label} (as ${this.who}) failed: ${detail || 'no data'}`);
    }
    return result.data as T;
  }

  /** Parsed, validated and priced with the server's own limits, so the demo asks nothing a client could not. */
  private async execute(source: string, variables?: Variables): Promise<ExecutionResult> {
    const document = parse(source, { maxTokens: MAX_TOKENS });
    const errors = validate(this.schema, document, [...specifiedRules, ...operationRules({ introspection: true })]);
    const refusal = errors.length ? null : costRefusal(this.schema, { document, variables });
    if (errors.length || refusal) return { errors: refusal ? [refusal] : errors };
    return execute({ schema: this.schema, document, variableValues: variables, contextValue: contextFor(this.deps, this.viewer) });
  }

  /**
   * The same mutation many times in one document (aliases m0…mN, which graphql-js runs one
   * after another), `chunk` per request (within the alias limit): far fewer round trips than one
   * request each.
   */
  async batch<T>(label: string, field: string, argTypes: Record<string, string>, items: Variables[], selection = '', chunk = 25): Promise<T[]> {
    const results: T[] = [];
    for (let start = 0; start < items.length; start += chunk) {
      const part = items.slice(start, start + chunk);
      const definitions: string[] = [];
      const fields: string[] = [];
      const variables: Variables = {};
      part.forEach((item, i) => {
        const args = Object.keys(argTypes).filter((name) => item[name] !== undefined).map((name) => {
          definitions.push(`$${name}${i}: ${argTypes[name]}`);
          variables[`${name}${i}`] = item[name];
          return `${name}: $${name}${i}`;
        });
        fields.push(`m${i}: ${field}(${args.join(', ')}) ${selection}`);
      });
      const source = `mutation Demo(${definitions.join(', ')}) {\n${fields.join('\n')}\n}`;
      const data = await this.run<Record<string, T>>(`${label} (${start + 1}–${start + part.length} of ${items.length})`, source, variables);
      part.forEach((_, i) => results.push(data[`m${i}`]));
    }
    return results;
  }
}

/** Builds clients for accounts. */
export class DemoSession {
  constructor(readonly schema: GraphQLSchema, readonly deps: AppDeps, readonly db: Db) {}

  anonymous(): DemoClient {
    return new DemoClient(this.schema, this.deps, null, 'anonymous');
  }

  /**
   * A platform-wide view that is no account, for looking at the database before the load has
   * created (or reset) its own platform admin: it runs queries only, so the check writes nothing.
   */
  reader(): DemoClient {
    const viewer: Viewer = { accountId: 0, volunteerId: null, isPlatformAdmin: true, grants: [], gridGrants: [], tokenVersion: 0 };
    return new DemoClient(this.schema, this.deps, viewer, 'the demo loader (read-only)', true);
  }

  /** A client acting as the account with this GraphQL id (as returned by createAccount or login). */
  async as(accountGlobalId: string, who: string): Promise<DemoClient> {
    return this.asAccountId(accountDbId(accountGlobalId), who);
  }

  async asAccountId(accountId: number, who: string): Promise<DemoClient> {
    const viewer = await loadViewer(this.db, accountId);
    if (!viewer) throw new Error(`demo: account ${accountId} (${who}) not found`);
    return new DemoClient(this.schema, this.deps, viewer, who);
  }
}

export function accountDbId(globalId: string): number {
  const parsed = parseGlobalId(globalId);
  if (!parsed || parsed.type !== 'Account') throw new Error(`demo: ${globalId} is not an account id`);
  return parsed.id;
}
