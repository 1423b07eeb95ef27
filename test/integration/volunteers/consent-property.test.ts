import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ActivateAccountDocument, ConfirmAffiliationDocument, DeclineAffiliationDocument, IssueActivationCodeDocument, MyAffiliationRequestsDocument,
  SetVolunteerStatusDocument, SignUpDocument, VolunteerNodeDocument,
} from '../../../client/generated/graphql';
import { createOrg, createStaff, mobileNumber, type OrgHandle } from '../../support/factories';
import { freshIdNumber, registerRows } from '../../support/factories/volunteers';
import { startTestServer, type TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';

/*
 * The property behind findings 1 and 2 of "Trust first": whatever registrations, sign-ups (genuine or
 * an attacker's) and answers several tenants and people make, in any order, no organization ever sees
 * or manages a person unless it made the record, the person signed up with it, or the person confirmed
 * its request in their own account. A small model says who holds whom; the server must agree.
 */
let server: TestServer;
const tenants: { org: OrgHandle; admin: GraphQLTestClient }[] = [];

beforeAll(async () => {
  server = await startTestServer();
  for (const [kind, name] of [['COMMUNITY', '洋埭村'], ['COMMUNITY', '海尾村'], ['CHAMBER_OF_COMMERCE', '安海商会']] as const) {
    const org = await createOrg(server, kind, name);
    tenants.push({ org, admin: await createStaff(server, 'ORG_ADMIN', org.id) });
  }
});
afterAll(async () => { await server?.stop(); });

type Variant = 'full' | 'nameAndMobile' | 'idAndNameNewMobile' | 'idUnderOtherName' | 'mobileUnderOtherName';
type Step =
  | { kind: 'register'; tenant: number; person: number; variant: Variant }
  | { kind: 'signUp'; tenant: number; person: number; attacker: boolean }
  | { kind: 'activate' | 'confirm' | 'decline'; person: number };

const PEOPLE = 3;
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('register' as const), tenant: fc.nat(2), person: fc.nat(PEOPLE - 1),
    variant: fc.constantFrom<Variant>('full', 'nameAndMobile', 'idAndNameNewMobile', 'idUnderOtherName', 'mobileUnderOtherName') }),
  fc.record({ kind: fc.constant('signUp' as const), tenant: fc.nat(2), person: fc.nat(PEOPLE - 1), attacker: fc.boolean() }),
  fc.record({ kind: fc.constantFrom('activate' as const, 'confirm' as const, 'decline' as const), person: fc.nat(PEOPLE - 1) }),
);

interface Person {
  name: string;
  mobile: string;
  idNumber: string;
  id: string | null;
  hasAccount: boolean;
  password: string;
  /** Tenants (by index) holding the person, and those whose request waits for them. */
  held: Set<number>;
  asked: Set<number>;
}

let serial = 0;
function freshPeople(): Person[] {
  return Array.from({ length: PEOPLE }, () => ({
    name: `性质测试${++serial}`, mobile: mobileNumber(), idNumber: freshIdNumber(), id: null, hasAccount: false,
    password: `a long own secret ${serial}`, held: new Set<number>(), asked: new Set<number>(),
  }));
}

/** The row a registration of `variant` sends for the person. */
function rowFor(p: Person, variant: Variant) {
  switch (variant) {
    case 'full': return { name: p.name, mobile: p.mobile, idNumber: p.idNumber };
    case 'nameAndMobile': return { name: p.name, mobile: p.mobile };
    case 'idAndNameNewMobile': return { name: p.name, mobile: mobileNumber(), idNumber: p.idNumber };
    case 'idUnderOtherName': return { name: `${p.name}冒`, mobile: mobileNumber(), idNumber: p.idNumber };
    case 'mobileUnderOtherName': return { name: `${p.name}冒`, mobile: p.mobile };
  }
}

async function signedIn(p: Person): Promise<GraphQLTestClient> {
  return server.anonymous.login(p.mobile, p.password);
}

