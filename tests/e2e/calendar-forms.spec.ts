import { expect, test } from '@playwright/test';
import { loginAsAdmin } from './support/auth';

// Issue 14: the supervisor sees where each day off comes from (the announcing document or the Labour
// Code rule) and imports next year's arrangement from a file; the counter records a postal delivery address.
// The imported year is 2031, a year no other spec reads (the specs share one server and its data).

const FILE_2031 = {
  announcements: [
    {
      document: { type: 'Thông báo', number: '88/TB-BNV', date: '2026-11-27', issuer: 'Bộ Nội vụ' },
      days: [
        { date: '2031-05-02', kind: 'off', reason: 'Nghỉ hoán đổi dịp 30/4–1/5/2031 (làm bù thứ Bảy 26/4)' },
        { date: '2031-04-26', kind: 'work', reason: 'Làm bù thứ Bảy cho ngày nghỉ hoán đổi 2/5/2031' },
      ],
    },
  ],
};

test('supervisor sees each day’s source and imports next year’s announced days from a file', async ({ page }) => {
  const auth = await loginAsAdmin(page);
  await page.goto('/#/supervisor');
  await page.getByRole('tab', { name: 'Lịch làm việc' }).click();
  await page.getByTestId('calendar-year').fill('2024');
  const days = page.getByTestId('calendar-days');
  await expect(days).toContainText('Thông báo 5015/TB-LĐTBXH ngày 22/11/2023 (Bộ Lao động - Thương binh và Xã hội)');
  await expect(days.getByRole('row').filter({ hasText: '18/04/2024' })).toContainText('Theo quy tắc Bộ luật Lao động');

  // A bad file is refused in Vietnamese and nothing is written.
  const bad = { announcements: [{ ...FILE_2031.announcements[0], days: [{ date: '2031-04-27', kind: 'off', reason: 'Chủ nhật' }] }] };
  await page
    .getByTestId('calendar-import')
    .setInputFiles({ name: 'sai.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await expect(page.getByRole('status')).toContainText('27/04/2031 là ngày nghỉ cuối tuần');

  await page
    .getByTestId('calendar-import')
    .setInputFiles({ name: 'lich-nghi-2031.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(FILE_2031)) });
  await expect(page.getByRole('status')).toContainText('2031');
  await page.getByTestId('calendar-year').fill('2031');
  await expect(days.getByRole('row').filter({ hasText: '26/04/2031' })).toContainText('Thông báo 88/TB-BNV ngày 27/11/2026 (Bộ Nội vụ)');
  const due = await (
    await page.request.post('/api/calendar.due', {
      headers: auth,
      data: { receivedAt: '2031-04-25T10:00:00+07:00', processing: { unit: 'days', value: 1 } },
    })
  ).json();
  expect(due).toEqual({ dueAt: '2031-04-26T10:00:00+07:00' });
  await page.screenshot({ path: test.info().outputPath('calendar-import.png'), fullPage: true });
});

test('reception by post records the delivery address given at the counter', async ({ page }) => {
  const auth = await loginAsAdmin(page);
  await page.goto('/#/counter');
  await page.getByTestId('procedure-search').fill('chung thuc chu ky trong cac giay to');
  await page.getByTestId('procedure-search').press('Enter');
  await expect(page.getByTestId('qr-input')).toBeFocused();
  await page.keyboard.type('001305012345||Trần Thị Bình|05112005|Nữ|Thôn Đông, Xã Yên Lãng, Hà Nội|20012022');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('applicant-name')).toHaveValue('Trần Thị Bình');
  await page.getByTestId('component-TP1').check();
  await page.getByTestId('component-GT').check();
  await expect(page.getByTestId('delivery-address')).toHaveCount(0);
  await page.getByLabel('Nhận kết quả').selectOption('post');
  await page.getByTestId('delivery-address').fill('Số 3 ngõ 5 phố Huế, Hà Nội');
  await page.getByTestId('receive').click();
  await expect(page.getByTestId('receipt')).toBeVisible();
  const code = (await page.getByTestId('dossier-code').textContent()) ?? '';
  const dossier = (await (await page.request.post('/api/dossier.get', { headers: auth, data: { code } })).json()) as {
    delivery: string;
    deliveryAddress: string | null;
  };
  expect(dossier).toMatchObject({ delivery: 'post', deliveryAddress: 'Số 3 ngõ 5 phố Huế, Hà Nội' });
  await page.screenshot({ path: test.info().outputPath('reception-post.png'), fullPage: true });
});
