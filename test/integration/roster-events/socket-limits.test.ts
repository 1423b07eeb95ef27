import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Client } from 'graphql-ws';
import {
  AssignVolunteerDocument, MeDocument, RosterChangedDocument, SignUpForShiftDocument, UpdateShiftDocument,
} from '../../../client/generated/graphql';
import { issueToken } from '../../../server/modules/auth/token';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff } from '../../support/factories';
import { createGrid, dbId } from '../../support/factories/grids';
import { createShift, registerPerson, signInAs, type Person } from '../../support/factories/shifts';
import type { GraphQLTestClient } from '../../support/client';
import { liveStream, wsClient, wsClientWithClose, wsOnce } from '../../support/ws';

type Staff = GraphQLTestClient & { token?: string; mobile: string };

const PER_ACCOUNT = 130;
let server: TestServer;
let villageId: string;
let coordinator: Staff;
let gridId: string, shiftId: string;
let volunteer: Person;
let volunteerClient: GraphQLTestClient & { token?: string };

beforeAll(async () => {
  server = await startTestServer({ live: { subscriptionsPerAccount: PER_ACCOUNT, recheckSeconds: 1 } });
  villageId = (await createOrg(server, 'COMMUNITY', '东石镇三乡村')).id;
  coordinator = await createStaff(server, 'COORDINATOR', villageId);
  gridId = (await createGrid(server.admin, villageId, '三乡村卡口网格', 'GRID')).id;
  shiftId = (await createShift(coordinator, gridId, { capacity: 5, startsAt: new Date(Date.now() + 60 * 3600_000).toISOString() })).id;
  volunteer = await registerPerson(server, villageId, '黄伟');
  volunteerClient = await signInAs(server, volunteer);
});
afterAll(async () => { await server?.stop(); });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function untilTrue(check: () => boolean): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > 20_000) throw new Error(`gave up waiting: ${check} (${server.liveSubscriptions()} subscriptions)`);
    await sleep(20);
  }
}
const follow = (client: Client, filter: Record<string, string> = { shiftId }) => liveStream(client, RosterChangedDocument, { filter }, (d) => d.rosterChanged);
const codesOf = async (stream: ReturnType<typeof follow>) => ((await stream.ended) ?? []).map((e) => [e.extensions?.code, e.extensions?.reason]);

/** Opens a raw graphql-transport-ws socket and sends connection_init; resolves with how it closed. */
function rawSocket(token: string | undefined, afterAck?: (socket: WebSocket) => void): Promise<{ code: number; acked: boolean }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    let acked = false;
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} })));
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'connection_ack') {
        acked = true;
        afterAck?.(socket);
      }
    });
    socket.on('close', (code) => resolve({ code, acked }));
  });
}

describe('who may hold a socket', () => {
  it('closes with 4401 a socket whose connection_init has no token, a forged one or an expired one', async () => {
    const expired = (await issueToken(server.deps.keys.token.signing, 1, 60, new Date(Date.now() - 7200_000))).token;
    for (const token of [undefined, 'not-a-token', expired]) expect(await rawSocket(token)).toEqual({ code: 4401, acked: false });
  });

  it('closes with 4403 a socket whose well-formed token no longer gives a viewer', async () => {
    const gone = (await issueToken(server.deps.keys.token.signing, 2_000_000, 60)).token;
    expect(await rawSocket(gone)).toEqual({ code: 4403, acked: false });
  });

  it('refuses a message over 64 KiB by closing the socket with 1009', async () => {
    const closed = await rawSocket(coordinator.token, (socket) => socket.send(JSON.stringify({ type: 'ping', payload: { pad: 'x'.repeat(70 * 1024) } })));
    expect(closed).toEqual({ code: 1009, acked: true });
  });
});

