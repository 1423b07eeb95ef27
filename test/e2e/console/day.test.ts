import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssignVolunteerDocument, CheckInDocument, ShiftRosterDocument } from '../../../client/generated/graphql';
import type { TestServer } from '../../support/harness';
import { startCuttingProxy, type CuttingProxy } from '../../support/cutting-proxy';
import { consoleContext, startConsoleRig, RIG_TIMEOUT_MS, type ConsoleRig, screenshot, signIn } from '../../support/console';
import { createOrg, createStaff, STAFF_PASSWORD } from '../../support/factories';
import { createGrid, insertVolunteer } from '../../support/factories/grids';
import { createShift } from '../../support/factories/shifts';
import { shanghaiDate } from '../../../server/platform/date-range';

let rig: ConsoleRig;
let server: TestServer;
let origin: string;
let browser: Browser;
let proxy: CuttingProxy;
let coordinator: Awaited<ReturnType<typeof createStaff>>;
let grid: { id: string; name: string };
const people: Record<'wang' | 'li' | 'chen' | 'zhao', { id: string; mobile: string }> = {} as never;
/** Both shifts start in half an hour, at two posts: check-in is open (from an hour before), and they have not ended. */
const soon = new Date(Math.ceil((Date.now() + 30 * 60_000) / 60_000) * 60_000);
const later = (hours: number) => new Date(soon.getTime() + hours * 3600_000).toISOString();
const day = shanghaiDate(soon);
let morning: { id: string };
let evening: { id: string };

beforeAll(async () => {
  rig = await startConsoleRig();
  ({ server, origin, browser } = rig);
  const org = await createOrg(server, 'COMMUNITY', '洋埭村委会');
  coordinator = await createStaff(server, 'COORDINATOR', org.id);
  grid = await createGrid(server.admin, org.id, '网格4', 'GRID');
  for (const [key, name] of [['wang', '王建国'], ['li', '李秀英'], ['chen', '陈志明'], ['zhao', '赵丽']] as const) {
    people[key] = await insertVolunteer(server, org.id, { name });
  }
  morning = await createShift(coordinator, grid.id, { title: '值守', location: '三乡村卡口', capacity: 2, startsAt: later(0), endsAt: later(4) });
  evening = await createShift(coordinator, grid.id, { title: '值守', location: '海尾村卡口', capacity: 1, startsAt: later(0), endsAt: later(4) });
  proxy = await startCuttingProxy(server.url);
}, RIG_TIMEOUT_MS);
afterAll(async () => {
  await proxy?.close();
  await rig?.stop();
});

const dayPath = () => `/grids/${grid.id}/day?date=${day}`;
const seats = (page: Page, shiftId: string) => page.getByTestId(`seats-${shiftId}`);

async function seated(shiftId: string): Promise<string[]> {
  const { node } = await coordinator.ok(ShiftRosterDocument, { id: shiftId });
  return node && 'roster' in node ? node.roster.map((line) => `${line.volunteer.name}:${line.status}`) : [];
}