async function apply(s: Step, people: Person[]): Promise<void> {
  const p = people[s.person];
  if (s.kind === 'register') {
    // A person not on record yet is only ever registered in full (other variants would be someone else).
    const variant = p.id ? s.variant : 'full';
    const { results } = await registerRows(tenants[s.tenant].admin, tenants[s.tenant].org, [rowFor(p, variant)], false);
    if (!p.id) {
      expect(results[0].outcome).toBe('CREATED');
      p.id = results[0].volunteer!.id;
      p.held.add(s.tenant);
    } else if (variant === 'idUnderOtherName' || variant === 'mobileUnderOtherName') {
      expect(results[0]).toMatchObject({ outcome: 'REJECTED', errorCode: 'DUPLICATE', volunteer: null });
    } else if (p.held.has(s.tenant)) {
      expect(results[0].outcome).toBe('ALREADY_REGISTERED');
    } else {
      expect(results[0]).toMatchObject({ outcome: 'AWAITING_CONFIRMATION', volunteer: null });
      p.asked.add(s.tenant);
    }
  } else if (s.kind === 'signUp' && (p.id || !s.attacker)) {
    // (An attacker typing the number of someone not on record yet would just be registering a new person.)
    const volunteer = s.attacker ? { name: '冒名者', mobile: mobileNumber(), idNumber: p.idNumber } : { name: p.name, mobile: p.mobile, idNumber: p.idNumber };
    const { signUp } = await server.anonymous.ok(SignUpDocument, { input: { volunteer, organizationId: tenants[s.tenant].org.id, password: p.password, consent: true } });
    expect(signUp.status).toBe('PENDING');
    if (!s.attacker && !p.id) {
      p.id = signUp.id;
      p.hasAccount = true;
      p.held.add(s.tenant);
    } else if (p.id) {
      expect(signUp.id).not.toBe(p.id);
    }
  } else if (s.kind === 'activate' && p.id && !p.hasAccount) {
    const { issueActivationCode } = await server.admin.ok(IssueActivationCodeDocument, { volunteerId: p.id });
    await server.anonymous.ok(ActivateAccountDocument, { mobile: p.mobile, code: issueActivationCode.code!, password: p.password });
    p.hasAccount = true;
  } else if ((s.kind === 'confirm' || s.kind === 'decline') && p.hasAccount) {
    const self = await signedIn(p);
    const { myAffiliationRequests } = await self.ok(MyAffiliationRequestsDocument, {});
    for (const request of myAffiliationRequests.filter((r) => r.status === 'AWAITING_CONFIRMATION')) {
      if (s.kind === 'confirm') await self.ok(ConfirmAffiliationDocument, { id: request.id });
      else await self.ok(DeclineAffiliationDocument, { id: request.id });
    }
    for (const t of p.asked) if (s.kind === 'confirm') p.held.add(t);
    p.asked.clear();
  }
}

/** Every tenant sees (node) and manages (setVolunteerStatus) exactly the people the model says it holds. */
async function checkHolds(people: Person[]): Promise<void> {
  for (const p of people.filter((x) => x.id)) {
    for (const [t, { admin }] of tenants.entries()) {
      const node = await admin.request(VolunteerNodeDocument, { id: p.id! });
      const sees = node.data?.node != null;
      expect({ person: p.name, tenant: t, sees }).toEqual({ person: p.name, tenant: t, sees: p.held.has(t) });
      if (!p.held.has(t)) {
        expect(await admin.codes(SetVolunteerStatusDocument, { id: p.id!, status: 'SUSPENDED' })).toEqual(['NOT_FOUND']);
      }
    }
    expect((await server.anonymous.request(VolunteerNodeDocument, { id: p.id! })).data?.node ?? null).toBeNull();
  }
}

describe('who holds a person', () => {
  it('is only ever the organization that made the record, the one they signed up with, or one they confirmed', async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 8 }), async (steps) => {
      const people = freshPeople();
      for (const s of steps) {
        await apply(s, people);
        await checkHolds(people);
      }
    }), { numRuns: 8 });
  });
});
