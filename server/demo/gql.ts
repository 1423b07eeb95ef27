import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, OperationTypeNode, type OperationDefinitionNode } from 'graphql';
import pLimit from 'p-limit';
import { GridrosterClient, GridrosterError, type ClientOptions } from '../../client/sdk';
import type { AppDeps } from '../context';
import { createApp, type App } from '../app';
import { parseGlobalId } from '../platform/ids';
import { issueToken } from '../modules/auth/token';
import { findAccount, findAccountByMobile, firstPlatformAdminId } from '../modules/auth/auth.queries';

/** How long a token the loader issues itself lasts: far longer than any load. */
const TOKEN_SECONDS = 3600;
/** Requests in flight at once where order does not matter: enough to overlap, few enough for 2 cores. */
const CONCURRENCY = 4;

/**
 * The typed SDK acting as one account. Every operation is a generated document from
 * client/operations; a refusal is the SDK's GridrosterError, its message prefixed with what the
 * demo was doing and as whom, so a failed load says where it stopped.
 */
export class DemoClient extends GridrosterClient {
  constructor(options: ClientOptions, readonly who: string, private readonly readOnly = false) {
    super(options);
  }

  override async request<TData, TVars>(document: TypedDocumentNode<TData, TVars>, variables?: TVars): Promise<TData> {
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const name = operation?.name?.value ?? 'an operation';
    if (this.readOnly && operation?.operation !== OperationTypeNode.QUERY) throw new Error(`demo: ${name}: ${this.who} only reads`);
    try {
      return await super.request(document, variables);
    } catch (error) {
      if (error instanceof GridrosterError) {
        const field = error.field ? ` at ${error.field}` : '';
        error.message = `demo: ${name} (as ${this.who}) failed: ${error.message} [${error.code}${field}]`;
      }
      throw error;
    }
  }
}

/**
 * The loader's way in: a server of its own on a loopback port for the load's duration, reached
 * over HTTP through the SDK exactly as any client would (limits, pricing, errors and all). Tokens
 * are issued here with the server's key, not through `login`, which is rate limited per address.
 */
export class DemoSession {
  private constructor(private readonly deps: AppDeps, private readonly app: App, private readonly url: string) {}

  static async open(deps: AppDeps): Promise<DemoSession> {
    const app = await createApp(deps);
    const port = await app.listen(0, '127.0.0.1');
    return new DemoSession(deps, app, `http://127.0.0.1:${port}/graphql`);
  }

  close(): Promise<void> {
    return this.app.stop();
  }

  anonymous(): DemoClient {
    return new DemoClient({ url: this.url }, 'anonymous');
  }

  /** A client holding a token the API handed out (activateAccount). */
  withTokenOf(token: string, who: string): DemoClient {
    return new DemoClient({ url: this.url, token }, who);
  }

  /**
   * A platform admin that only reads, for looking at the database before the load has created
   * (or reset) its own: null when there is no platform admin, so no load can have begun.
   */
  async reader(): Promise<DemoClient | null> {
    const accountId = await firstPlatformAdminId(this.deps.database.db);
    return accountId == null ? null : this.client(accountId, 'the demo loader (read-only)', true);
  }

  /** A client acting as the account with this GraphQL id (as returned by createAccount). */
  async as(accountGlobalId: string, who: string): Promise<DemoClient> {
    return this.client(accountDbId(accountGlobalId), who);
  }

  /** A client acting as the account with this mobile; null when there is none. */
  async byMobile(mobile: string, who: string): Promise<DemoClient | null> {
    const account = await findAccountByMobile(this.deps.database.db, mobile);
    return account ? this.client(account.id, who) : null;
  }

  private async client(accountId: number, who: string, readOnly = false): Promise<DemoClient> {
    const account = await findAccount(this.deps.database.db, accountId);
    if (!account) throw new Error(`demo: account ${accountId} (${who}) not found`);
    const { token } = await issueToken(this.deps.keys.token.signing, account.id, TOKEN_SECONDS, new Date(), account.tokenVersion);
    return new DemoClient({ url: this.url, token }, who, readOnly);
  }
}

/** Runs `each` over the items at most CONCURRENCY at a time; the answers come in the items' order. */
export function inParallel<T, R>(items: readonly T[], each: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const limit = pLimit(CONCURRENCY);
  return Promise.all(items.map((item, i) => limit(() => each(item, i))));
}

export function accountDbId(globalId: string): number {
  const parsed = parseGlobalId(globalId);
  if (!parsed || parsed.type !== 'Account') throw new Error(`demo: ${globalId} is not an account id`);
  return parsed.id;
}

/** Runs `each` over the items one after another, where order matters (ids, seats, zone history). */
export async function inTurn<T, R>(items: readonly T[], each: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const [i, item] of items.entries()) results.push(await each(item, i));
  return results;
}
