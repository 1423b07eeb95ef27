import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../support/harness';
import { consoleContext, startConsoleRig, RIG_TIMEOUT_MS, type ConsoleRig, screenshot, signIn } from '../../support/console';
import { createOrg, createStaff, STAFF_PASSWORD } from '../../support/factories';
import { createGrid, insertVolunteer } from '../../support/factories/grids';
import { createShift } from '../../support/factories/shifts';
import { shanghaiDate } from '../../../server/platform/date-range';

let rig: ConsoleRig;
let server: TestServer;
let origin: string;
let browser: Browser;
let outsider: Awaited<ReturnType<typeof createStaff>>;
let theirGrid: { id: string };
let ownGrid: { id: string };
let theirShift: { id: string };
let ownShift: { id: string };
const start = new Date(Math.ceil((Date.now() + 3600_000) / 60_000) * 60_000);
const day = shanghaiDate(start);

beforeAll(async () => {
  rig = await startConsoleRig();
  ({ server, origin, browser } = rig);
  const village = await createOrg(server, 'COMMUNITY', '洋埭村委会');
  const elsewhere = await createOrg(server, 'COMMUNITY', '海尾村委会');
  const owner = await createStaff(server, 'COORDINATOR', village.id);
  outsider = await createStaff(server, 'COORDINATOR', elsewhere.id);
  theirGrid = await createGrid(server.admin, village.id, '洋埭网格一', 'GRID');
  ownGrid = await createGrid(server.admin, elsewhere.id, '海尾网格一', 'GRID');
  theirShift = await createShift(owner, theirGrid.id, { title: '洋埭卡口', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 4 * 3600_000).toISOString() });
  ownShift = await createShift(outsider, ownGrid.id, { title: '海尾卡口', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 4 * 3600_000).toISOString() });
  await insertVolunteer(server, village.id, { name: '洋埭志愿者甲' });
  await insertVolunteer(server, elsewhere.id, { name: '海尾志愿者乙' });
}, RIG_TIMEOUT_MS);
afterAll(async () => {
  await rig?.stop();
});

const pageText = (page: Page) => page.locator('body').innerText();

describe('the console across organizations', () => {
  it('shows a coordinator of another organization none of this one\'s grids, shifts or volunteers, and a direct link to them is not found', async () => {
    const context = await consoleContext(browser);
    const page = await context.newPage();
    await signIn(page, origin, outsider.mobile, STAFF_PASSWORD);
    await page.getByTestId(`grid-node-${ownGrid.id}`).waitFor();
    expect(await page.getByTestId(`grid-node-${theirGrid.id}`).count()).toBe(0);
    expect(await pageText(page)).not.toContain('洋埭');

    await page.goto(`${origin}/grids?grid=${encodeURIComponent(theirGrid.id)}`);
    await page.getByTestId('not-found').waitFor();
    await page.goto(`${origin}/grids/${encodeURIComponent(theirGrid.id)}/day?date=${day}`);
    await page.getByTestId('not-found').waitFor();
    expect(await pageText(page)).not.toContain('洋埭');
    await screenshot(page, 'other-organization-not-found');

    // Their own day: the picker offers their own volunteers only, by any filter.
    await page.goto(`${origin}/grids/${encodeURIComponent(ownGrid.id)}/day?date=${day}`);
    await page.getByTestId(`shift-${ownShift.id}`).click();
    await page.getByTestId('volunteer-search').fill('志愿者');
    await page.getByTestId('volunteer-picker').getByText('海尾志愿者乙').waitFor();
    expect(await page.getByTestId('volunteer-picker').innerText()).not.toContain('洋埭');
    expect(await page.getByTestId(`shift-${theirShift.id}`).count()).toBe(0);
    await context.close();
  });
});
