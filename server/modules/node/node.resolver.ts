import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { NotFoundError } from '../../platform/errors';
import { parseGlobalId } from '../../platform/ids';
import { Node } from './node.type';

/**
 * Resolves any global id through the owning module's scoped loader. A record the viewer may not
 * see answers NOT_FOUND exactly like one that does not exist (or an id that was never issued).
 */
@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<object> {
    requireViewer(ctx);
    const parsed = parseGlobalId(id);
    const load = parsed ? ctx.loaders.nodes[parsed.type] : undefined;
    const row = parsed && load ? await load(parsed.id) : null;
    if (!row) throw new NotFoundError('Node');
    return { ...row, __typename: parsed!.type };
  }
}
