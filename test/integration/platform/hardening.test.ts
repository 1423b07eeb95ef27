import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateShiftDocument, DeepOrganizationsDocument, ManyAliasesDocument, MeDocument, RegisterVolunteersDocument } from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { wsClient, wsOnce } from '../../support/ws';

let server: TestServer;
let production: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  production = await startTestServer({ production: true });
});
afterAll(async () => {
  await server?.stop();
  await production?.stop();
});

async function post(url: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, body: await response.json() as { errors?: { message: string; extensions?: { code?: string } }[]; data?: unknown } };
}

describe('query limits over HTTP', () => {
  it('refuses a query deeper than the limit with BAD_USER_INPUT', async () => {
    expect(await server.admin.codes(DeepOrganizationsDocument)).toContain('BAD_USER_INPUT');
  });

  it('refuses more aliases than the limit with BAD_USER_INPUT', async () => {
    expect(await server.admin.codes(ManyAliasesDocument)).toContain('BAD_USER_INPUT');
  });

  it('counts aliased __typename against the alias limit too', async () => {
    const query = `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const { body } = await post(server.url, JSON.stringify({ query }));
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.data ?? null).toBeNull();
  });

  it('names the nested field of a variable that does not coerce', async () => {
    const shift = { title: 't', duty: 'OTHER', gridId: 'R3JpZDox', capacity: 1, startsAt: '2031-01-01T00:00:00Z', endsAt: '2031-01-01T04:00:00Z' };
    const fieldOf = async (input: Record<string, unknown>) =>
      (await server.admin.request(CreateShiftDocument, { input: input as never })).errors?.map((e) => [e.extensions?.code, e.extensions?.field]);
    expect(await fieldOf({ ...shift, capacity: 1.5 })).toEqual([['BAD_USER_INPUT', 'input.capacity']]);
    expect(await fieldOf({ ...shift, startsAt: 'tomorrow' })).toEqual([['BAD_USER_INPUT', 'input.startsAt']]);
    const { title: _title, ...untitled } = shift;
    expect(await fieldOf(untitled)).toEqual([['BAD_USER_INPUT', 'input.title']]);
    const rows = [{ name: '陈明', mobile: '13800000001' }, { mobile: '13800000002' }];
    const missingName = await server.admin.request(RegisterVolunteersDocument, { organizationId: 'T3JnYW5pemF0aW9uOjE', volunteers: rows as never });
    expect(missingName.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'volunteers[1].name']]);
  });

  it('refuses a document with more tokens than the parser allows', async () => {
    const query = `{ ${Array.from({ length: 3000 }, () => 'me { id }').join(' ')} }`;
    const { body } = await post(server.url, JSON.stringify({ query }));
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a request body over the size limit with 413 before parsing it', async () => {
    const { status, body } = await post(server.url, JSON.stringify({ query: '{ me { id } }', variables: { pad: 'x'.repeat(3 * 1024 * 1024) } }));
    expect(status).toBe(413);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('blocks a simple cross-site request (CSRF prevention)', async () => {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ me { id } }' }) });
    expect(response.status).toBe(400);
  });

  it('answers invalid JSON with BAD_USER_INPUT and no stack trace', async () => {
    const { status, body } = await post(server.url, '{not json');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('query limits over graphql-ws', () => {
  it('applies the same depth and alias limits to operations sent over the socket', async () => {
    const { token } = server.admin as unknown as { token: string };
    const client = wsClient(server.wsUrl, token);
    try {
      const ok = await wsOnce(client, MeDocument);
      expect(ok.data?.me.mobile).toBeTruthy();
      const deep = await wsOnce(client, DeepOrganizationsDocument);
      expect(deep.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const aliases = await wsOnce(client, ManyAliasesDocument);
      expect(aliases.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      await client.dispose();
    }
  });
});

describe('production mode', () => {
  it('turns introspection off', async () => {
    const { body } = await post(production.url, JSON.stringify({ query: '{ __schema { types { name } } }' }));
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.data ?? null).toBeNull();
  });

  it('hides field suggestions', async () => {
    const { body: dev } = await post(server.url, JSON.stringify({ query: '{ organizationz { id } }' }));
    expect(dev.errors?.[0]?.message).toMatch(/Did you mean/);
    const { body } = await post(production.url, JSON.stringify({ query: '{ organizationz { id } }' }));
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('keeps introspection available in development', async () => {
    const { body } = await post(server.url, JSON.stringify({ query: '{ __schema { queryType { name } } }' }));
    expect(body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('health', () => {
  it('answers /healthz and /readyz with 200 while the database is up', async () => {
    const base = server.url.replace('/graphql', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });
});
