import { GridDirectoryDocument, OrganizationsDocument, OrganizationTeamsDocument, type GridrosterClient } from '../sdk';
import { CliError, EXIT } from './exit-codes';
import type { Translate } from './i18n';

/** A global id as the API hands them out (base64url of "Type:n"), for telling an id from a name. */
export function isGlobalId(value: string, type: string): boolean {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(value)) return false;
  try {
    return Buffer.from(value, 'base64url').toString('utf8').startsWith(`${type}:`);
  } catch {
    return false;
  }
}

const key = (name: string) => name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

export interface Named {
  id: string;
  name: string;
}

/** The organization given by id or by name, among those the caller sees. */
export async function resolveOrganization(client: GridrosterClient, t: Translate, given: string): Promise<Named> {
  const { organizations } = await client.request(OrganizationsDocument);
  const match = isGlobalId(given, 'Organization') ? organizations.filter((o) => o.id === given) : organizations.filter((o) => key(o.name) === key(given));
  if (match.length === 1) return match[0];
  if (match.length === 0) throw new CliError(t('error.organizationNotFound', { name: given }), EXIT.DENIED);
  throw new CliError(t('error.organizationAmbiguous', { name: given }), EXIT.USAGE);
}

export interface GridEntry extends Named {
  /** Names from the top down, joined by '/': 陈埭镇/洋埭村/第3网格. */
  path: string;
  organizationId: string | null;
}

/** Every grid the caller sees, with its path, to find grids by name. */
export class GridDirectory {
  private constructor(readonly grids: GridEntry[]) {}

  static async load(client: GridrosterClient): Promise<GridDirectory> {
    const { grids } = await client.request(GridDirectoryDocument);
    const entries = new Map<string, GridEntry>();
    for (const root of grids) {
      const paths = new Map<string, string>();
      for (const grid of root.subtree) {
        const parentPath = grid.parent ? paths.get(grid.parent.id) : undefined;
        const path = parentPath ? `${parentPath}/${grid.name}` : grid.name;
        paths.set(grid.id, path);
        entries.set(grid.id, { id: grid.id, name: grid.name, path, organizationId: grid.organization?.id ?? null });
      }
    }
    return new GridDirectory([...entries.values()]);
  }

  /**
   * A grid by id, by name, or by the end of its path (洋埭村/第3网格); within the organization's
   * grids first when one is given. Null when none or more than one answer (`ambiguous` then).
   */
  find(given: string, organizationId?: string): { grid: GridEntry | null; ambiguous: boolean } {
    if (isGlobalId(given, 'Grid')) return { grid: this.grids.find((g) => g.id === given) ?? null, ambiguous: false };
    const wanted = key(given).split('/').filter(Boolean).join('/');
    const byPath = (g: GridEntry) => { const p = key(g.path); return p === wanted || p.endsWith(`/${wanted}`); };
    const all = this.grids.filter(byPath);
    const own = organizationId ? all.filter((g) => g.organizationId === organizationId) : [];
    const candidates = own.length ? own : all;
    return candidates.length === 1 ? { grid: candidates[0], ambiguous: false } : { grid: null, ambiguous: candidates.length > 1 };
  }

  /** find, or a CliError saying why not. */
  require(given: string, t: Translate): GridEntry {
    const { grid, ambiguous } = this.find(given);
    if (grid) return grid;
    throw new CliError(t(ambiguous ? 'error.gridAmbiguous' : 'error.gridNotFound', { name: given }), ambiguous ? EXIT.USAGE : EXIT.DENIED);
  }
}

/** The organization's teams by name. */
export async function teamsOf(client: GridrosterClient, organizationId: string): Promise<Map<string, Named>> {
  const { node } = await client.request(OrganizationTeamsDocument, { id: organizationId });
  const teams = node && 'teams' in node ? node.teams : [];
  return new Map(teams.map((team) => [key(team.name), { id: team.id, name: team.name }]));
}

export function teamKey(name: string): string {
  return key(name);
}
