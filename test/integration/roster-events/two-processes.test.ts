import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssignVolunteerDocument, CancelAssignmentDocument, RosterChangedDocument, RosterEventsDocument } from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { startServerProcess, type ServerProcess } from '../../support/server-process';
import { createOrg, createStaff } from '../../support/factories';
import { createGrid } from '../../support/factories/grids';
import { createShift, registerPerson, type Person } from '../../support/factories/shifts';
import { GraphQLTestClient } from '../../support/client';
import { liveStream, wsClient } from '../../support/ws';

let server: TestServer;
let other: ServerProcess;
let coordinator: GraphQLTestClient;
let gridId: string;
let people: Person[];

beforeAll(async () => {
  server = await startTestServer();
  [other] = await Promise.all([startServerProcess(server.databaseUrl), (async () => {
    const village = await createOrg(server, 'COMMUNITY', '陈埭镇洋埭村');
    coordinator = await createStaff(server, 'COORDINATOR', village.id);
    gridId = (await createGrid(server.admin, village.id, '洋埭村网格1', 'GRID')).id;
    people = [];
    for (const name of ['陈明', '林芳', '黄伟']) people.push(await registerPerson(server, village.id, name));
  })()]);
});
afterAll(async () => {
  await other?.stop();
  await server?.stop();
});

const startsIn = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();

describe('two server processes on one database', () => {
  it("pushes to one process's subscribers the changes made through the other, in the log's order", async () => {
    const shift = await createShift(coordinator, gridId, { capacity: 1, startsAt: startsIn(30) });
    const { token } = coordinator as unknown as { token: string };
    const atOther = wsClient(other.wsUrl, token);
    const atFirst = wsClient(server.wsUrl, token);
    const otherCoordinator = new GraphQLTestClient(other.url, token);
    try {
      const [{ rosterEvents }] = await Promise.all([coordinator.ok(RosterEventsDocument, { filter: { shiftId: shift.id } })]);
      const after = rosterEvents.at(-1)!.cursor;
      const onOther = liveStream(atOther, RosterChangedDocument, { filter: { shiftId: shift.id }, after }, (d) => d.rosterChanged);
      const onFirst = liveStream(atFirst, RosterChangedDocument, { filter: { shiftId: shift.id }, after }, (d) => d.rosterChanged);
      // Through the first process, then through the other.
      const seated = (await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: people[0].id })).assignVolunteer;
      await otherCoordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: people[1].id });
      await otherCoordinator.ok(CancelAssignmentDocument, { id: seated.id });
      const kinds = ['ASSIGNED', 'WAITLISTED', 'CANCELLED', 'PROMOTED'];
      const [pushedOther, pushedFirst] = await Promise.all([onOther.until((e) => e.length >= 4), onFirst.until((e) => e.length >= 4)]);
      expect(pushedOther.map((e) => e.kind)).toEqual(kinds);
      expect(pushedFirst.map((e) => e.kind)).toEqual(kinds);
      // Both processes read the same log: the same cursors, the same ones rosterEvents gives.
      const log = (await otherCoordinator.ok(RosterEventsDocument, { filter: { shiftId: shift.id }, after })).rosterEvents;
      expect(pushedOther.map((e) => e.cursor)).toEqual(log.map((e) => e.cursor));
      expect(pushedFirst.map((e) => e.cursor)).toEqual(log.map((e) => e.cursor));
      onOther.dispose();
      onFirst.dispose();
    } finally {
      await atOther.dispose();
      await atFirst.dispose();
    }
  });
});
