import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RosterEventsDocument } from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff } from '../../support/factories';
import { createGrid } from '../../support/factories/grids';
import { createShift } from '../../support/factories/shifts';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let coordinator: GraphQLTestClient;
let gridId: string;

beforeAll(async () => {
  server = await startTestServer();
  const village = await createOrg(server, 'COMMUNITY', '海尾村委会');
  coordinator = await createStaff(server, 'COORDINATOR', village.id);
  gridId = (await createGrid(server.admin, village.id, '海尾村', 'VILLAGE')).id;
});
afterAll(async () => { await server?.stop(); });

/** Short write transactions in another database, back to back, until stopped. */
function churnElsewhere(connections: number) {
  const elsewhere = postgres(inject('adminUrl'), { max: connections, onnotice: () => {} });
  let running = true;
  const loops = Array.from({ length: connections }, async () => {
    while (running) {
      await elsewhere.begin(async (tx) => {
        await tx`select pg_current_xact_id()`;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
      });
    }
  });
  return async () => { running = false; await Promise.all(loops); await elsewhere.end(); };
}

describe('the roster log horizon under churn in other databases', () => {
  it('shows every committed event at once while other databases commit short transactions', async () => {
    const stop = churnElsewhere(8);
    try {
      for (let round = 0; round < 40; round++) {
        const shift = await createShift(coordinator, gridId, { title: `海尾村${round}班` });
        for (let read = 0; read < 10; read++) {
          const { rosterEvents } = await coordinator.ok(RosterEventsDocument, { filter: { shiftId: shift.id } });
          expect(rosterEvents.map((e) => e.kind), `round ${round}, read ${read}`).toEqual(['SHIFT_CREATED']);
        }
      }
    } finally {
      await stop();
    }
  });
});
