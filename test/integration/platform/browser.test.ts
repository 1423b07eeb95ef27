import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, ADMIN_MOBILE, type TestServer } from '../../support/harness';
import { launchChromium } from '../../support/browser';

/** Two pages on two other origins: one listed in GRIDROSTER_CORS_ORIGINS, one not. */
function pageServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => res.end('<!doctype html><title>app</title><p>a browser app</p>'));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

let api: TestServer;
let listed: Awaited<ReturnType<typeof pageServer>>;
let unlisted: Awaited<ReturnType<typeof pageServer>>;
let browser: Browser;

beforeAll(async () => {
  [listed, unlisted] = await Promise.all([pageServer(), pageServer()]);
  api = await startTestServer({ env: { GRIDROSTER_CORS_ORIGINS: listed.origin } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
  listed?.server.close();
  unlisted?.server.close();
});

/** A page whose every request outside 127.0.0.1 is cut and recorded. */
async function offlinePage(): Promise<{ page: Page; outside: string[] }> {
  const context = await browser.newContext();
  const outside: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'data:') return route.continue();
    outside.push(url.href);
    return route.abort('internetdisconnected');
  });
  return { page: await context.newPage(), outside };
}

const query = (token: string) => `async (url) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ${token}' },
    body: JSON.stringify({ query: '{ me { mobile } }' }) });
  return response.json();
}`;

describe('CORS for browser apps', () => {
  it('lets a page on a listed origin query with its token (after a preflight) and run an operation over graphql-ws', async () => {
    const { page } = await offlinePage();
    await page.goto(listed.origin);
    const answer = await page.evaluate(`(${query(api.admin.token!)})(${JSON.stringify(api.url)})`);
    expect(answer).toEqual({ data: { me: { mobile: ADMIN_MOBILE } } });
    const overSocket = await page.evaluate(`new Promise((resolve, reject) => {
      const socket = new WebSocket(${JSON.stringify(api.wsUrl)}, 'graphql-transport-ws');
      socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer ${api.admin.token}' } }));
      socket.onmessage = (event) => {
        const message = JSON.parse(event.data);
        if (message.type === 'connection_ack') socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ me { mobile } }' } }));
        if (message.type === 'next') { resolve(message.payload); socket.close(); }
      };
      socket.onerror = () => reject(new Error('socket failed'));
    })`);
    expect(overSocket).toEqual({ data: { me: { mobile: ADMIN_MOBILE } } });
  });

  it('keeps a page on any other origin out, and CSRF prevention on for simple requests', async () => {
    const { page } = await offlinePage();
    await page.goto(unlisted.origin);
    const refused = await page.evaluate(`(${query(api.admin.token!)})(${JSON.stringify(api.url)}).then(() => 'read', (e) => e.name)`);
    expect(refused).toBe('TypeError');
    const simple = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'text/plain', origin: listed.origin }, body: '{"query":"{ __typename }"}' });
    expect(simple.status).toBe(400);
  });

  it('answers preflights with 204: the allowed methods and headers for a listed origin, nothing for another', async () => {
    const preflight = (origin: string) => fetch(api.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    const ok = await preflight(listed.origin);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(listed.origin);
    expect(ok.headers.get('access-control-allow-headers')).toContain('authorization');
    const other = await preflight(unlisted.origin);
    expect(other.status).toBe(204);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('GraphiQL at /graphiql', () => {
  it('works with the network cut: loads nothing from outside, takes a pasted token and runs a query', async () => {
    const { page, outside } = await offlinePage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${api.url.replace(/graphql$/, 'graphiql')}?query=${encodeURIComponent('{ me { mobile } }')}`);
    await page.locator('.graphiql-container').waitFor();
    await page.fill('#token', api.admin.token!);
    await page.click('.graphiql-execute-button');
    await expect.poll(() => page.locator('.result-window').innerText(), { timeout: 15_000 }).toContain(ADMIN_MOBILE);
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("is where a browser opening /graphql is sent, in place of Apollo's CDN landing page", async () => {
    const opened = await fetch(api.url, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(opened.status).toBe(302);
    expect(opened.headers.get('location')).toBe('/graphiql');
    const page = await (await fetch(api.url.replace(/graphql$/, 'graphiql'))).text();
    expect(page).not.toMatch(/https?:\/\/|apollo|sandbox/i);
  });
});
