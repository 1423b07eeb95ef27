import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VolunteerNodeDocument } from '../../../client/generated/graphql';
import { parseGlobalId } from '../../../server/platform/ids';
import { mobileNumber, type OrgHandle } from '../../support/factories';
import { countRows, freshIdNumber, registerRows, registerVolunteer, startRegistrationWorld, volunteerRow } from '../../support/factories/volunteers';
import type { TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';

/*
 * "One person is one volunteer platform-wide": an ID number given for a person already known by
 * mobile and name is stored with them, so the next registration under that ID number (with a
 * new mobile) finds the same person instead of creating a second one.
 */
let server: TestServer;
let village: OrgHandle;
let chamber: OrgHandle;
let villageAdmin: GraphQLTestClient;
let chamberAdmin: GraphQLTestClient;

const dbId = (globalId: string) => parseGlobalId(globalId)!.id;

beforeAll(async () => ({ server, village, chamber, villageAdmin, chamberAdmin } = await startRegistrationWorld()));
afterAll(async () => { await server?.stop(); });

const register = registerRows;

/** A person registered by the village with mobile and name only. */
async function withoutIdNumber(name: string) {
  return registerVolunteer(villageAdmin, village, { name, mobile: mobileNumber() });
}

async function storedIdNumber(id: string) {
  const [row] = await server.sql`select id_number_hash is not null as has_id, id_number_hint as hint, v::text as text from volunteers v where id = ${dbId(id)}`;
  return row as unknown as { has_id: boolean; hint: string | null; text: string };
}

/** The ID number as the village admin (admin of the registering organization) reads it. */
async function idNumberOf(id: string) {
  const { node } = await villageAdmin.ok(VolunteerNodeDocument, { id });
  return node?.__typename === 'Volunteer' ? node.idNumber : undefined;
}

describe('an ID number given for a person known by mobile and name', () => {
  it('is stored, encrypted, with the person, and a later registration by it under a new mobile finds the same person', async () => {
    const person = await withoutIdNumber('黄美玲');
    const idNumber = freshIdNumber();
    const before = await countRows(server);
    const second = await register(villageAdmin, village, [{ name: person.name, mobile: person.mobile, idNumber }]);
    expect(second.results[0].volunteer).toMatchObject({ id: person.id, idNumber });
    expect(await countRows(server)).toEqual(before);
    const stored = await storedIdNumber(person.id);
    expect({ hasId: stored.has_id, hint: stored.hint }).toEqual({ hasId: true, hint: idNumber.slice(0, 4) + idNumber.slice(-4) });
    expect(stored.text).not.toContain(idNumber.slice(4, 14));

    // Found as the same person (no second record), and — being another organization's — asked first.
    const third = await register(chamberAdmin, chamber, [{ name: person.name, mobile: mobileNumber(), idNumber }]);
    expect(third.results[0]).toMatchObject({ outcome: 'AWAITING_CONFIRMATION', volunteer: null });
    expect(await countRows(server)).toEqual({ ...before, affiliations: before.affiliations + 1 });
  });

  it('is not written onto the person by another organization that has only asked them to confirm', async () => {
    const person = await withoutIdNumber('蔡志明');
    const idNumber = freshIdNumber();
    const { results } = await register(chamberAdmin, chamber, [{ name: person.name, mobile: person.mobile, idNumber }]);
    expect(results[0]).toMatchObject({ outcome: 'AWAITING_CONFIRMATION', volunteer: null });
    expect((await storedIdNumber(person.id)).has_id).toBe(false);
    expect(await idNumberOf(person.id)).toBeNull();
  });

  it('is stored with a person added earlier in the same batch, and a third row by that ID number is the same person', async () => {
    const before = await countRows(server);
    const name = '陈丽娟';
    const mobile = mobileNumber();
    const idNumber = freshIdNumber();
    const { results } = await register(villageAdmin, village, [{ name, mobile }, { name, mobile, idNumber }, { name, mobile: mobileNumber(), idNumber }]);
    const ids = results.map((r) => r.volunteer?.id);
    expect(new Set(ids)).toEqual(new Set([ids[0]]));
    expect(results[0].volunteer?.idNumber).toBe(idNumber);
    expect(await countRows(server)).toEqual({ ...before, volunteers: before.volunteers + 1, affiliations: before.affiliations + 1 });
  });

  it('is rejected as DUPLICATE on idNumber, storing nothing and naming nobody, when it belongs to another person', async () => {
    const person = await withoutIdNumber('王秀英');
    const other = await registerVolunteer(chamberAdmin, chamber, volunteerRow({ name: '郭建华' }));
    const before = await countRows(server);
    const { results } = await register(villageAdmin, village, [{ name: person.name, mobile: person.mobile, idNumber: other.idNumber }]);
    expect(results[0]).toMatchObject({ volunteer: null, errorCode: 'DUPLICATE', errorField: 'idNumber' });
    expect(results[0].message).not.toContain('郭建华');
    expect(results[0].message).not.toContain(chamber.name);
    expect(await countRows(server)).toEqual(before);
    expect((await storedIdNumber(person.id)).has_id).toBe(false);
  });

  it('is rejected as DUPLICATE, storing nothing, when the person already has a different ID number', async () => {
    const person = await registerVolunteer(villageAdmin, village, volunteerRow({ name: '李国强' }));
    const before = await countRows(server);
    const { results } = await register(chamberAdmin, chamber, [{ name: person.name, mobile: person.mobile, idNumber: freshIdNumber() }]);
    expect(results[0]).toMatchObject({ volunteer: null, errorCode: 'DUPLICATE' });
    expect(await countRows(server)).toEqual(before);
    expect(await idNumberOf(person.id)).toBe(person.idNumber);
  });

  it('is not stored when an atomic batch is rejected, and is stored by the valid rows of a non-atomic one', async () => {
    const person = await withoutIdNumber('郑美华');
    const row = { name: person.name, mobile: person.mobile, idNumber: freshIdNumber() };
    const before = await countRows(server);
    const atomic = await register(villageAdmin, village, [row, volunteerRow({ mobile: '12345' })]);
    expect(atomic).toMatchObject({ registered: 0, rejected: 1 });
    expect(await countRows(server)).toEqual(before);
    expect((await storedIdNumber(person.id)).has_id).toBe(false);
    const partial = await register(villageAdmin, village, [row, volunteerRow({ mobile: '12345' })], false);
    expect(partial).toMatchObject({ registered: 1, rejected: 1 });
    expect(await idNumberOf(person.id)).toBe(row.idNumber);
  });

  it('goes to one of two people known by mobile and name when two registrations give it to both at the same moment', async () => {
    const [first, second] = [await withoutIdNumber('施文杰'), await withoutIdNumber('许丽华')];
    const idNumber = freshIdNumber();
    const [a, b] = await Promise.all([
      register(villageAdmin, village, [{ name: first.name, mobile: first.mobile, idNumber }]),
      register(villageAdmin, village, [{ name: second.name, mobile: second.mobile, idNumber }]),
    ]);
    const outcomes = [a, b].map((p) => p.results[0].errorCode ?? p.results[0].volunteer?.id).sort();
    expect(outcomes.filter((o) => o === 'DUPLICATE')).toHaveLength(1);
    expect([first.id, second.id]).toContain(outcomes.find((o) => o !== 'DUPLICATE'));
    const holders = await Promise.all([first, second].map(async (p) => (await storedIdNumber(p.id)).has_id));
    expect(holders.filter(Boolean)).toHaveLength(1);
  });

  it('keeps one of two different ID numbers given to the same person at the same moment, rejecting the other', async () => {
    const person = await withoutIdNumber('柯志强');
    const [one, two] = [freshIdNumber(), freshIdNumber()];
    const [a, b] = await Promise.all([
      register(villageAdmin, village, [{ name: person.name, mobile: person.mobile, idNumber: one }]),
      register(villageAdmin, village, [{ name: person.name, mobile: person.mobile, idNumber: two }]),
    ]);
    const accepted = [a, b].filter((p) => p.results[0].volunteer != null);
    expect(accepted).toHaveLength(1);
    expect([a, b].map((p) => p.results[0].errorCode).filter(Boolean)).toEqual(['DUPLICATE']);
    expect([one, two]).toContain(await idNumberOf(person.id));
  });

  it('decides again on what is stored when a concurrent change gives the person a different ID number first', async () => {
    const person = await withoutIdNumber('洪秀兰');
    const [theirs, ours] = [freshIdNumber(), freshIdNumber()];
    const { keys } = server.deps;
    let pending: ReturnType<typeof register> | undefined;
    await server.sql.begin(async (tx) => {
      await tx`select 1 from volunteers where id = ${dbId(person.id)} for update`;
      pending = register(villageAdmin, village, [{ name: person.name, mobile: person.mobile, idNumber: ours }]);
      await untilSomeoneWaitsForALock();
      await tx`update volunteers set id_number_cipher = ${keys.idNumbers.encrypt(theirs)}, id_number_hash = ${keys.idNumbers.hash(theirs)},
        id_number_hint = ${theirs.slice(0, 4) + theirs.slice(-4)} where id = ${dbId(person.id)}`;
    });
    const { results } = await pending!;
    expect(results[0]).toMatchObject({ volunteer: null, errorCode: 'DUPLICATE' });
    expect(await idNumberOf(person.id)).toBe(theirs);
  });
});

/** Polls until a statement of the server waits for a row lock (the registration's update). */
async function untilSomeoneWaitsForALock(): Promise<void> {
  for (;;) {
    const [{ n }] = await server.sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
    if (n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
