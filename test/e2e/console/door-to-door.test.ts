import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompleteServiceRunDocument, GrantGridRoleDocument, RecordHouseholdDocument, RecordServiceRequestDocument, RequestQueueDocument,
  ServiceRequestNodeDocument,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { launchChromium } from '../../support/browser';
import { buildConsole, consoleContext, screenshot } from '../../support/console';
import { createOrg, createStaff } from '../../support/factories';
import { createGrid, insertVolunteer, shanghaiDay, volunteerClient } from '../../support/factories/grids';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let origin: string;
let browser: Browser;
let coordinator: GraphQLTestClient & { mobile: string };
let outsider: GraphQLTestClient & { mobile: string };
let gridWorker: GraphQLTestClient;
let grid: string;
let building: string;
let household: string;
type Person = { id: string; mobile: string; client: GraphQLTestClient };
let worker: Person;
let runner: Person;
let bystander: Person;

/** What only those who look after the residents (and a runner on an open run) may read. */
const FACTS = ['3单元502', '陈阿婆', '13912345678', '5678', '独居', '高龄老人', '降压药'];

/** The not-found screen (antd's Result does not pass a data-testid through). */
const NOT_FOUND = '.ant-result-404';

async function person(orgId: string, name: string): Promise<Person> {
  const volunteer = await insertVolunteer(server, orgId, { name });
  return { ...volunteer, client: await volunteerClient(server, volunteer) };
}

/**
 * A phone-sized page of someone signed in (their API session's token, as a reload would find it:
 * signing in through the form is the shell's test), opened at `path`.
 */
async function phone(client: GraphQLTestClient, path: string): Promise<Page> {
  const context = await consoleContext(browser, { mobile: true });
  await context.addInitScript(`localStorage.setItem('gridroster.console.token', ${JSON.stringify(client.token)})`);
  const page = await context.newPage();
  await page.goto(origin + path);
  await page.getByTestId('sign-out').waitFor();
  return page;
}

async function todaysOpenRequest(): Promise<string> {
  const { requestQueue } = await gridWorker.ok(RequestQueueDocument, { gridId: grid, day: shanghaiDay(0) });
  return requestQueue[0].requests[0].id;
}

async function expectNoFacts(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  for (const fact of FACTS) expect(text, fact).not.toContain(fact);
}

