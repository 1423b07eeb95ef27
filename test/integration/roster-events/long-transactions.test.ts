import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssignVolunteerDocument, RosterChangedDocument, RosterEventsDocument } from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff } from '../../support/factories';
import { createGrid } from '../../support/factories/grids';
import { createShift, insertRosterEvent, registerPerson, type Person } from '../../support/factories/shifts';
import type { GraphQLTestClient } from '../../support/client';
import { liveStream, wsClient } from '../../support/ws';

let server: TestServer;
let coordinator: GraphQLTestClient & { token?: string };
let gridId: string;
let person: Person;

beforeAll(async () => {
  server = await startTestServer();
  const village = await createOrg(server, 'COMMUNITY', '海尾村委会');
  coordinator = await createStaff(server, 'COORDINATOR', village.id);
  gridId = (await createGrid(server.admin, village.id, '海尾村网格2', 'GRID')).id;
  person = await registerPerson(server, village.id, '陈明');
});
afterAll(async () => { await server?.stop(); });

/** A transaction on its own connection, held open until released; `work` runs first. */
function holdTransaction(work: (tx: postgres.TransactionSql) => Promise<unknown>) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => { release = resolve; });
  let ready!: () => void;
  const started = new Promise<void>((resolve) => { ready = resolve; });
  let open = true;
  const done = server.sql.begin(async (tx) => {
    await work(tx);
    ready();
    await held;
  }).finally(() => { open = false; });
  return { started, isOpen: () => open, commit: async () => { release(); await done; } };
}

const startsIn = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();

describe('live rosters and long transactions', () => {
  it("delivers other changes while a long write transaction runs, and that transaction's own events after it commits, in order", async () => {
    const early = await createShift(coordinator, gridId, { title: '早班', startsAt: startsIn(40) });
    const late = await createShift(coordinator, gridId, { title: '晚班', startsAt: startsIn(44) });
    const busy = await createShift(coordinator, gridId, { title: '午班', startsAt: startsIn(48), capacity: 2 });
    const { rosterEvents } = await coordinator.ok(RosterEventsDocument, { filter: { gridId } });
    const client = wsClient(server.wsUrl, coordinator.token);
    const stream = liveStream(client, RosterChangedDocument, { filter: { gridId }, after: rosterEvents.at(-1)!.cursor }, (d) => d.rosterChanged);
    // An unrelated long write (it has a transaction id, as a report or an import would), and a
    // transaction that writes two roster events and then stays open.
    const unrelated = holdTransaction((tx) => tx`select pg_current_xact_id()`);
    const slow = holdTransaction(async (tx) => {
      await insertRosterEvent(tx, 'SHIFT_UPDATED', early.id);
      await insertRosterEvent(tx, 'SHIFT_UPDATED', late.id);
    });
    try {
      await Promise.all([unrelated.started, slow.started]);
      await coordinator.ok(AssignVolunteerDocument, { shiftId: busy.id, volunteerId: person.id });
      const first = await stream.until((e) => e.length >= 1);
      expect(first.map((e) => [e.kind, e.shift.title])).toEqual([['ASSIGNED', '午班']]);
      expect(unrelated.isOpen() && slow.isOpen()).toBe(true);

      await slow.commit();
      const all = await stream.until((e) => e.length >= 3);
      expect(all.map((e) => [e.kind, e.shift.title])).toEqual([['ASSIGNED', '午班'], ['SHIFT_UPDATED', '早班'], ['SHIFT_UPDATED', '晚班']]);
      expect(unrelated.isOpen()).toBe(true);
      // rosterEvents reads the same order with the same cursors.
      const log = (await coordinator.ok(RosterEventsDocument, { filter: { gridId }, after: rosterEvents.at(-1)!.cursor })).rosterEvents;
      expect(log.map((e) => e.cursor)).toEqual(all.map((e) => e.cursor));
    } finally {
      stream.dispose();
      await client.dispose();
      await slow.commit();
      await unrelated.commit();
    }
  });
});

