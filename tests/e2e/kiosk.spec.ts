import { expect, test, type Page } from '@playwright/test';
import { pairAs } from './support/auth';
import { SIZES, tabUntil } from './support/axe';
import { scanWedge } from './support/scanner';

// The kiosk on its real portrait touch screen (issues #17 and #13). Tickets are for Cư trú: no other spec calls
// that service, so they never stand in front of another spec's ticket on the shared hub.
test.use({ viewport: SIZES.kiosk });

const CCCD_YOUNG = '079190001234|025123456|Trần Thị Bình|01021990|Nữ|12 Lê Lợi, TP. Hồ Chí Minh|15082021';

async function openKiosk(page: Page): Promise<void> {
  await pairAs(page, 'kiosk');
  await page.goto('/#/kiosk');
  // Other specs on the same hub may have added services: wait for a known one.
  await expect(page.locator('[data-service-id="cu-tru"]')).toBeVisible();
  await page.waitForLoadState('networkidle');
}

function focusedIs(page: Page, selector: string): () => Promise<boolean> {
  return () =>
    page
      .locator(selector)
      .evaluate((el) => el.ownerDocument.activeElement === el, undefined, { timeout: 1000 })
      .catch(() => false);
}

// Repro #17: the hidden scanner input took the focus back within 100 ms, so Tab and Enter never reached a tile.
test('a ticket is taken with the keyboard alone', async ({ page }) => {
  await openKiosk(page);
  await tabUntil(page, focusedIs(page, '[data-service-id="cu-tru"]'));
  // The focus stays where the user put it (the old scanner field pulled it back).
  await page.waitForTimeout(300);
  await expect(page.locator('[data-service-id="cu-tru"]')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Quý vị có thuộc diện ưu tiên không?' })).toBeFocused();
  await tabUntil(page, focusedIs(page, '[data-testid="kiosk-priority-none"]'));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('kiosk-number')).toHaveText(/^C\d{3}$/);
  await expect(page.getByRole('heading', { name: 'Số thứ tự của quý vị' })).toBeFocused();
  await tabUntil(page, () =>
    page.getByRole('button', { name: 'Xong' }).evaluate((el) => el.ownerDocument.activeElement === el, undefined, { timeout: 1000 }),
  );
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('kiosk-services')).toBeVisible();
});

test('a scanner burst is read while a tile has the focus, and never presses that tile', async ({ page }) => {
  await openKiosk(page);
  await tabUntil(page, focusedIs(page, '[data-service-id="cu-tru"]'));
  await scanWedge(page, CCCD_YOUNG);
  await expect(page.getByTestId('kiosk-citizen')).toContainText('Trần Thị Bình');
  await expect(page.getByTestId('kiosk-services')).toBeVisible();
  await expect(page.getByTestId('kiosk-priority')).toHaveCount(0);
});

// Repro #13: priority had to be picked before the tile, and the ticket did not say "Ưu tiên".
test('priority is chosen after the service and the ticket says "Ưu tiên"', async ({ page }) => {
  await openKiosk(page);
  await page
    .getByTestId('kiosk-services')
    .getByRole('button', { name: /Cư trú/ })
    .click();
  await page.getByTestId('kiosk-priority').getByRole('button', { name: 'Người khuyết tật' }).click();
  await expect(page.getByTestId('kiosk-number')).toHaveText(/^C\d{3}$/);
  await expect(page.getByTestId('kiosk-ticket-priority')).toHaveText('Ưu tiên: Người khuyết tật');
});

// Repro #13: a bad card read showed the parser's «cần ít nhất 7 trường ngăn bởi "|"».
test('a bad card read gets a plain message, never the parser’s words', async ({ page }) => {
  await openKiosk(page);
  await scanWedge(page, '079090001234|Trần Thị Bình|hỏng mất');
  await expect(page.getByTestId('kiosk-message')).toHaveText(/^Không đọc được thẻ\./);
  await expect(page.getByTestId('kiosk-message')).not.toContainText('"|"');
});

// Repro #15: a wedge reader that lost the tone marks typed a Latin-only name, which the kiosk took as the citizen's.
test('a read whose Vietnamese letters came through broken is refused with the plain message', async ({ page }) => {
  await openKiosk(page);
  await scanWedge(page, '079090001234||Tran Thi Binh|01011990|Nu|So 1 Nguyen Hue, Quan 1|01012021');
  await expect(page.getByTestId('kiosk-message')).toHaveText(/^Không đọc được thẻ\./);
  await expect(page.getByTestId('kiosk-citizen')).toHaveCount(0);
});

// Repro #13: the tiles used about a third of the screen.
test('the tiles fill the portrait screen and every target is far above 15 mm', async ({ page }) => {
  await openKiosk(page);
  const grid = await page.getByTestId('kiosk-services').boundingBox();
  expect(grid).not.toBeNull();
  expect((grid?.y ?? 0) + (grid?.height ?? 0)).toBeGreaterThan(SIZES.kiosk.height * 0.9);
  expect(grid?.width ?? 0).toBeGreaterThan(SIZES.kiosk.width * 0.85);
  // 15 mm on a 55" 1080p panel (the largest a kiosk would use) is about 24 px; on 32" about 41 px.
  for (const tile of await page.getByTestId('kiosk-services').getByRole('button').all()) {
    const box = await tile.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(200);
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(400);
  }
  await page
    .getByTestId('kiosk-services')
    .getByRole('button', { name: /Cư trú/ })
    .click();
  for (const button of await page.getByTestId('kiosk-priority').getByRole('button').all()) {
    const box = await button.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(140);
  }
});

test('the kiosk returns to its start screen after 20 s without a touch', async ({ page }) => {
  await page.clock.install();
  await openKiosk(page);
  await page
    .getByTestId('kiosk-services')
    .getByRole('button', { name: /Cư trú/ })
    .click();
  await page.getByTestId('kiosk-priority-none').click();
  await expect(page.getByTestId('kiosk-number')).toBeVisible();
  await page.clock.fastForward(19_000);
  await expect(page.getByTestId('kiosk-number')).toBeVisible();
  await page.clock.fastForward(2_000);
  await expect(page.getByTestId('kiosk-services')).toBeVisible();
  // Half-way through (service chosen, priority not yet): the same.
  await page
    .getByTestId('kiosk-services')
    .getByRole('button', { name: /Cư trú/ })
    .click();
  await expect(page.getByTestId('kiosk-priority')).toBeVisible();
  await page.clock.fastForward(21_000);
  await expect(page.getByTestId('kiosk-services')).toBeVisible();
});
