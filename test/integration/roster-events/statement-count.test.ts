import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { AssignVolunteerDocument, RosterChangedDocument, RosterEventsDocument } from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff } from '../../support/factories';
import { createGrid } from '../../support/factories/grids';
import { createShift, registerPerson, type Person } from '../../support/factories/shifts';
import type { GraphQLTestClient } from '../../support/client';
import { liveStream, wsClient, type LiveStream } from '../../support/ws';

type Staff = GraphQLTestClient & { token?: string };

let server: TestServer;
let coordinator: Staff, secondCoordinator: Staff, villageAdmin: Staff;
let shiftId: string;
let people: Person[];

beforeAll(async () => {
  // No periodic token re-check during the test: only the roster log's own work is counted.
  server = await startTestServer({ countQueries: true, live: { recheckSeconds: 3600 } });
  const village = await createOrg(server, 'COMMUNITY', '梅庭社区');
  coordinator = await createStaff(server, 'COORDINATOR', village.id);
  secondCoordinator = await createStaff(server, 'COORDINATOR', village.id);
  villageAdmin = await createStaff(server, 'ORG_ADMIN', village.id);
  const gridId = (await createGrid(server.admin, village.id, '梅庭网格', 'GRID')).id;
  shiftId = (await createShift(coordinator, gridId, { capacity: 20, startsAt: new Date(Date.now() + 50 * 3600_000).toISOString() })).id;
  people = [];
  for (let i = 0; i < 5; i++) people.push(await registerPerson(server, village.id, `梅庭志愿者${i}`));
});
afterAll(async () => { await server?.stop(); });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isTick = (statement: string) => /roster_tick\(\)/.test(statement);
/** The live pool's statements since `from`, leaving out ticks (one per commit or poll, not per subscriber). */
const fanoutStatements = (from = 0) => server.liveQueries.slice(from).filter((s) => !isTick(s));

async function untilTrue(check: () => boolean): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > 20_000) throw new Error(`gave up waiting: ${check} (${server.liveSubscriptions()} subscriptions)`);
    await sleep(20);
  }
}

interface Subscriptions { sockets: Client[]; streams: LiveStream<unknown>[] }

/**
 * `perSocket` subscriptions on each of `sockets` new sockets of `who`, all on the same document and
 * filter, resuming from the log's latest event (so none has anything to replay while we count).
 */
async function subscribe(who: Staff, sockets: number, perSocket: number, into: Subscriptions): Promise<void> {
  const before = server.liveSubscriptions();
  const after = (await coordinator.ok(RosterEventsDocument, { filter: { shiftId } })).rosterEvents.at(-1)!.cursor;
  for (let s = 0; s < sockets; s++) {
    const socket = wsClient(server.wsUrl, who.token);
    into.sockets.push(socket);
    for (let k = 0; k < perSocket; k++) into.streams.push(liveStream(socket, RosterChangedDocument, { filter: { shiftId }, after }, (d) => d.rosterChanged));
  }
  await untilTrue(() => server.liveSubscriptions() === before + sockets * perSocket);
}

/** Makes one change and returns the fan-out statements it cost once every open stream has it. */
async function oneChange(streams: LiveStream<unknown>[], person: Person): Promise<string[]> {
  const from = server.liveQueries.length;
  const counts = streams.map((s) => s.events.length);
  await coordinator.ok(AssignVolunteerDocument, { shiftId, volunteerId: person.id });
  await Promise.all(streams.map((stream, i) => stream.until((events) => events.length > counts[i])));
  await sleep(100); // a statement still on its way would show up here
  return fanoutStatements(from);
}

describe('what live subscriptions cost the database', () => {
  it('costs nothing while idle, a fixed number of statements per group and event whatever the subscribers, and nothing once closed', async () => {
    const shared: Subscriptions = { sockets: [], streams: [] };
    const other: Subscriptions = { sockets: [], streams: [] };
    await subscribe(coordinator, 2, 3, shared);
    await subscribe(secondCoordinator, 1, 3, shared);
    await subscribe(villageAdmin, 1, 1, other);

    // Idle: only the process's once-a-second tick, however many subscriptions are open.
    const idleFrom = server.liveQueries.length;
    await sleep(2500);
    const idle = server.liveQueries.slice(idleFrom);
    expect(idle.length).toBeGreaterThan(0);
    expect(idle.filter((s) => !isTick(s))).toEqual([]);

    // Two groups (two coordinators of one scope share one; the ORG_ADMIN is another), 9 subscriptions.
    const all = [...shared.streams, ...other.streams];
    await oneChange(all, people[0]); // warms the reader up; not counted
    const nine = await oneChange(all, people[1]);
    // Twice as many subscribers in the shared group: the same statements.
    await subscribe(coordinator, 3, 3, shared);
    const eighteen = await oneChange([...shared.streams, ...other.streams], people[2]);
    expect([...eighteen].sort()).toEqual([...nine].sort());
    // One group fewer: fewer statements, by what one group costs.
    for (const stream of other.streams) stream.dispose();
    await Promise.all(other.sockets.map((s) => s.dispose()));
    await untilTrue(() => server.liveSubscriptions() === shared.streams.length);
    const oneGroup = await oneChange(shared.streams, people[3]);
    expect(oneGroup.length).toBeLessThan(nine.length);
    expect(oneGroup.length).toBeGreaterThan(0);

    // Closed: the next change costs the log's tick and nothing else.
    for (const stream of shared.streams) stream.dispose();
    await Promise.all(shared.sockets.map((s) => s.dispose()));
    await untilTrue(() => server.liveSubscriptions() === 0);
    const from = server.liveQueries.length;
    await coordinator.ok(AssignVolunteerDocument, { shiftId, volunteerId: people[4].id });
    await untilTrue(() => server.liveQueries.slice(from).some(isTick));
    await sleep(300);
    expect(fanoutStatements(from)).toEqual([]);
  });
});

