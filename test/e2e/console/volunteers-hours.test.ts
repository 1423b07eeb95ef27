import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegisterVolunteersDocument, VolunteersDocument } from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { launchChromium } from '../../support/browser';
import { buildConsole, consoleContext, screenshot, signIn } from '../../support/console';
import { createOrg, createStaff, mobileNumber, STAFF_PASSWORD, type OrgHandle } from '../../support/factories';
import { createGrid, shanghaiDay } from '../../support/factories/grids';
import { registerPerson, type Person } from '../../support/factories/shifts';
import { servedShift } from '../../support/factories/service';
import { csvRows, pdfText } from '../../support/documents';

let server: TestServer;
let origin: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let org: OrgHandle;
let admin: Awaited<ReturnType<typeof createStaff>>;
let served: Person;

beforeAll(async () => {
  await buildConsole();
  server = await startTestServer();
  origin = server.url.replace(/\/graphql$/, '');
  browser = await launchChromium();
  org = await createOrg(server, 'COMMUNITY', '洋埭社区');
  admin = await createStaff(server, 'ORG_ADMIN', org.id);
  const gridId = (await createGrid(server.admin, org.id, '洋埭一网格', 'GRID')).id;
  served = await registerPerson(server, org.id, '林秀英');
  await servedShift(server.admin, gridId, served, shanghaiDay(-3), '08:00', '12:00');
  await servedShift(server.admin, gridId, served, shanghaiDay(-2), '20:00', '23:00', 'DISINFECTION');
  context = await consoleContext(browser);
  page = await context.newPage();
  await signIn(page, origin, admin.mobile, STAFF_PASSWORD);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

/** What the API says, in Chinese, to a row with this mobile (the message the report must carry). */
async function rowMessage(mobile: string): Promise<string> {
  const { registerVolunteers } = await server.admin.withLanguage('zh-CN').ok(RegisterVolunteersDocument, {
    organizationId: org.id, volunteers: [{ name: '探针', mobile }], atomic: false,
  });
  return registerVolunteers.results[0].message!;
}

describe('importing a volunteer sheet in the console', () => {
  it('imports the good rows, shows each row\'s fate, and hands over the rejected rows as a CSV report', async () => {
    const [good1, good2] = [mobileNumber(), mobileNumber()];
    const sheet = join(mkdtempSync(join(tmpdir(), 'console-import-')), '志愿者名单.csv');
    writeFileSync(sheet, `\ufeff姓名,手机号,党员,技能\n陈明,${good1},是,驾驶\n王芳,1234,否,\n李强,${mobileNumber()},也许,\n\n黄丽,${good2},,医护、心理\n`);
    await page.goto(`${origin}/volunteers/import`);
    await page.locator('input[type=file]').setInputFiles(sheet);
    const mapping = page.getByTestId('import-mapping');
    await mapping.getByText('手机号').first().waitFor();
    await screenshot(page, 'volunteers-import-mapping');
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-outcomes').waitFor();
    expect(await page.getByTestId('import-progress').getAttribute('data-percent')).toBe('100');
    await screenshot(page, 'volunteers-import-outcomes');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-report').click()]);
    expect(download.suggestedFilename()).toBe('志愿者名单.report.csv');
    const rows = csvRows(readFileSync((await download.path())!));
    expect(rows).toEqual([
      ['行号', '姓名', '手机号', '结果', '列', '原因'],
      ['3', '王芳', '1234', '未通过', '手机号', await rowMessage('1234')],
      ['4', '李强', expect.any(String), '表格有误', '党员', '党员一栏“也许”无法识别：请填 是/否（或 Y/N、1/0）。'],
    ]);
    const { volunteers } = await admin.ok(VolunteersDocument, { organizationId: org.id, first: 50 });
    expect(volunteers.edges.map((e) => e.node.name).sort()).toEqual(['林秀英', '陈明', '黄丽'].sort());
  });
});

describe('hours and certificates in the console', () => {
  it('shows the period\'s tallies as a chart and a table', async () => {
    await page.goto(`${origin}/hours`);
    await page.getByTestId('tally-group').getByText('按岗位').click();
    const table = page.getByTestId('tally-table');
    await table.getByText('卡口值守').waitFor();
    await table.getByText('消杀').waitFor();
    expect(await page.getByTestId('tally-chart').locator('canvas').count()).toBe(1);
    await screenshot(page, 'hours-tally-by-duty');
  });

  it('issues a certificate whose PDF names the volunteer', async () => {
    await page.goto(`${origin}/hours?tab=certificates`);
    const select = page.getByTestId('certificate-volunteer');
    await select.click();
    await page.keyboard.type('林秀英');
    await page.locator('.ant-select-item-option').filter({ hasText: '林秀英' }).click();
    const ends = page.locator('.ant-picker-range input');
    await ends.nth(0).click();
    await ends.nth(0).fill(shanghaiDay(-10));
    await ends.nth(1).click();
    await ends.nth(1).fill(shanghaiDay(0));
    await ends.nth(1).press('Enter');
    await page.getByTestId('certificate-issue').click();
    const pdfLink = page.getByTestId('certificates').locator('a[data-testid^="certificate-pdf-"]').first();
    await pdfLink.waitFor();
    await screenshot(page, 'hours-certificate-issued');

    // The link opens in a new tab (Chromium may save the PDF instead of showing it): read what it points at.
    const href = (await pdfLink.getAttribute('href'))!;
    const [opened] = await Promise.all([context.waitForEvent('page'), pdfLink.click()]);
    await opened.close();
    const response = await page.request.get(new URL(href, origin).href);
    const bytes = await response.body();
    expect(response.headers()['content-type']).toContain('application/pdf');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await pdfText(new Uint8Array(bytes))).toContain('林秀英');
  });
});
