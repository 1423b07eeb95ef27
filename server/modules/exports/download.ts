import type { Readable } from 'node:stream';
import { Field, ObjectType } from 'type-graphql';
import type { AppDeps, Context } from '../../context';
import { signLink } from '../../platform/signed-links';
import type { Viewer } from '../auth/viewer';

/** What a download handler is given: the link's account as it is now, and the link's parameters. */
export interface DownloadRequest {
  viewer: Viewer;
  deps: AppDeps;
  params: Record<string, unknown>;
}

export interface Download {
  filename: string;
  contentType: string;
  body: Readable | Buffer | string;
}

/** Serves one kind of link; throws the platform's typed errors (NOT_FOUND for anything out of scope). */
export type DownloadHandler = (request: DownloadRequest) => Promise<Download>;

@ObjectType('DownloadLink', { description: 'A short-lived signed link (relative to the API origin); it works only for the account it was made for.' })
export class DownloadLink {
  @Field(() => String)
  url!: string;

  @Field(() => Date)
  expiresAt!: Date;
}

/** A signed link for the viewer of this request. */
export function downloadLink(ctx: Context, viewer: Viewer, kind: string, params: Record<string, unknown>, filename: string): Promise<DownloadLink> {
  return signLink(ctx.deps.keys.token.downloadLinks, { accountId: viewer.accountId, kind, params }, ctx.deps.config.downloadLinkTtlSeconds, filename);
}