describe('subscription limits', () => {
  it('caps subscriptions at 100 a socket and at the configured number across an account\'s sockets', async () => {
    const first = wsClient(server.wsUrl, coordinator.token);
    const second = wsClient(server.wsUrl, coordinator.token);
    try {
      const onFirst = Array.from({ length: 100 }, () => follow(first));
      await untilTrue(() => server.liveSubscriptions() === 100);
      expect(await codesOf(follow(first))).toEqual([['FORBIDDEN', 'SUBSCRIPTION_LIMIT']]);
      // The account's other socket may hold the rest of the account's allowance, and no more.
      const onSecond = Array.from({ length: PER_ACCOUNT - 100 }, () => follow(second));
      await untilTrue(() => server.liveSubscriptions() === PER_ACCOUNT);
      expect(await codesOf(follow(second))).toEqual([['FORBIDDEN', 'SUBSCRIPTION_LIMIT']]);
      // Completing one frees a place at once; queries on the socket are never counted.
      onFirst[0].dispose();
      await untilTrue(() => server.liveSubscriptions() === PER_ACCOUNT - 1);
      expect((await wsOnce(second, MeDocument)).data?.me.mobile).toBeTruthy();
      const again = follow(second);
      await untilTrue(() => server.liveSubscriptions() === PER_ACCOUNT);
      for (const stream of [...onFirst, ...onSecond, again]) stream.dispose();
      await untilTrue(() => server.liveSubscriptions() === 0);
    } finally {
      await first.dispose();
      await second.dispose();
    }
  });
});

describe('credentials that stop being good', () => {
  it('ends the subscriptions of a token that expires, closing its socket with 4401', async () => {
    const [{ id }] = await server.sql`select id from accounts where mobile = ${coordinator.mobile}`;
    const shortLived = (await issueToken(server.deps.keys.token.signing, id as number, 2)).token;
    const { client, closed } = wsClientWithClose(server.wsUrl, shortLived);
    const stream = follow(client);
    await untilTrue(() => server.liveSubscriptions() === 1);
    expect((await closed).code).toBe(4401);
    await untilTrue(() => server.liveSubscriptions() === 0);
    stream.dispose();
  });

  it('closes with 4403 the sockets of an account that viewerFromAuthorization no longer accepts, and stops a revoked role at once', async () => {
    const leaving = await createStaff(server, 'COORDINATOR', villageId);
    const revoked = await createStaff(server, 'COORDINATOR', villageId);
    const gone = wsClientWithClose(server.wsUrl, leaving.token);
    const stays = wsClient(server.wsUrl, revoked.token);
    const watcher = wsClient(server.wsUrl, coordinator.token);
    const goneStream = follow(gone.client);
    const revokedStream = follow(stays);
    const watching = follow(watcher);
    try {
      await untilTrue(() => server.liveSubscriptions() === 3);
      await server.sql`delete from accounts where mobile = ${leaving.mobile}`;
      expect((await gone.closed).code).toBe(4403);
      // A coordinator whose role is revoked keeps the socket but receives nothing more about the grid.
      await server.sql`delete from role_grants where account_id = (select id from accounts where mobile = ${revoked.mobile})`;
      await coordinator.ok(AssignVolunteerDocument, { shiftId, volunteerId: (await registerPerson(server, villageId, '林芳')).id });
      await watching.until((events) => events.length >= 1);
      await sleep(300);
      expect(revokedStream.events).toEqual([]);
    } finally {
      for (const stream of [goneStream, revokedStream, watching]) stream.dispose();
      await Promise.all([gone.client.dispose(), stays.dispose(), watcher.dispose()]);
    }
  });
});

describe("a volunteer's own feed", () => {
  it('carries SHIFT_UPDATED for the shifts the volunteer holds a place on', async () => {
    const client = wsClient(server.wsUrl, volunteerClient.token);
    const feed = follow(client, { volunteerId: volunteer.id });
    try {
      await untilTrue(() => server.liveSubscriptions() === 1);
      const seat = (await volunteerClient.ok(SignUpForShiftDocument, { shiftId })).signUpForShift;
      await coordinator.ok(UpdateShiftDocument, { id: shiftId, changes: { capacity: 6 } });
      const events = await feed.until((e) => e.length >= 2);
      expect(events.map((e) => [e.kind, e.shift.id, e.assignment?.id ?? null])).toEqual([['ASSIGNED', shiftId, seat.id], ['SHIFT_UPDATED', shiftId, null]]);
      expect(dbId(events[1].shift.id)).toBe(dbId(shiftId));
    } finally {
      feed.dispose();
      await client.dispose();
    }
  });
});