describe('a grid\'s day in the console', () => {
  it('opens a grid\'s day from the grids tree and seats a volunteer found by the mobile\'s last 4 digits', async () => {
    const context = await consoleContext(browser);
    const page = await context.newPage();
    await signIn(page, origin, coordinator.mobile, STAFF_PASSWORD);
    await page.getByTestId(`grid-node-${grid.id}`).click();
    await page.getByTestId('grid-panel').waitFor();
    await page.getByTestId('open-day').click();
    await page.waitForURL(new RegExp(`/grids/${grid.id}/day`));
    await page.goto(origin + dayPath());
    await page.getByTestId('live-status').and(page.locator('[data-light="live"]')).waitFor();
    expect(await page.getByTestId('day-title').textContent()).toBe('网格4');
    await page.getByTestId(`shift-${morning.id}`).click();
    await page.getByTestId('volunteer-search').fill(people.wang.mobile.slice(-4));
    await page.getByTestId(`assign-${people.wang.id}`).click();
    await page.getByTestId('roster').getByText('王建国').waitFor();
    expect(await seated(morning.id)).toEqual(['王建国:ASSIGNED']);
    await expect.poll(() => seats(page, morning.id).getAttribute('data-filled')).toBe('1');
    expect(await page.getByTestId('check-in-code').textContent()).toMatch(/^\d{6}$/);
    await screenshot(page, 'day-assigned-1920');
    await context.close();
  });

  it('shows a change another coordinator makes through the API within a second, without a reload', async () => {
    const context = await consoleContext(browser);
    const page = await context.newPage();
    await signIn(page, origin, coordinator.mobile, STAFF_PASSWORD, dayPath());
    await page.getByTestId('live-status').and(page.locator('[data-light="live"]')).waitFor();
    await seats(page, evening.id).waitFor();
    expect(await seats(page, evening.id).getAttribute('data-filled')).toBe('0');
    await coordinator.ok(AssignVolunteerDocument, { shiftId: evening.id, volunteerId: people.li.id });
    await page.locator(`[data-testid="seats-${evening.id}"][data-filled="1"]`).waitFor({ timeout: 1000 });
    await context.close();
  });

  it('catches up with what changed while the connection was cut, and says so on the status light', async () => {
    const context = await consoleContext(browser);
    const page = await context.newPage();
    const through = proxy.wsUrl.replace(/^ws/, 'http').replace(/\/graphql$/, '');
    await signIn(page, through, coordinator.mobile, STAFF_PASSWORD, dayPath());
    await page.getByTestId('live-status').and(page.locator('[data-light="live"]')).waitFor();
    await seats(page, morning.id).waitFor();
    await context.setOffline(true);
    proxy.cut();
    await page.locator('[data-testid="live-status"]:not([data-light="live"])').waitFor();
    const { assignVolunteer } = await coordinator.ok(AssignVolunteerDocument, { shiftId: morning.id, volunteerId: people.chen.id });
    await coordinator.ok(CheckInDocument, { assignmentId: assignVolunteer.id });
    await screenshot(page, 'day-offline');
    await context.setOffline(false);
    await page.getByTestId('live-status').and(page.locator('[data-light="live"]')).waitFor();
    const caughtUp = page.locator(`[data-testid="seats-${morning.id}"][data-filled="2"][data-checked-in="1"]`);
    await caughtUp.waitFor();
    await context.close();
  });

  it('runs the day on a 390 × 844 phone: the menu in a drawer, a shift opened, a volunteer checked in and out, the waitlist in order', async () => {
    const context = await consoleContext(browser, { mobile: true });
    const page = await context.newPage();
    await signIn(page, origin, coordinator.mobile, STAFF_PASSWORD, dayPath());
    await page.getByTestId('menu-button').click();
    await page.getByTestId('main-menu').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId(`shift-${evening.id}`).click();
    await page.getByTestId('volunteer-search').fill('赵丽');
    await page.getByTestId(`assign-${people.zhao.id}`).click();
    await page.getByTestId('roster').getByText('赵丽').waitFor();
    expect(await seated(evening.id)).toEqual(['李秀英:ASSIGNED', '赵丽:WAITLISTED']);
    expect(await page.getByTestId('roster').locator('[data-status="WAITLISTED"]').textContent()).toContain('#1');
    const { node } = await coordinator.ok(ShiftRosterDocument, { id: evening.id });
    const li = (node as { roster: { id: string; volunteer: { name: string } }[] }).roster.find((line) => line.volunteer.name === '李秀英')!;
    await page.getByTestId(`check-in-${li.id}`).click();
    await page.locator(`[data-testid="status-${li.id}"][data-status="CHECKED_IN"]`).waitFor();
    await page.getByTestId(`check-out-${li.id}`).click();
    await page.locator(`[data-testid="status-${li.id}"][data-status="COMPLETED"]`).waitFor();
    expect(await seated(evening.id)).toEqual(['李秀英:COMPLETED', '赵丽:WAITLISTED']);
    const viewport = page.viewportSize()!;
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
    await screenshot(page, 'day-phone-390');
    await context.close();
  });

  it('creates a 24-hour rotation in four shifts for the next day and shows its four shifts at their post', async () => {
    const next = shanghaiDate(new Date(soon.getTime() + 86_400_000));
    const context = await consoleContext(browser);
    const page = await context.newPage();
    await signIn(page, origin, coordinator.mobile, STAFF_PASSWORD, `/grids/${grid.id}/day?date=${next}`);
    await page.getByTestId('new-rotation').click();
    await page.getByTestId('form-title').fill('四班倒');
    await page.getByTestId('form-location').fill('大桥卡口');
    await page.getByRole('button', { name: /创\s*建/ }).click();
    await expect.poll(() => page.getByTestId('timeline').getByText('四班倒').count()).toBe(4);
    expect(await page.getByTestId('timeline').innerText()).toContain('大桥卡口');
    await screenshot(page, 'day-rotation-1920');
    await context.close();
  });
});
