import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { GraphQLFormattedError } from 'graphql';
import { GridrosterClient, LoginDocument } from '../../client/sdk';

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLFormattedError[];
  status: number;
}

/**
 * The SDK's typed client, as the tests use it: whole responses, data that must come, or the codes
 * of a refusal. It asks for English (Accept-Language: en) unless told otherwise, so assertions on
 * message text read in one language; `withLanguage(null)` sends none (the server then answers in Chinese).
 */
export class GraphQLTestClient {
  private readonly sdk: GridrosterClient;

  constructor(readonly url: string, readonly token?: string, readonly language: string | null = 'en') {
    this.sdk = new GridrosterClient({ url, token, language });
  }

  request<TData, TVars>(document: TypedDocumentNode<TData, TVars>, variables?: TVars): Promise<GraphQLResponse<TData>> {
    return this.sdk.execute(document, variables);
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
