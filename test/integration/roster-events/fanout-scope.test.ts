import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RosterChangedDetailDocument, RosterEventsDocument, SignUpForShiftDocument,
  type RosterChangedDetailSubscription, type RosterEventsQuery,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createStaff } from '../../support/factories';
import { correctionPost } from '../../support/factories/correction';
import { createShift, type Person } from '../../support/factories/shifts';
import type { GraphQLTestClient } from '../../support/client';
import { liveStream, wsClient } from '../../support/ws';

type Event = RosterChangedDetailSubscription['rosterChanged'];

let server: TestServer;
let coordinator: GraphQLTestClient, secondCoordinator: GraphQLTestClient, villageAdmin: GraphQLTestClient, officer: GraphQLTestClient;
let gridId: string;
let participant: Person, villager: Person;
let participantClient: GraphQLTestClient, villagerClient: GraphQLTestClient;

beforeAll(async () => {
  server = await startTestServer();
  let village;
  ({ village, coordinator, officer, gridId, participant, villager, participantClient, villagerClient } = await correctionPost(server));
  secondCoordinator = await createStaff(server, 'COORDINATOR', village.id);
  villageAdmin = await createStaff(server, 'ORG_ADMIN', village.id);
});
afterAll(async () => { await server?.stop(); });

describe('shared fan-out keeps every per-viewer guarantee', () => {
  it('gives viewers of one scope the same bytes, and viewers of other scopes what they alone may see', async () => {
    const shift = await createShift(coordinator, gridId, { title: '夜间卡口', startsAt: new Date(Date.now() + 30 * 3600_000).toISOString(), capacity: 3 });
    const after = (await coordinator.ok(RosterEventsDocument, { filter: { gridId } })).rosterEvents.at(-1)!.cursor;
    const viewers = { coordinator, secondCoordinator, villageAdmin, officer };
    const sockets = Object.fromEntries(Object.entries(viewers).map(([name, client]) => [name, wsClient(server.wsUrl, (client as unknown as { token: string }).token)]));
    // The same document and variables on every socket: only the viewer differs.
    const streams = Object.fromEntries(Object.entries(sockets).map(([name, socket]) => [name,
      liveStream(socket, RosterChangedDetailDocument, { filter: { gridId }, after }, (d) => JSON.stringify(d.rosterChanged))]));
    try {
      await participantClient.ok(SignUpForShiftDocument, { shiftId: shift.id });
      await villagerClient.ok(SignUpForShiftDocument, { shiftId: shift.id });
      // Each viewer gets what the same account reads through rosterEvents: the officer, who knows
      // the village's volunteers on that grid not at all, only the participant's sign-up.
      const logs: Record<string, RosterEventsQuery['rosterEvents']> = Object.fromEntries(await Promise.all(Object.entries(viewers).map(async ([name, client]) =>
        [name, (await client.ok(RosterEventsDocument, { filter: { gridId }, after })).rosterEvents])));
      expect(logs.officer.length).toBe(1);
      const got = Object.fromEntries(await Promise.all(Object.entries(streams).map(async ([name, stream]) => [name, await stream.until((e) => e.length >= logs[name].length)])));
      const parsed = (name: string) => (got[name] as string[]).map((e) => JSON.parse(e) as Event);
      const volunteerIn = (name: string, person: Person) => parsed(name).find((e) => e.assignment?.volunteer.id === person.id)!.assignment!.volunteer;

      // Two coordinators of the village: one scope, byte for byte the same payloads.
      expect(got.secondCoordinator).toEqual(got.coordinator);
      // The village's ORG_ADMIN reads its own registrant's mobile in full; a coordinator masked.
      expect(volunteerIn('villageAdmin', villager).mobile).toBe(villager.mobile);
      expect(volunteerIn('coordinator', villager).mobile).not.toBe(villager.mobile);
      expect(volunteerIn('coordinator', villager).mobile).toMatch(/\*{4}/);
      // Only the correction office's officer learns the participant is on a correction team.
      expect(volunteerIn('officer', participant).teams.map((m) => m.team.kind)).toContain('COMMUNITY_CORRECTION');
      for (const name of ['coordinator', 'secondCoordinator', 'villageAdmin']) {
        expect(volunteerIn(name, participant).teams).toEqual([]);
        expect((got[name] as string[]).join('')).not.toMatch(/矫正|司法所|COMMUNITY_CORRECTION/);
      }
      for (const name of Object.keys(viewers)) {
        expect(parsed(name).map((e) => [e.cursor, e.kind, e.assignment?.id])).toEqual(logs[name].map((e) => [e.cursor, e.kind, e.assignment?.id]));
      }
    } finally {
      for (const stream of Object.values(streams)) stream.dispose();
      await Promise.all(Object.values(sockets).map((socket) => socket.dispose()));
    }
  });
});
