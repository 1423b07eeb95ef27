import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/harness';
import { launchChromium } from '../../support/browser';
import { buildConsole, consoleContext, screenshot, signIn } from '../../support/console';
import { createOrg, createStaff, STAFF_PASSWORD } from '../../support/factories';
import { correctionPost, type CorrectionPost } from '../../support/factories/correction';
import { shanghaiDay } from '../../support/factories/grids';
import { servedShift } from '../../support/factories/service';
import { pdfText } from '../../support/documents';

let server: TestServer;
let origin: string;
let browser: Browser;
let post: CorrectionPost;
let outsider: Awaited<ReturnType<typeof createStaff>>;
/** Yesterday in Shanghai: inside the tallies' default period and the month the report is asked for. */
const served = shanghaiDay(-1);
/** What only the correction office may know, as the console would print it. */
const SECRETS = ['新塘司法所', '社区矫正志愿队', '施永福'];

beforeAll(async () => {
  await buildConsole();
  server = await startTestServer();
  origin = server.url.replace(/\/graphql$/, '');
  browser = await launchChromium();
  post = await correctionPost(server);
  // The participant and a villager both served on the village's grid, where the correction team is deployed.
  await servedShift(server.admin, post.gridId, post.participant, served, '08:00', '12:00');
  await servedShift(server.admin, post.gridId, post.villager, served, '08:00', '11:00');
  const elsewhere = await createOrg(server, 'COMMUNITY', '灵源社区');
  outsider = await createStaff(server, 'COORDINATOR', elsewhere.id);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(mobile: string): Promise<Page> {
  const page = await (await consoleContext(browser)).newPage();
  await signIn(page, origin, mobile, STAFF_PASSWORD);
  return page;
}

const bodyText = (page: Page) => page.locator('body').innerText();
/** The not-found page, by what it says (antd's Result does not pass a test id through). */
const NOT_FOUND = '该页面不存在，或您无权查看。';

/**
 * Every place a non-officer might glimpse the office: the menu, its address, search, the record, the
 * tallies. A coordinator who had the participant on a roster knows the person (not that they are a
 * participant): they may find them by name, but nothing of the office or its team shows.
 */
async function expectNothingOfTheOffice(page: Page, shot: string, knowsThePerson: boolean) {
  expect(await page.getByTestId('main-menu').innerText()).not.toContain('社区矫正');
  await page.goto(`${origin}/correction`);
  await page.getByText(NOT_FOUND).waitFor();
  await page.goto(`${origin}/volunteers`);
  await page.getByTestId('volunteer-search').fill('施永福');
  await page.getByTestId('volunteer-search').press('Enter');
  await page.locator('[data-testid="volunteer-results"][data-ready="true"][data-search="施永福"]').waitFor();
  expect(await page.getByTestId('volunteer-results').locator('tbody tr.ant-table-row').count()).toBe(knowsThePerson ? 1 : 0);
  for (const secret of SECRETS.slice(0, 2)) expect(await bodyText(page)).not.toContain(secret);
  await page.goto(`${origin}/volunteers/${post.participant.id}`);
  await page.getByText(NOT_FOUND).or(page.getByTestId('volunteer-record')).first().waitFor();
  for (const secret of SECRETS.slice(0, 2)) expect(await bodyText(page)).not.toContain(secret);
  await page.goto(`${origin}/hours`);
  for (const group of ['按团队', '按网格', '按岗位']) {
    await page.getByTestId('tally-group').getByText(group).click();
    await page.locator('[data-testid="tally-table"][data-ready="true"]').waitFor();
    for (const secret of SECRETS) expect(await bodyText(page)).not.toContain(secret);
  }
  await screenshot(page, shot);
  await page.context().close();
}

describe('the correction office in the console', () => {
  it('shows a coordinator of the village where the participants serve nothing of it', async () => {
    await expectNothingOfTheOffice(await signedIn(post.coordinator.mobile), 'correction-hidden-from-village-coordinator', true);
  });

  it("shows another organization's staff nothing of it", async () => {
    await expectNothingOfTheOffice(await signedIn(outsider.mobile), 'correction-hidden-from-outsider', false);
  });

  it('shows its officer the participants and a participant\'s monthly report, with its PDF', async () => {
    const page = await signedIn(post.officer.mobile);
    await page.getByTestId('main-menu').getByText('社区矫正').click();
    await page.waitForURL(/\/correction/);
    await page.goto(`${origin}/correction?month=${served.slice(0, 7)}`);
    await page.getByTestId(`participant-${post.participant.id}`).click();
    const report = page.getByTestId('correction-report');
    await report.getByText('洋埭村委会').or(report.getByText('网格3')).first().waitFor();
    expect(await page.getByTestId('correction-report-hours').innerText()).toBe('4');
    await screenshot(page, 'correction-office-report');
    const href = (await page.getByTestId('correction-report-pdf').getAttribute('href'))!;
    const response = await page.request.get(new URL(href, origin).href);
    expect(response.headers()['content-type']).toContain('application/pdf');
    expect(await pdfText(new Uint8Array(await response.body()))).toContain('施永福');
    await page.context().close();
  });
});
