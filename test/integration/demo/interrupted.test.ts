import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateOrganizationDocument } from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { loadDemo } from '../../../server/demo/load-demo';

const TABLES = [
  'organizations', 'accounts', 'role_grants', 'volunteers', 'volunteer_affiliations', 'teams', 'team_memberships',
  'grids', 'zone_changes', 'deployments', 'shifts', 'assignments', 'roster_events', 'hour_adjustments',
];

async function rowCounts(server: TestServer): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const [row] = await server.sql.unsafe(`select count(*)::int as n from ${table}`);
    counts[table] = row.n as number;
  }
  return counts;
}

/** Runs the loader and returns what it printed and how it ended. */
async function load(server: TestServer, stopAfter?: RegExp): Promise<{ lines: string[]; error: Error | null }> {
  const lines: string[] = [];
  const error = await loadDemo(server.database.db, server.deps, (line) => {
    lines.push(line);
    // Like Ctrl-C right after this line was printed: the load goes no further.
    if (stopAfter?.test(line)) throw new Error('interrupted');
  }).then(() => null, (e: Error) => e);
  return { lines, error };
}

let alone: TestServer;
let halfBuilt: TestServer;
beforeAll(async () => {
  [alone, halfBuilt] = await Promise.all([startTestServer(), startTestServer()]);
});
afterAll(async () => {
  await Promise.all([alone?.stop(), halfBuilt?.stop()]);
});

describe('a demo load that was interrupted', () => {
  it('refuses a database holding 晋江市 alone, says how to start over and changes nothing', async () => {
    await alone.admin.ok(CreateOrganizationDocument, { name: '晋江市', kind: 'GOVERNMENT' });
    const before = await rowCounts(alone);
    const { lines, error } = await load(alone);
    expect(error?.message).toMatch(/stopped part-way/);
    expect(error?.message).toMatch(/GRIDROSTER_DATA_DIR/);
    expect(error?.message).toMatch(/DATABASE_URL/);
    expect(lines.join('\n')).not.toMatch(/already loaded|loading/);
    expect(await rowCounts(alone)).toEqual(before);
  });

  it('refuses to build on a load stopped after the volunteers were registered, every time, changing nothing', async () => {
    const first = await load(halfBuilt, /volunteers registered/);
    expect(first.error?.message).toBe('interrupted');
    const before = await rowCounts(halfBuilt);
    expect(before.volunteers).toBeGreaterThan(200);
    expect(before.teams).toBe(0);

    for (let run = 0; run < 2; run++) {
      const again = await load(halfBuilt);
      expect(again.error?.message).toMatch(/stopped part-way/);
      expect(again.lines.join('\n')).not.toMatch(/already loaded/);
      expect(await rowCounts(halfBuilt)).toEqual(before);
    }
  });
});
