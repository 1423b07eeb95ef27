import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { parseGlobalId } from '../../platform/ids';
import { Node } from './node.type';

/**
 * Resolves any global id through the owning module's scoped loader, so an id the viewer may not
 * see answers null exactly like one that does not exist.
 */
@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<object | null> {
    const parsed = parseGlobalId(id);
    const load = parsed && ctx.viewer ? ctx.loaders.nodes[parsed.type as keyof Context['loaders']['nodes']] : undefined;
    if (!parsed || !load) return null;
    const row = await load(parsed.id);
    return row ? { ...row, __typename: parsed.type } : null;
  }
}
