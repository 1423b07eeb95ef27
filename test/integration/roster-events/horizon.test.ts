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

describe('the roster log and long transactions', () => {
  it('is not held back by a write transaction running in another database of the same cluster', async () => {
    const elsewhere = postgres(inject('adminUrl'), { max: 1, onnotice: () => {} });
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let started!: () => void;
    const running = new Promise<void>((resolve) => { started = resolve; });
    const transaction = elsewhere.begin(async (tx) => {
      await tx`select pg_current_xact_id()`;
      started();
      await held;
    });
    try {
      await running;
      const shift = await createShift(coordinator, gridId, { title: '海尾村夜班' });
      const { rosterEvents } = await coordinator.ok(RosterEventsDocument, { filter: { shiftId: shift.id } });
      expect(rosterEvents.map((e) => e.kind)).toEqual(['SHIFT_CREATED']);
    } finally {
      release();
      await transaction;
      await elsewhere.end();
    }
  });

  // Issue 7 changed this: a long write transaction in this database used to hold every later
  // event back until it ended; now it delays only its own events.
  it('is not held back by a write transaction running in this database that wrote no roster event', async () => {
    const shiftBefore = await createShift(coordinator, gridId, { title: '海尾村早班' });
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let started!: () => void;
    const running = new Promise<void>((resolve) => { started = resolve; });
    const transaction = server.sql.begin(async (tx) => {
      await tx`select pg_current_xact_id()`;
      started();
      await held;
    });
    try {
      await running;
      const shiftDuring = await createShift(coordinator, gridId, { title: '海尾村午班' });
      const during = await coordinator.ok(RosterEventsDocument, { filter: { shiftId: shiftDuring.id } });
      expect(during.rosterEvents.map((e) => e.kind)).toEqual(['SHIFT_CREATED']);
      expect((await coordinator.ok(RosterEventsDocument, { filter: { shiftId: shiftBefore.id } })).rosterEvents).toHaveLength(1);
    } finally {
      release();
      await transaction;
    }
  });

  // A transaction elsewhere that ends between the horizon's snapshot and its look at pg_stat_activity
  // used to hold every later event back for that read; this churn made it happen within seconds.
  it('shows every committed event at once while other databases commit short transactions', async () => {
    const stop = churnElsewhere(8);
    try {
      for (let round = 0; round < 20; round++) {
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
