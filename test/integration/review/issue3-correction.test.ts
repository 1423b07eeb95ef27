import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { print } from 'graphql';
import {
  AssignVolunteerDocument, CancelAssignmentDocument, RosterEventLogDocument, GridVolunteerDocument,
  RosterChangedDocument, SignUpForShiftDocument, type RosterChangedSubscription,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { correctionPost } from '../../support/factories/correction';
import { createShift, type Person } from '../../support/factories/shifts';
import { wsClient } from '../../support/ws';
import type { GraphQLTestClient } from '../../support/client';

type Event = RosterChangedSubscription['rosterChanged'];

let server: TestServer;
let coordinator: GraphQLTestClient;
let gridId: string;
let participant: Person, villager: Person;
let participantClient: GraphQLTestClient, villagerClient: GraphQLTestClient;
let slot = 0;

const startsIn = () => new Date(Date.now() + (20 + 6 * ++slot) * 3600_000).toISOString();

beforeAll(async () => {
  server = await startTestServer();
  // The participant is known to the village only through the shifts they take there.
  ({ coordinator, gridId, participant, villager, participantClient, villagerClient } = await correctionPost(server));
});
afterAll(async () => { await server?.stop(); });

describe('a community-correction participant who leaves a roster', () => {
  it("stays in the post coordinator's roster history exactly like any other volunteer who left", async () => {
    const shift = await createShift(coordinator, gridId, { title: '夜间卡口', startsAt: startsIn(), capacity: 3 });
    const mine = (await participantClient.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift;
    const theirs = (await villagerClient.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift;
    await participantClient.ok(CancelAssignmentDocument, { id: mine.id, reason: '临时有事' });
    await villagerClient.ok(CancelAssignmentDocument, { id: theirs.id, reason: '临时有事' });
    const { rosterEvents } = await coordinator.ok(RosterEventLogDocument, { filter: { shiftId: shift.id } });
    expect(rosterEvents.map((e) => [e.kind, e.assignment?.volunteer.id ?? null])).toEqual([
      ['SHIFT_CREATED', null], ['ASSIGNED', participant.id], ['ASSIGNED', villager.id], ['CANCELLED', participant.id], ['CANCELLED', villager.id],
    ]);
    // Both are still people the coordinator has seen on their post.
    expect((await coordinator.request(GridVolunteerDocument, { id: participant.id })).data?.node).toMatchObject({ id: participant.id });
    expect(JSON.stringify(rosterEvents)).not.toMatch(/矫正|司法所/);
  });

  it('is seen on the post but never seated elsewhere by staff who know them only from it', async () => {
    const first = await createShift(coordinator, gridId, { title: '早班卡口', startsAt: startsIn(), capacity: 3 });
    await participantClient.ok(SignUpForShiftDocument, { shiftId: first.id });
    const second = await createShift(coordinator, gridId, { title: '午班卡口', startsAt: startsIn(), capacity: 3 });
    const before = await server.sql`select count(*)::int as n from assignments`;
    expect(await coordinator.codes(AssignVolunteerDocument, { shiftId: second.id, volunteerId: participant.id })).toEqual(['FORBIDDEN']);
    expect(await server.sql`select count(*)::int as n from assignments`).toEqual(before);
    // The participant may still take the post themself.
    expect((await participantClient.ok(SignUpForShiftDocument, { shiftId: second.id })).signUpForShift.status).toBe('ASSIGNED');
  });

  it('pushes the cancellation live to the coordinator who saw the sign-up', async () => {
    const shift = await createShift(coordinator, gridId, { title: '白班卡口', startsAt: startsIn(), capacity: 3 });
    const { rosterEvents } = await coordinator.ok(RosterEventLogDocument, { filter: { shiftId: shift.id } });
    const client = wsClient(server.wsUrl, coordinator.token);
    const events: Event[] = [];
    let dispose = () => {};
    try {
      const done = new Promise<Event[]>((resolve, reject) => {
        dispose = client.subscribe<RosterChangedSubscription>(
          { query: print(RosterChangedDocument), variables: { filter: { shiftId: shift.id }, after: rosterEvents.at(-1)!.cursor } },
          {
            next: (value) => {
              if (value.errors?.length) return reject(new Error(JSON.stringify(value.errors)));
              events.push(value.data!.rosterChanged);
              if (events.some((e) => e.kind === 'CANCELLED' && e.assignment?.volunteer.id === villager.id)) resolve(events);
            },
            error: (error) => reject(Array.isArray(error) ? new Error(JSON.stringify(error)) : error),
            complete: () => resolve(events),
          },
        );
      });
      const mine = (await participantClient.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift;
      await participantClient.ok(CancelAssignmentDocument, { id: mine.id });
      const theirs = (await villagerClient.ok(SignUpForShiftDocument, { shiftId: shift.id })).signUpForShift;
      await villagerClient.ok(CancelAssignmentDocument, { id: theirs.id });
      await done;
      // The first event may arrive before the participant's cancel commits, so compare what both got in the end.
      const about = (id: string) => events.filter((e) => e.assignment?.volunteer.id === id).map((e) => e.kind);
      expect(about(villager.id)).toEqual(['ASSIGNED', 'CANCELLED']);
      expect(about(participant.id)).toEqual(['ASSIGNED', 'CANCELLED']);
    } finally {
      dispose();
      await client.dispose();
    }
  });
});
