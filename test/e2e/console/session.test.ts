import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginDocument } from '../../../client/generated/graphql';
import type { TestServer } from '../../support/harness';
import { consoleContext, startConsoleRig, RIG_TIMEOUT_MS, type ConsoleRig, screenshot, signIn } from '../../support/console';
import { createOrg, createStaff, STAFF_PASSWORD } from '../../support/factories';

let rig: ConsoleRig;
let server: TestServer;
let origin: string;
let browser: Browser;
let coordinator: Awaited<ReturnType<typeof createStaff>>;

beforeAll(async () => {
  rig = await startConsoleRig();
  ({ server, origin, browser } = rig);
  const org = await createOrg(server, 'COMMUNITY');
  coordinator = await createStaff(server, 'COORDINATOR', org.id);
}, RIG_TIMEOUT_MS);
afterAll(async () => {
  await rig?.stop();
});

const STORED_TOKEN = "localStorage.getItem('gridroster.console.token')";

/** What the API itself says to a wrong password, in `language`. */
async function wrongPasswordMessage(language: string): Promise<string> {
  const answer = await server.anonymous.withLanguage(language).request(LoginDocument, { mobile: coordinator.mobile, password: 'not-the-password' });
  return answer.errors![0].message;
}

describe('signing in to the console', () => {
  it('signs in, keeps the session across a reload, and ends it on sign-out', async () => {
    const context = await consoleContext(browser);
    const page = await context.newPage();
    await page.goto(`${origin}/grids`);
    await page.waitForURL(/\/sign-in\?next=%2Fgrids/);
    await screenshot(page, 'sign-in');
    await signIn(page, origin, coordinator.mobile, STAFF_PASSWORD, '/sign-in?next=%2Fgrids');
    await page.waitForURL(/\/grids$/);
    expect(await page.getByTestId('account-name').textContent()).toBe(`COORDINATOR ${coordinator.mobile}`);
    await page.reload();
    await page.getByTestId('sign-out').waitFor();
    expect(await page.evaluate(STORED_TOKEN)).toBeTruthy();
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/sign-in/);
    expect(await page.evaluate(STORED_TOKEN)).toBeNull();
    await page.goto(`${origin}/grids`);
    await page.waitForURL(/\/sign-in/);
    await context.close();
  });

  it('shows the server\'s refusal of a wrong password, in Chinese by default and in English once switched, remembered after a reload', async () => {
    const context = await consoleContext(browser);
    const page = await context.newPage();
    await page.goto(`${origin}/sign-in`);
    expect(await page.getByTestId('sign-in').textContent()).toBe('登录');
    await page.getByTestId('mobile').fill(coordinator.mobile);
    await page.getByTestId('password').fill('not-the-password');
    await page.getByTestId('sign-in').click();
    expect(await page.getByTestId('sign-in-error').textContent()).toBe(await wrongPasswordMessage('zh-CN'));
    await page.getByTestId('language-switch').getByText('EN').click();
    expect(await page.getByTestId('sign-in').textContent()).toBe('Sign in');
    await page.getByTestId('sign-in').click();
    await page.getByTestId('sign-in-error').getByText(await wrongPasswordMessage('en')).waitFor();
    await screenshot(page, 'sign-in-refused-en');
    await page.reload();
    expect(await page.getByTestId('sign-in').textContent()).toBe('Sign in');
    await context.close();
  });

  it('drops a token the API no longer accepts and asks to sign in again', async () => {
    const context = await consoleContext(browser);
    await context.addInitScript("if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1'); localStorage.setItem('gridroster.console.token', 'not-a-token'); }");
    const page = await context.newPage();
    await page.goto(`${origin}/grids`);
    await page.waitForURL(/\/sign-in/);
    expect(await page.evaluate(STORED_TOKEN)).toBeNull();
    await context.close();
  });
});
