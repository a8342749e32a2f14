import { expect, test } from '@playwright/test';
import { ADMIN } from './support/auth';

test('a stranger gets only the login page; a wrong password is refused in Vietnamese; the right one opens the counter', async ({
  page,
}) => {
  await page.goto('/#/counter');
  await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
  await expect(page.getByTestId('counter-title')).toHaveCount(0);

  await page.getByLabel('Tên đăng nhập').fill(ADMIN.username);
  await page.getByLabel('Mật khẩu').fill('không phải mật khẩu');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('alert')).toContainText('Sai tên đăng nhập hoặc mật khẩu.');

  await page.getByLabel('Mật khẩu').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByTestId('counter-title')).toHaveText('Quầy 1');
  await expect(page.getByTestId('user-badge')).toContainText('Quản trị viên');
  await page.screenshot({ path: test.info().outputPath('login.png'), fullPage: true });

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
});

test('a display pairs with the code from the supervisor screen, and is cut off when revoked', async ({ page, browser }) => {
  // Supervisor logs in through the UI and creates a code.
  await page.goto('/#/supervisor');
  await page.getByLabel('Tên đăng nhập').fill(ADMIN.username);
  await page.getByLabel('Mật khẩu').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('tab', { name: 'Ghép nối thiết bị' }).click();
  await page.getByLabel('Loại thiết bị').selectOption('display');
  await page.getByPlaceholder('Tên thiết bị').fill('TV sảnh tầng 1');
  await page.getByRole('button', { name: 'Tạo mã ghép nối' }).click();
  const code = (await page.getByTestId('pairing-code').locator('.big-code').textContent()) ?? '';
  expect(code).toMatch(/^\d{4} \d{4}$/);

  // The TV knows nothing yet: it gets the pairing page and nothing else.
  const tv = await browser.newPage();
  await tv.goto('/#/display');
  await expect(tv.getByRole('heading', { name: 'Ghép nối thiết bị với máy chủ sảnh' })).toBeVisible();
  await expect(tv.getByTestId('display-counters')).toHaveCount(0);
  await tv.getByLabel('Mã ghép nối').fill(code);
  await tv.getByRole('button', { name: 'Ghép nối' }).click();
  await expect(tv.getByTestId('display-counters')).toContainText('Quầy 6');
  await tv.screenshot({ path: test.info().outputPath('paired-display.png'), fullPage: true });

  // The supervisor sees it online and revokes it: the TV drops back to the pairing page by itself.
  const row = page.getByTestId('devices-table').getByRole('row', { name: /TV sảnh tầng 1/ });
  await expect(row).toContainText('Đang kết nối');
  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: 'Thu hồi' }).click();
  await expect(row).toContainText('Đã thu hồi');
  await expect(tv.getByRole('heading', { name: 'Ghép nối thiết bị với máy chủ sảnh' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('devices.png'), fullPage: true });

  // Every action above is in the audit trail, and the chain verifies.
  await page.getByRole('tab', { name: 'Nhật ký' }).click();
  await expect(page.getByTestId('audit-verification')).toContainText('Nhật ký nguyên vẹn');
  // In words since issue 13 (the raw codes device.revoke / device.pair were shown before).
  await expect(page.getByTestId('audit-table')).toContainText('thu hồi thiết bị');
  await expect(page.getByTestId('audit-table')).toContainText('ghép nối thiết bị');
  await page.screenshot({ path: test.info().outputPath('audit.png'), fullPage: true });
  await tv.close();
});

test('an admin creates an officer; the officer must replace the one-time password and cannot open the supervisor pages', async ({
  page,
  browser,
}) => {
  await page.goto('/#/supervisor');
  await page.getByLabel('Tên đăng nhập').fill(ADMIN.username);
  await page.getByLabel('Mật khẩu').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('tab', { name: 'Tài khoản' }).click();
  await page.getByPlaceholder('Tên đăng nhập').fill('lan.tran');
  await page.getByPlaceholder('Họ và tên').fill('Trần Thị Lan');
  await page.getByRole('button', { name: 'Thêm tài khoản' }).click();
  const oneTime = (await page.getByTestId('one-time-password').locator('.big-code').textContent()) ?? '';
  expect(oneTime).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  await expect(page.getByTestId('accounts-table')).toContainText('Trần Thị Lan');

  const officer = await browser.newPage();
  await officer.goto('/#/counter');
  await officer.getByLabel('Tên đăng nhập').fill('lan.tran');
  await officer.getByLabel('Mật khẩu').fill(oneTime);
  await officer.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(officer.getByRole('heading', { name: 'Đặt mật khẩu mới' })).toBeVisible();
  await officer.getByLabel('Mật khẩu hiện tại').fill(oneTime);
  await officer.getByLabel('Mật khẩu mới', { exact: true }).fill('mật khẩu của Lan 2026');
  await officer.getByLabel('Nhập lại mật khẩu mới').fill('mật khẩu của Lan 2026');
  await officer.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await expect(officer.getByTestId('counter-title')).toHaveText('Quầy 1');
  await expect(officer.getByTestId('user-badge')).toContainText('Trần Thị Lan (Cán bộ)');

  await officer.goto('/#/supervisor');
  await expect(officer.getByRole('alert')).toContainText('Trang này chỉ dành cho giám sát và quản trị.');
  await officer.screenshot({ path: test.info().outputPath('officer-no-supervisor.png'), fullPage: true });
  await officer.close();
});
