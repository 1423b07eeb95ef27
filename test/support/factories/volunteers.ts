import {
  ActivateAccountDocument, ConfirmAffiliationDocument, ConfirmSignUpDocument, IssueActivationCodeDocument, MyAffiliationRequestsDocument, RegisterVolunteersDocument,
  SignUpDocument, type VolunteerInput,
} from '../../../client/generated/graphql';
import { idCheckCharacter } from '../../../server/modules/volunteers/volunteer.validation';
import type { GraphQLTestClient } from '../client';
import { createOrg, createStaff, idNumber, mobileNumber, type OrgHandle } from '../factories';
import { startTestServer, type TestServer } from '../harness';

let names = 0;
let ids = 0;

/**
 * A valid resident ID never handed out before in this process: the shared factory's serial
 * repeats every 1,000 numbers, so the birth date moves on a day per thousand (from 1970-01-01).
 */
export function freshIdNumber(): string {
  ids += 1;
  const birth = new Date(Date.UTC(1970, 0, 1 + Math.floor(ids / 1000))).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `350521${birth}${String(ids % 1000).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}

/** A valid row with a fresh mobile and ID number; override any field. */
export function volunteerRow(overrides: Partial<VolunteerInput> = {}): VolunteerInput {
  names += 1;
  return { name: `志愿者${names}号`, mobile: mobileNumber(), idNumber: freshIdNumber(), ...overrides };
}

/** A resident ID whose check character is wrong (everything else valid). */
export function idNumberWithWrongCheck(birth = '19850312'): string {
  const valid = idNumber(birth);
  const wrong = '10X98765432'.split('').find((c) => c !== idCheckCharacter(valid.slice(0, 17)))!;
  return valid.slice(0, 17) + wrong;
}

/** A resident ID with a correct check character over a birth date that does not exist. */
export function idNumberWithBirthDate(birth: string): string {
  const first17 = `350582${birth}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}

export interface RegisteredVolunteer {
  id: string;
  name: string;
  mobile: string;
  idNumber: string | null;
}

/** Registers one row through the API and returns it with the plaintext that was sent. */
export async function registerVolunteer(by: GraphQLTestClient, org: OrgHandle, row: VolunteerInput = volunteerRow()): Promise<RegisteredVolunteer> {
  const { registerVolunteers } = await by.ok(RegisterVolunteersDocument, { organizationId: org.id, volunteers: [row] });
  const [result] = registerVolunteers.results;
  if (!result.volunteer) throw new Error(`registration rejected: ${result.errorCode} ${result.errorField} ${result.message}`);
  return { id: result.volunteer.id, name: row.name, mobile: row.mobile, idNumber: row.idNumber ?? null };
}

export const SIGN_UP_PASSWORD = 'sign-up-password-1';

/**
 * Signs the person up with `org` and signs them in. A person already on record confirms with the
 * code the server sent to their mobile (read from the test server's SMS outbox), as they would.
 */
export async function signUpAndSignIn(server: TestServer, org: OrgHandle, row: VolunteerInput): Promise<GraphQLTestClient> {
  server.sms.outbox.delete(row.mobile);
  await server.anonymous.ok(SignUpDocument, { input: { volunteer: row, organizationId: org.id, password: SIGN_UP_PASSWORD, consent: true } });
  const sent = server.sms.outbox.get(row.mobile);
  if (sent) await server.anonymous.ok(ConfirmSignUpDocument, { mobile: row.mobile, code: sent.code });
  return server.anonymous.login(row.mobile, SIGN_UP_PASSWORD);
}

export interface RowCounts {
  volunteers: number;
  affiliations: number;
  accounts: number;
}

/** What registration writes, counted straight from the database. */
export async function countRows(server: TestServer): Promise<RowCounts> {
  const [row] = await server.sql<RowCounts[]>`
    select (select count(*)::int from volunteers) as volunteers,
           (select count(*)::int from volunteer_affiliations) as affiliations,
           (select count(*)::int from accounts) as accounts`;
  return { volunteers: row.volunteers, affiliations: row.affiliations, accounts: row.accounts };
}

/** 洋埭村 and 安海商会 with an ORG_ADMIN each: the cast of the registration stories. */
export interface RegistrationWorld {
  server: TestServer;
  village: OrgHandle;
  chamber: OrgHandle;
  villageAdmin: GraphQLTestClient;
  chamberAdmin: GraphQLTestClient;
}

export async function startRegistrationWorld(): Promise<RegistrationWorld> {
  const server = await startTestServer();
  const village = await createOrg(server, 'COMMUNITY', '洋埭村');
  const chamber = await createOrg(server, 'CHAMBER_OF_COMMERCE', '安海商会');
  return {
    server, village, chamber,
    villageAdmin: await createStaff(server, 'ORG_ADMIN', village.id),
    chamberAdmin: await createStaff(server, 'ORG_ADMIN', chamber.id),
  };
}

/** registerVolunteers' payload for rows that must be answered (rejected rows are per-row results). */
export async function registerRows(by: GraphQLTestClient, org: OrgHandle, volunteers: VolunteerInput[], atomic?: boolean) {
  return (await by.ok(RegisterVolunteersDocument, { organizationId: org.id, volunteers, atomic })).registerVolunteers;
}

/**
 * The person on record signed in: their account is set up through an activation code the platform
 * admin issues (staff never choose a volunteer's password), unless they have one already.
 */
export async function signInAsPerson(server: TestServer, person: { id: string; mobile: string }, password = SIGN_UP_PASSWORD): Promise<GraphQLTestClient> {
  const issued = await server.admin.request(IssueActivationCodeDocument, { volunteerId: person.id });
  if (issued.data) await server.anonymous.ok(ActivateAccountDocument, { mobile: person.mobile, code: issued.data.issueActivationCode.code!, password });
  return server.anonymous.login(person.mobile, password);
}

/** The person (signed in) confirms every request waiting for them; returns how many. */
export async function confirmRequests(person: GraphQLTestClient): Promise<number> {
  const { myAffiliationRequests } = await person.ok(MyAffiliationRequestsDocument);
  const waiting = myAffiliationRequests.filter((r) => r.status === 'AWAITING_CONFIRMATION');
  for (const request of waiting) await person.ok(ConfirmAffiliationDocument, { id: request.id });
  return waiting.length;
}

/**
 * Another organization registers a person already on record, and the person confirms in their own
 * account (set up by signInAsPerson): the way an organization comes to hold someone another one
 * registered first.
 */
export async function joinedBy(server: TestServer, by: GraphQLTestClient, org: OrgHandle, person: RegisteredVolunteer, row: VolunteerInput = person): Promise<void> {
  const { results } = await registerRows(by, org, [{ name: row.name, mobile: row.mobile, idNumber: row.idNumber }]);
  if (results[0].outcome !== 'AWAITING_CONFIRMATION') throw new Error(`expected a request, got ${results[0].outcome}: ${results[0].message}`);
  await confirmRequests(await signInAsPerson(server, person));
}