beforeAll(async () => {
  await buildConsole();
  server = await startTestServer();
  origin = server.url.replace(/\/graphql$/, '');
  browser = await launchChromium();
  const village = await createOrg(server, 'COMMUNITY', '洋埭村委会');
  const other = await createOrg(server, 'COMMUNITY', '灵源社区');
  coordinator = await createStaff(server, 'COORDINATOR', village.id);
  outsider = await createStaff(server, 'COORDINATOR', other.id);
  await createGrid(outsider, other.id, '灵源网格', 'GRID');
  grid = (await createGrid(coordinator, village.id, '网格4', 'GRID')).id;
  building = (await createGrid(coordinator, village.id, '4-2 一号楼', 'BUILDING', grid)).id;
  [worker, runner, bystander] = await Promise.all([person(village.id, '网格员林'), person(village.id, '志愿者陈'), person(village.id, '志愿者王')]);
  gridWorker = worker.client;
  await server.admin.ok(GrantGridRoleDocument, { gridId: grid, role: 'GRID_WORKER', volunteerId: worker.id });
  const { recordHousehold } = await gridWorker.ok(RecordHouseholdDocument, {
    input: { gridId: building, address: '3单元502', contactName: '陈阿婆', contactPhone: '13912345678', needs: ['ELDERLY', 'LIVING_ALONE'] },
  });
  household = recordHousehold.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

// Each step waits on the browser and the server: room for a shared, loaded 2-core machine, where
// the 60 s default timed out at a load average of 40.
describe('door-to-door requests on a phone', { timeout: 120_000 }, () => {
  it('lets a grid worker record a need and shows the day the cut-off plans it for, before and after 17:00', async () => {
    const page = await phone(gridWorker, `/requests?grid=${encodeURIComponent(grid)}`);
    const row = page.getByTestId(`household-${household}`);
    await row.getByText('高龄老人').waitFor();
    await screenshot(page, 'door-households-phone');
    for (const [time, day, word] of [['16:30', shanghaiDay(0), '今天'], ['17:30', shanghaiDay(1), '明天']] as const) {
      if (time === '16:30') await row.getByTestId('record-request').click();
      else await page.getByTestId('record-another').click();
      await page.getByTestId('request-price').fill('50');
      await page.getByTestId('request-details').fill('米 5kg、降压药');
      await page.getByTestId('collected-on').fill(shanghaiDay(-1));
      await page.getByTestId('collected-at').fill(time);
      await page.getByTestId('record-submit').click();
      const planned = page.getByTestId('planned-for');
      await planned.waitFor();
      expect(await planned.getAttribute('data-day')).toBe(day);
      expect(await planned.textContent()).toContain(word);
      await screenshot(page, `door-recorded-${time.replace(':', '')}`);
    }
  });

  it('lets a coordinator dispatch it, the volunteer see it live, set out and finish with the code, and the numbers count it', async () => {
    const requestId = await todaysOpenRequest();
    const volunteerPage = await phone(runner.client, '/my-runs');
    await volunteerPage.getByTestId('no-runs').waitFor();
    await volunteerPage.getByTestId('live-live').waitFor();

    const coordinatorPage = await phone(coordinator, `/requests?grid=${encodeURIComponent(grid)}&tab=queue`);
    const card = coordinatorPage.getByTestId(`queue-building-${building}`).getByTestId(`request-${requestId}`);
    await card.getByText('3单元502').waitFor();
    await screenshot(coordinatorPage, 'door-queue-phone');
    await card.getByTestId('dispatch').click();
    await coordinatorPage.getByTestId(`candidate-${runner.id}`).click();
    await coordinatorPage.getByTestId('dispatch-send').click();
    await card.waitFor({ state: 'detached' });

    // No reload: the dispatch reaches the volunteer's phone through requestChanged.
    const run = volunteerPage.locator('[data-testid^="run-"][data-status="ASSIGNED"]');
    await run.getByText('3单元502').waitFor();
    await screenshot(volunteerPage, 'door-run-assigned');
    await run.getByTestId('set-out').click();
    const onTheWay = volunteerPage.locator('[data-testid^="run-"][data-status="EN_ROUTE"]');
    await onTheWay.waitFor();
    // The coordinator's queue shows it on its way, live, with the resident's confirmation at hand.
    await coordinatorPage.getByTestId('under-way').getByTestId('confirm-resident').waitFor();

    const { node } = await gridWorker.ok(ServiceRequestNodeDocument, { id: requestId });
    const { handoverCode, runs } = node as { handoverCode: string; runs: { id: string }[] };
    const wrong = handoverCode.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    const refusal = await runner.client.withLanguage('zh-CN').request(CompleteServiceRunDocument, { id: runs[0].id, handoverCode: wrong });
    await onTheWay.getByTestId('handover-code').fill(wrong);
    await onTheWay.getByTestId('done').click();
    await volunteerPage.getByText(refusal.errors![0].message).waitFor();
    await onTheWay.getByTestId('handover-code').fill(handoverCode);
    await onTheWay.getByTestId('done').click();
    await volunteerPage.locator('[data-testid^="run-"][data-status="DONE"]').waitFor();
    await screenshot(volunteerPage, 'door-run-done');
    // Done: the household is no longer the runner's to see.
    await expectNoFacts(volunteerPage);

    await coordinatorPage.getByTestId('tab-numbers').click();
    const today = shanghaiDay(0);
    await coordinatorPage.getByTestId(`numbers-${today}-done`).getByText('1', { exact: true }).waitFor();
    expect(await coordinatorPage.getByTestId(`numbers-${today}-requests`).textContent()).toBe('1');
    expect(await coordinatorPage.getByTestId(`numbers-${today}-peopleServed`).textContent()).toBe('1');
    expect(await coordinatorPage.getByTestId(`numbers-${shanghaiDay(1)}-requests`).textContent()).toBe('1');
    await screenshot(coordinatorPage, 'door-numbers-phone');
    await Promise.all([volunteerPage.context().close(), coordinatorPage.context().close()]);
  });

  it("shows no household facts to another organization's staff, nor to a volunteer without an open request of that household", async () => {
    await gridWorker.ok(RecordServiceRequestDocument, { input: { householdId: household, kind: 'MEDICINE_RUN', urgency: 'EMERGENCY', details: '降压药 两盒' } });
    const volunteerPage = await phone(bystander.client, '/my-runs');
    // The open request is theirs to take, its household not theirs to see.
    await volunteerPage.getByTestId('claim').waitFor();
    await expectNoFacts(volunteerPage);
    await screenshot(volunteerPage, 'door-bystander-open');
    await volunteerPage.goto(`${origin}/requests?grid=${encodeURIComponent(grid)}`);
    await volunteerPage.locator(`.ant-empty, ${NOT_FOUND}`).first().waitFor();
    await expectNoFacts(volunteerPage);

    const outsiderPage = await phone(outsider, `/requests?grid=${encodeURIComponent(grid)}`);
    for (const tab of ['households', 'queue', 'numbers']) {
      await outsiderPage.getByTestId(`tab-${tab}`).click();
      await outsiderPage.locator(`.ant-tabs-tabpane-active ${NOT_FOUND}`).waitFor();
      await expectNoFacts(outsiderPage);
    }
    await screenshot(outsiderPage, 'door-outsider');
    await Promise.all([volunteerPage, outsiderPage].map((page) => page.context().close()));
  });

  it('opens the household to a volunteer who claims its request only while the run is open, and puts a failed run back in the queue with its history', async () => {
    const volunteerPage = await phone(bystander.client, '/my-runs');
    await volunteerPage.getByTestId('claim').click();
    const taken = volunteerPage.locator('[data-testid^="run-"][data-status="ASSIGNED"]');
    await taken.getByText('3单元502').waitFor();
    await taken.getByTestId('set-out').click();
    await volunteerPage.locator('[data-testid^="run-"][data-status="EN_ROUTE"]').getByTestId('failed').click();
    await volunteerPage.getByText('无人在家').click();
    await volunteerPage.getByTestId('fail-send').click();
    await volunteerPage.locator('[data-testid^="run-"][data-status="FAILED"]').waitFor();
    await expectNoFacts(volunteerPage);
    const workerPage = await phone(gridWorker, `/requests?grid=${encodeURIComponent(grid)}&tab=queue`);
    await workerPage.getByTestId('run-history').getByText('无人在家').waitFor();
    await screenshot(workerPage, 'door-failed-requeued');
    await Promise.all([volunteerPage, workerPage].map((page) => page.context().close()));
  });
});
