import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { GridrosterError, TransportError } from './errors';

export interface ClientOptions {
  /** The API's URL, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** A bearer token from `login`; none for a signed-out client. */
  token?: string | null;
  /** Sent as Accept-Language (zh-CN or en), so messages come in the caller's language. */
  language?: string | null;
  /** A fetch to use instead of the global one (a proxy agent, a test double of the network). */
  fetch?: typeof fetch;
}

/** A GraphQL answer as it came: data, errors and the HTTP status. */
export interface ExecutionResult<TData> {
  data?: TData | null;
  errors?: GraphQLFormattedError[];
  status: number;
}

const printed = new WeakMap<DocumentNode, string>();

/** The document's source, printed once. */
export function sourceOf(document: DocumentNode): string {
  let source = printed.get(document);
  if (source == null) printed.set(document, (source = print(document)));
  return source;
}

/**
 * The typed client: every operation is a generated document from client/operations (codegen), so
 * variables and answers are checked by TypeScript. `request` answers the data or throws a
 * GridrosterError carrying `code`, `field` and `reason`; `execute` answers the response as it came.
 */
export class GridrosterClient {
  readonly url: string;
  readonly token: string | null;
  readonly language: string | null;
  private readonly fetcher: typeof fetch;

  constructor(options: ClientOptions) {
    this.url = options.url;
    this.token = options.token ?? null;
    this.language = options.language ?? null;
    // Called through a wrapper: a browser's fetch refuses to run as another object's method ("Illegal invocation").
    this.fetcher = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** The same server and language with another token (or none). */
  withToken(token: string | null): GridrosterClient {
    return new GridrosterClient({ url: this.url, token, language: this.language, fetch: this.fetcher });
  }

  headers(): Record<string, string> {
    return {
      ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      ...(this.language ? { 'accept-language': this.language } : {}),
    };
  }

  async execute<TData, TVars>(document: TypedDocumentNode<TData, TVars>, variables?: TVars): Promise<ExecutionResult<TData>> {
    let response: Response;
    try {
      response = await this.fetcher(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...this.headers() },
        body: JSON.stringify({ query: sourceOf(document), variables }),
      });
    } catch (error) {
      throw new TransportError(`Cannot reach ${this.url}: ${(error as Error).cause ?? (error as Error).message}`, null, { cause: error });
    }
    const text = await response.text();
    try {
      const body = JSON.parse(text) as { data?: TData | null; errors?: GraphQLFormattedError[] };
      return { ...body, status: response.status };
    } catch {
      throw new TransportError(`${this.url} answered HTTP ${response.status} with no GraphQL response.`, response.status);
    }
  }

  /** The data of an operation; a GridrosterError when the API answered errors. */
  async request<TData, TVars>(document: TypedDocumentNode<TData, TVars>, variables?: TVars): Promise<TData> {
    const result = await this.execute(document, variables);
    if (result.errors?.length || result.data == null) throw new GridrosterError(result.errors ?? [], result.status);
    return result.data;
  }

  /** Fetches a download link the API handed out (certificates, reports, exports): its bytes, type and file name. */
  async download(link: string): Promise<{ body: Buffer; type: string; filename: string | null }> {
    const response = await this.fetcher(new URL(link, this.url));
    if (!response.ok) throw new TransportError(`The download answered HTTP ${response.status}.`, response.status);
    const disposition = response.headers.get('content-disposition') ?? '';
    const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
    const plain = /filename="?([^";]+)"?/i.exec(disposition);
    const filename = star ? decodeURIComponent(star[1]) : plain ? plain[1] : null;
    return { body: Buffer.from(await response.arrayBuffer()), type: response.headers.get('content-type') ?? '', filename };
  }
}
