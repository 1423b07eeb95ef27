import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { print } from 'graphql';
import {
  AdjustHoursDocument, CancelShiftDocument, CreateShiftDocument, RosterChangedDocument, ShiftsDocument, TallyDocument,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg } from '../../support/factories';
import { createGrid } from '../../support/factories/grids';
import { registerPerson, shiftInput, shiftTableCounts } from '../../support/factories/shifts';
import { wsClient } from '../../support/ws';

/*
 * Values every argument type can carry but no roster holds: dates outside 1970–2999, forged
 * cursors, huge lists, hours that round to nothing. Each is BAD_USER_INPUT naming the field, over
 * HTTP and graphql-ws alike, and writes nothing.
 */
let server: TestServer;
let gridId: string;
let villageId: string;

const fieldOf = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  result.errors?.map((e) => [e.extensions?.code, e.extensions?.field]);
const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

beforeAll(async () => {
  server = await startTestServer();
  villageId = (await createOrg(server, 'COMMUNITY', '洋埭村')).id;
  gridId = (await createGrid(server.admin, villageId, '网格3', 'GRID')).id;
});
afterAll(async () => { await server?.stop(); });

describe('input the calendar and the database cannot hold', () => {
  it('refuses times and dates outside 1970–2999 with the field named, writing nothing', async () => {
    const before = await shiftTableCounts(server);
    const create = (overrides: Record<string, string>) => server.admin.request(CreateShiftDocument, { input: shiftInput(gridId, overrides) });
    expect(fieldOf(await create({ startsAt: '0001-01-01T08:00:00Z', endsAt: '2026-01-01T12:00:00Z' }))).toEqual([['BAD_USER_INPUT', 'input.startsAt']]);
    expect(fieldOf(await create({ startsAt: '2026-01-01T08:00:00Z', endsAt: '3000-01-01T12:00:00Z' }))).toEqual([['BAD_USER_INPUT', 'input.endsAt']]);
    expect(fieldOf(await server.admin.request(ShiftsDocument, { filter: { gridId, range: { from: '0001-01-01' } } })))
      .toEqual([['BAD_USER_INPUT', 'filter.range.from']]);
    expect(fieldOf(await server.admin.request(TallyDocument, { input: { groupBy: 'DAY', range: { from: '2026-02-01', to: '2026-01-01' } } })))
      .toEqual([['BAD_USER_INPUT', 'input.range']]);
    expect(await shiftTableCounts(server)).toEqual(before);
  });

  it('refuses a forged shift cursor whose time PostgreSQL cannot read', async () => {
    for (const forged of [cursor(['0000-01-01T00:00:00Z', 1]), cursor(['+010000-01-01T00:00:00Z', 1])]) {
      expect(fieldOf(await server.admin.request(ShiftsDocument, { filter: { gridId }, after: forged }))).toEqual([['BAD_USER_INPUT', 'after']]);
    }
  });

  it('caps the skill and team lists of a shift', async () => {
    const before = await shiftTableCounts(server);
    const skills = Array.from({ length: 31 }, (_, i) => `skill-${i}`);
    expect(fieldOf(await server.admin.request(CreateShiftDocument, { input: shiftInput(gridId, { requiredSkills: skills }) })))
      .toEqual([['BAD_USER_INPUT', 'input.requiredSkills']]);
    const teams = Array.from({ length: 101 }, (_, i) => Buffer.from(`Team:${i + 1}`).toString('base64url'));
    expect(fieldOf(await server.admin.request(CreateShiftDocument, { input: shiftInput(gridId, { eligibleTeamIds: teams }) })))
      .toEqual([['BAD_USER_INPUT', 'input.eligibleTeamIds']]);
    expect(await shiftTableCounts(server)).toEqual(before);
  });

  it('refuses an hour adjustment that rounds to nothing', async () => {
    const person = await registerPerson(server, villageId, '陈明');
    for (const hours of [0.004, -0.004, 5e-324]) {
      expect(fieldOf(await server.admin.request(AdjustHoursDocument, { volunteerId: person.id, hours, reason: '补录' }))).toEqual([['BAD_USER_INPUT', 'hours']]);
    }
    const [row] = await server.sql`select count(*)::int as n from hour_adjustments`;
    expect(row.n).toBe(0);
  });

  it('keeps a reason with line breaks, for a shift as for an assignment', async () => {
    const { createShift } = await server.admin.ok(CreateShiftDocument, { input: shiftInput(gridId) });
    const { cancelShift } = await server.admin.ok(CancelShiftDocument, { id: createShift.id, reason: '暴雨\n改期' });
    expect(cancelShift.cancelReason).toBe('暴雨\n改期');
  });

  it('answers a subscription with a null or unknown filter field BAD_USER_INPUT over graphql-ws, as over HTTP', async () => {
    const { token } = server.admin as unknown as { token: string };
    const client = wsClient(server.wsUrl, token);
    try {
      for (const filter of [null, { gridId, bogus: 1 }]) {
        const errors = await new Promise<readonly { extensions?: Record<string, unknown> }[]>((resolve, reject) => {
          client.subscribe({ query: print(RosterChangedDocument), variables: { filter } }, {
            next: (value) => resolve(value.errors ?? []),
            error: (error) => (Array.isArray(error) ? resolve(error) : reject(error)),
            complete: () => resolve([]),
          });
        });
        expect(errors.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'filter']]);
      }
    } finally {
      await client.dispose();
    }
  });
});
