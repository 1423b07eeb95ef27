import { FindVolunteerDocument, type GridrosterClient } from '../../sdk';
import type { CliContext } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { isGlobalId } from '../resolve';

/** A volunteer by id, or found by mobile or name: exactly one must answer. */
export async function findVolunteerId(ctx: CliContext, client: GridrosterClient, given: string): Promise<string> {
  if (isGlobalId(given, 'Volunteer')) return given;
  const { volunteers } = await client.request(FindVolunteerDocument, { search: given.replace(/[\s-]/g, '') });
  const found = volunteers.edges.map((e) => e.node);
  if (found.length === 1) return found[0].id;
  throw new CliError(ctx.t(found.length ? 'error.volunteerAmbiguous' : 'error.volunteerNotFound', { name: given, count: volunteers.totalCount }), found.length ? EXIT.USAGE : EXIT.DENIED);
}
