import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN, pairAs } from './support/auth';
import { SIZES } from './support/axe';
import { killHard, startHub, type RunningHub } from './support/hub';

/** Runs in the page (the Node type-check has no DOM types). */
declare const document: { documentElement: { scrollHeight: number } };

// The hall TV (issue #13) on its real size. The restart and the 40 counters run on a hub of their own
// (E2E_PORT + 2), so the shared hub's hall stays as the other specs expect it.
test.use({ viewport: SIZES.display });

const PORT = Number(process.env.E2E_PORT ?? 4310) + 2;
let dir = '';
let hub: RunningHub | null = null;

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-e2e-display-'));
  hub = await startHub(PORT, dir);
});

test.afterAll(async () => {
  if (hub) await killHard(hub);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function headersFor(page: Page, base: string): Promise<{ authorization: string }> {
  const login = await page.request.post(`${base}/api/auth.login`, { data: ADMIN });
  return { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
}

async function callOne(page: Page, base: string, serviceId: string, counterId: string): Promise<string> {
  const headers = await headersFor(page, base);
  const issued = (await (await page.request.post(`${base}/api/queue.issueTicket`, { headers, data: { serviceId } })).json()) as {
    number: string;
  };
  const called = await page.request.post(`${base}/api/queue.callNext`, { headers, data: { counterId } });
  expect(called.status()).toBe(200);
  return issued.number;
}

test('the board fills the TV: the latest call at 15 % of the height or more, clock, agency, SVG speaker', async ({ page }) => {
  const base = hub?.url ?? '';
  await pairAs(page, 'display', 'TV sảnh', base);
  await page.goto(`${base}/#/display`);
  await expect(page.getByTestId('display-counters')).toContainText('Quầy 6');
  const number = await callOne(page, base, 'dat-dai', 'quay-4');
  await expect(page.getByTestId('display-latest')).toContainText(number);
  await expect(page.getByTestId('display-speaking')).toContainText(number);

  // Repro #13: numbers were ~60 px on 1080 px.
  const latest = await page.getByTestId('display-latest').getByText(number, { exact: true }).boundingBox();
  expect(latest?.height ?? 0).toBeGreaterThanOrEqual(SIZES.display.height * 0.15);
  // Repro #13: the grid used about a third of the screen. Its cells reach the lower part of the TV.
  const grid = await page.getByTestId('display-counters').boundingBox();
  expect((grid?.y ?? 0) + (grid?.height ?? 0)).toBeGreaterThan(SIZES.display.height * 0.8);
  expect(grid?.height ?? 0).toBeGreaterThan(SIZES.display.height * 0.35);
  const cell = await page.getByTestId('display-current-quay-4').boundingBox();
  expect(cell?.height ?? 0).toBeGreaterThanOrEqual(80);

  await expect(page.getByTestId('display-clock')).toContainText(/\d{2}:\d{2}/);
  await expect(page.locator('.display-agency')).not.toBeEmpty();
  // Repro #13: the speaker was the 🔊 emoji, a box on many TV browsers.
  await expect(page.getByTestId('display-voice').locator('svg')).toHaveCount(1);
  expect(await page.getByTestId('display-voice').innerText()).not.toContain('🔊');
  // No document scroll on a TV: everything fits the screen.
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(SIZES.display.height);
});

// Repro #13: the board stayed on "Đã xảy ra lỗi: Máy chủ trả lời lỗi 503. [Thử lại]" until someone touched it.
test('after a 503 the board recovers by itself within 10 s, with no button to press', async ({ page }) => {
  const base = hub?.url ?? '';
  await pairAs(page, 'display', 'TV sảnh 503', base);
  let refusals = 3;
  await page.route('**/api/hall.config', async (route) => {
    if (refusals-- > 0)
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ code: 'unavailable', message: 'Máy chủ trả lời lỗi 503.' }),
      });
    else await route.fallback();
  });
  await page.goto(`${base}/#/display`);
  await expect(page.getByTestId('display-reconnecting')).toBeVisible();
  await expect(page.getByRole('button')).toHaveCount(0);
  await expect(page.getByTestId('display-counters')).toContainText('Quầy 1', { timeout: 10_000 });
  await expect(page.getByTestId('display-reconnecting')).toHaveCount(0);
});

test('across a hub restart (kill -9) the board is back within 10 s and shows the next call', async ({ page }) => {
  test.setTimeout(90_000);
  const base = hub?.url ?? '';
  await pairAs(page, 'display', 'TV sảnh restart', base);
  await page.goto(`${base}/#/display`);
  await expect(page.getByTestId('display-counters')).toContainText('Quầy 1');
  if (hub) await killHard(hub);
  await expect(page.getByTestId('display-reconnecting')).toBeVisible({ timeout: 10_000 });
  // Down for a few seconds, as a restart is.
  await page.waitForTimeout(3000);
  hub = await startHub(PORT, dir);
  const back = Date.now();
  await expect(page.getByTestId('display-reconnecting')).toHaveCount(0, { timeout: 10_000 });
  expect(Date.now() - back).toBeLessThanOrEqual(10_000);
  await expect(page.getByRole('button')).toHaveCount(0);
  const number = await callOne(page, hub.url, 'ho-tich', 'quay-1');
  await expect(page.getByTestId('display-current-quay-1')).toHaveText(number, { timeout: 5000 });
});

test('40 counters are shown page by page, every page filling the screen', async ({ page }) => {
  test.setTimeout(90_000);
  const base = hub?.url ?? '';
  const headers = await headersFor(page, base);
  for (let n = 7; n <= 40; n++) {
    const saved = await page.request.post(`${base}/api/hall.saveCounter`, {
      headers,
      data: { number: n, name: `Quầy ${n}`, serviceIds: ['ho-tich'] },
    });
    expect(saved.status()).toBe(200);
  }
  await pairAs(page, 'display', 'TV sảnh 40', base);
  await page.clock.install();
  await page.goto(`${base}/#/display`);
  const grid = page.getByTestId('display-counters');
  await expect(grid).toHaveAttribute('data-pages', '3');
  await expect(grid.locator('.display-cell')).toHaveCount(14);
  await expect(grid).toContainText('Quầy 1');
  const box = await grid.boundingBox();
  expect((box?.y ?? 0) + (box?.height ?? 0)).toBeGreaterThan(SIZES.display.height * 0.8);
  for (const cell of await grid.locator('.display-cell').all()) {
    const b = await cell.boundingBox();
    expect(b?.height ?? 0).toBeGreaterThanOrEqual(120);
  }
  await page.clock.fastForward(9_000);
  await expect(grid).toHaveAttribute('data-page', '2');
  await expect(grid).toContainText('Quầy 28');
  await page.clock.fastForward(8_000);
  await expect(grid).toHaveAttribute('data-page', '3');
  await expect(grid).toContainText('Quầy 40');
  await expect(grid.locator('.display-cell')).toHaveCount(12);
});
