import type { Context } from '../../context';
import { signInContext } from '../../context';
import type { SignedIn, SignInDeps } from './auth.service';
import { loadViewer } from './viewer.loader';

/** What the auth service needs from a request to sign someone in. */
export function signInDeps(ctx: Context): SignInDeps {
  return { keys: ctx.deps.keys, ttlSeconds: ctx.deps.config.tokenTtlSeconds, logger: ctx.deps.logger };
}

/** The rest of the response (account.volunteer, roles) is read as the person who just signed in. */
export async function signIn(ctx: Context, result: SignedIn): Promise<SignedIn> {
  // Read through the viewer cache, so the new token's first request finds its viewer there.
  const read = (id: number) => loadViewer(ctx.db, id);
  const { viewers } = ctx.deps;
  signInContext(ctx, await (viewers ? viewers.get(result.account.id, read) : read(result.account.id)));
  return result;
}
