import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadConfig } from '../../server/config';
import { consoleApp } from '../../server/console';
import { ensureWebBuild } from '../../server/platform/web-build';
import { startTestServer, type TestServer } from './harness';
import { launchChromium } from './browser';

/** The console as `npm start` serves it. */
export const CONSOLE = consoleApp(loadConfig({}).console.root);

/**
 * Builds the console unless its dist/ matches the sources (the stamp): once per change for the
 * whole suite, whichever file asks first; the others wait on the build's lock and find it fresh.
 */
export const buildConsole = () => ensureWebBuild(CONSOLE);

export interface ConsoleRig {
  server: TestServer;
  /** http://127.0.0.1:<port>, where the console is. */
  origin: string;
  browser: Browser;
  stop(): Promise<void>;
}

/** For a file's beforeAll: the first file of a run may build the console (a minute or two on a busy 2-core machine). */
export const RIG_TIMEOUT_MS = 300_000;

/** A test file's server (started after the console is built: it lists the built files at start) and its one Chromium. */
export async function startConsoleRig(): Promise<ConsoleRig> {
  await buildConsole();
  const server = await startTestServer();
  const browser = await launchChromium();
  return {
    server, browser, origin: server.url.replace(/\/graphql$/, ''),
    async stop() {
      await browser.close();
      await server.stop();
    },
  };
}

const SHOTS = join(process.cwd(), 'test-results', 'console');

/** Saves what the page shows now under test-results/console/ (not committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** A context whose every request outside the test server fails: the console must need nothing else. */
export async function consoleContext(browser: Browser, options: { mobile?: boolean; language?: 'en' | 'zh-CN' } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: options.mobile ? { width: 390, height: 844 } : { width: 1920, height: 1080 },
    ...(options.mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    // A browser far from Fujian: the console still shows Shanghai time.
    timezoneId: 'America/New_York',
    locale: 'en-US',
  });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    return url.hostname === '127.0.0.1' || url.protocol === 'data:' ? route.continue() : route.abort('internetdisconnected');
  });
  if (options.language) await context.addInitScript(`localStorage.setItem('gridroster.console.language', ${JSON.stringify(options.language)})`);
  return context;
}

/** Signs in through the form and waits for the signed-in frame. */
export async function signIn(page: Page, baseUrl: string, mobile: string, password: string, path = '/'): Promise<void> {
  await page.goto(baseUrl + path);
  await page.getByTestId('mobile').fill(mobile);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('sign-out').waitFor();
}
