import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';
import { LoginDocument } from '../../client/generated/graphql';

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLFormattedError[];
  status: number;
}

/**
 * A typed GraphQL client over real HTTP, optionally carrying a bearer token. It asks for English
 * (Accept-Language: en) unless told otherwise, so assertions on message text read in one language;
 * `withLanguage(null)` sends no Accept-Language (the server then answers in Chinese).
 */
export class GraphQLTestClient {
  constructor(readonly url: string, readonly token?: string, readonly language: string | null = 'en') {}

  async request<TData, TVars>(document: TypedDocumentNode<TData, TVars>, variables?: TVars): Promise<GraphQLResponse<TData>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(this.language ? { 'accept-language': this.language } : {}),
      },
      body: JSON.stringify({ query: print(document), variables }),
    });
    const body = (await response.json()) as { data?: TData; errors?: GraphQLFormattedError[] };
    return { ...body, status: response.status };
  }

  /** The data of a request that must succeed; throws with the errors otherwise. */
  async ok<TData, TVars>(document: TypedDocumentNode<TData, TVars>, variables?: TVars): Promise<TData> {
    const result = await this.request(document, variables);
    if (result.errors?.length || !result.data) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data;
  }

  /** The errors' codes of a request that must fail. */
  async codes<TData, TVars>(document: TypedDocumentNode<TData, TVars>, variables?: TVars): Promise<string[]> {
    const result = await this.request(document, variables);
    return (result.errors ?? []).map((e) => String(e.extensions?.code));
  }

  withToken(token: string): GraphQLTestClient {
    return new GraphQLTestClient(this.url, token, this.language);
  }

  /** The same client asking for another language (an Accept-Language value), or for none. */
  withLanguage(language: string | null): GraphQLTestClient {
    return new GraphQLTestClient(this.url, this.token, language);
  }

  async login(mobile: string, password: string): Promise<GraphQLTestClient> {
    const data = await this.ok(LoginDocument, { mobile, password });
    return this.withToken(data.login.token);
  }
}
