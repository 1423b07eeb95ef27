import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../server/app';
import { createKeys, type DataKey, type Keys } from '../../../server/platform/secrets';
import { dataKeyProblem, rotateIdNumbers } from '../../../server/modules/volunteers/id-number-keys';
import { CreateOrganizationDocument, MeDocument, RegisterVolunteersDocument, VolunteersDocument } from '../../../client/generated/graphql';
import { ADMIN_MOBILE, ADMIN_PASSWORD, TEST_SECRET, startTestServer, type TestServer } from '../../support/harness';
import { GraphQLTestClient } from '../../support/client';
import { idNumber, mobileNumber } from '../../support/factories';

const K1: DataKey = { id: 'k1', secret: 'test-data-key-for-the-gridroster-suite-01' };
const K2: DataKey = { id: 'k2', secret: 'the-new-data-key-after-rotation-0123456789' };

let server: TestServer;
let organizationId: string;
const people = Array.from({ length: 5 }, (_, i) => ({ name: `志愿者${i}`, mobile: mobileNumber(), idNumber: idNumber() }));
beforeAll(async () => {
  server = await startTestServer();
  ({ createOrganization: { id: organizationId } } = await server.admin.ok(CreateOrganizationDocument, { name: '洋埭村委会', kind: 'COMMUNITY' }));
  await server.admin.ok(RegisterVolunteersDocument, { organizationId, volunteers: people });
});
afterAll(async () => { await server?.stop(); });

/** The same database served again with other keys: what a restart with a new configuration does. */
async function restartWith(keys: Keys): Promise<{ app: App; admin: GraphQLTestClient; anonymous: GraphQLTestClient }> {
  const app = await createApp({ ...server.deps, keys });
  const anonymous = new GraphQLTestClient(`http://127.0.0.1:${await app.listen(0, '127.0.0.1')}/graphql`);
  return { app, anonymous, admin: await anonymous.login(ADMIN_MOBILE, ADMIN_PASSWORD) };
}

async function idNumbersSeenBy(admin: GraphQLTestClient): Promise<string[]> {
  const { volunteers } = await admin.ok(VolunteersDocument, { first: 50 });
  return volunteers.edges.map((e) => e.node.idNumber!).sort();
}

/**
 * Registers the person again under a new mobile: whatever the identity rules answer (the same
 * person, or a refusal), the ID number must be recognised, so no second person is stored with it.
 */
async function registersNobodyNew(admin: GraphQLTestClient, person: (typeof people)[number]): Promise<boolean> {
  const before = (await server.sql`select count(*)::int as n from volunteers`)[0].n;
  await admin.ok(RegisterVolunteersDocument, { organizationId, volunteers: [{ name: person.name, mobile: mobileNumber(), idNumber: person.idNumber }] });
  return (await server.sql`select count(*)::int as n from volunteers`)[0].n === before;
}

describe('data keys', () => {
  it('are separate from the token key: a new token secret signs everyone out but every ID number still reads', async () => {
    const oldToken = server.admin.token!;
    const restarted = await restartWith(createKeys({ tokenSecrets: ['a-brand-new-token-secret-0123456789'], dataKeys: [K1] }));
    try {
      expect(await restarted.anonymous.withToken(oldToken).codes(MeDocument)).toEqual(['UNAUTHENTICATED']);
      expect(await idNumbersSeenBy(restarted.admin)).toEqual(people.map((p) => p.idNumber).sort());
    } finally {
      await restarted.app.stop();
    }
  });

  it('rotate in resumable batches: interrupted, restarted and resumed, every ID number decrypts and duplicates are still caught', async () => {
    const rotated = createKeys({ tokenSecrets: [TEST_SECRET], dataKeys: [K2, K1] });
    const first = await restartWith(rotated);
    const interrupted = await rotateIdNumbers(server.database.db, rotated.idNumbers, 2, () => { throw new Error('interrupted'); }).catch((e: Error) => e.message);
    expect(interrupted).toBe('interrupted');
    const keyIds = async () => (await server.sql`select split_part(id_number_hash, ':', 1) as key, count(*)::int as n from volunteers group by 1 order by 1`).map((r) => [r.key, r.n]);
    expect(await keyIds()).toEqual([['k1', 3], ['k2', 2]]);
    // Half-way: rows under either key read, and a stranger's row under either key is a duplicate.
    expect(await idNumbersSeenBy(first.admin)).toEqual(people.map((p) => p.idNumber).sort());
    const [moved] = await server.sql`select mobile from volunteers where id_number_hash like 'k2:%' limit 1`;
    const [waiting] = await server.sql`select mobile from volunteers where id_number_hash like 'k1:%' limit 1`;
    const movedPerson = people.find((p) => p.mobile === moved.mobile)!;
    const waitingPerson = people.find((p) => p.mobile === waiting.mobile)!;
    expect(await registersNobodyNew(first.admin, movedPerson)).toBe(true);
    expect(await registersNobodyNew(first.admin, waitingPerson)).toBe(true);
    await first.app.stop();

    const second = await restartWith(rotated);
    try {
      expect(await rotateIdNumbers(server.database.db, rotated.idNumbers, 2)).toBe(3);
      expect(await keyIds()).toEqual([['k2', 5]]);
      expect(await idNumbersSeenBy(second.admin)).toEqual(people.map((p) => p.idNumber).sort());
      expect(await registersNobodyNew(second.admin, waitingPerson)).toBe(true);
      expect(await dataKeyProblem(server.sql, createKeys({ tokenSecrets: [TEST_SECRET], dataKeys: [K2] }).idNumbers, 'GRIDROSTER_DATA_KEYS')).toBeNull();
      expect(await dataKeyProblem(server.sql, createKeys({ tokenSecrets: [TEST_SECRET], dataKeys: [K1] }).idNumbers, 'GRIDROSTER_DATA_KEYS'))
        .toMatch(/written with data key k2, which GRIDROSTER_DATA_KEYS does not hold/);
    } finally {
      await second.app.stop();
    }
  });
});
