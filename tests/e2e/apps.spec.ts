import { expect, test } from '@playwright/test';
import { loginAsAdmin, pairAs } from './support/auth';

// Each of the four apps renders with data that came from the back end, in Vietnamese.
test('counter shows its services from the hall configuration', async ({ page }) => {
  await loginAsAdmin(page);
  await page.goto('/#/counter');
  await expect(page.getByTestId('counter-title')).toHaveText('Quầy 1');
  await expect(page.getByTestId('counter-services')).toContainText('Hộ tịch');
  await expect(page.getByTestId('counter-services')).toContainText('Chứng thực');
  await page.screenshot({ path: test.info().outputPath('counter.png'), fullPage: true });
});

test('kiosk offers every active service as a large button', async ({ page }) => {
  await pairAs(page, 'kiosk');
  await page.goto('/#/kiosk');
  await expect(page.getByRole('heading', { name: 'Xin mời chọn lĩnh vực' })).toBeVisible();
  await expect(page.getByTestId('kiosk-services').getByRole('button')).toHaveCount(6);
  await expect(page.getByTestId('kiosk-services')).toContainText('Đất đai – Xây dựng');
  await page.screenshot({ path: test.info().outputPath('kiosk.png'), fullPage: true });
});

test('display board lists the hall’s counters', async ({ page }) => {
  await pairAs(page, 'display');
  await page.goto('/#/display');
  await expect(page.getByTestId('display-counters')).toContainText('Quầy 6');
  await page.screenshot({ path: test.info().outputPath('display.png'), fullPage: true });
});

test('supervisor sees device health and adds a service that reaches the kiosk live', async ({ page, browser }) => {
  await loginAsAdmin(page);
  await page.goto('/#/supervisor');
  await expect(page.getByTestId('health-checks')).toContainText('Cơ sở dữ liệu');
  await page.getByRole('tab', { name: 'Sảnh và quầy' }).click();
  await expect(page.getByTestId('services-table')).toContainText('Hộ tịch');

  const kiosk = await browser.newPage();
  await pairAs(kiosk, 'kiosk');
  await kiosk.goto('/#/kiosk');
  await expect(kiosk.getByTestId('kiosk-services').getByRole('button')).toHaveCount(6);

  await page.getByPlaceholder('Tên').fill('Tư pháp');
  await page.getByPlaceholder('Tiền tố số').fill('G');
  await page.getByRole('button', { name: 'Thêm lĩnh vực' }).click();
  await expect(page.getByText('Đã lưu')).toBeVisible();
  await expect(page.getByTestId('services-table')).toContainText('Tư pháp');
  // The kiosk learns of the new service over the WebSocket, without reloading.
  await expect(kiosk.getByTestId('kiosk-services')).toContainText('Tư pháp');

  // A duplicate prefix is refused with a Vietnamese message, not a stack trace.
  await page.getByPlaceholder('Tên').fill('Trùng');
  await page.getByPlaceholder('Tiền tố số').fill('G');
  await page.getByRole('button', { name: 'Thêm lĩnh vực' }).click();
  await expect(page.getByText('Tiền tố "G" đã dùng cho lĩnh vực "Tư pháp".')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('supervisor.png'), fullPage: true });
  await kiosk.close();
});
