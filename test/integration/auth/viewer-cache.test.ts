import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogoutDocument, OrganizationsDocument } from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff } from '../../support/factories';

let server: TestServer;
beforeAll(async () => { server = await startTestServer({ countQueries: true }); });
afterAll(async () => { await server?.stop(); });

const TYPENAME = parse('{ __typename }') as TypedDocumentNode<{ __typename: string }, Record<string, never>>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (up to 10 s) until `check` holds: a NOTIFY reaches the server in its own time. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; !(await check()); waited += 50) {
    if (waited > 10_000) throw new Error(`gave up waiting: ${check}`);
    await sleep(50);
  }
}

describe('the viewers of known tokens', () => {
  it('answers a known token without reading its account again', async () => {
    const org = await createOrg(server, 'COMMUNITY');
    const coordinator = await createStaff(server, 'COORDINATOR', org.id);
    await coordinator.ok(TYPENAME);
    server.queries.length = 0;
    expect((await coordinator.ok(TYPENAME)).__typename).toBe('Query');
    expect(server.queries.filter((q) => !q.includes('pg_catalog.pg_type'))).toEqual([]);
  });

  it('forgets a viewer whose role was revoked, once PostgreSQL says so, even when the change bypassed the API', async () => {
    const org = await createOrg(server, 'COMMUNITY');
    const coordinator = await createStaff(server, 'COORDINATOR', org.id);
    const sees = async () => (await coordinator.ok(OrganizationsDocument)).organizations.some((o) => o.id === org.id);
    expect(await sees()).toBe(true);
    await server.sql`delete from role_grants where role = 'COORDINATOR' and account_id = (select id from accounts where mobile = ${coordinator.mobile})`;
    await eventually(async () => !(await sees()));
  });

  it('refuses a token after its logout, and takes the account\'s new token at once', async () => {
    const org = await createOrg(server, 'COMMUNITY');
    const coordinator = await createStaff(server, 'COORDINATOR', org.id);
    await coordinator.ok(TYPENAME);
    await coordinator.ok(LogoutDocument);
    // Refused on the very next request: the process that ran the logout forgets the viewer itself.
    expect(await coordinator.codes(OrganizationsDocument)).toContain('UNAUTHENTICATED');
    const again = await server.anonymous.login(coordinator.mobile, 'staff-password-1');
    expect((await again.ok(OrganizationsDocument)).organizations.map((o) => o.id)).toContain(org.id);
  });
});
