import { expect, test } from '@playwright/test';
import { loginAsAdmin } from './support/auth';

// The whole counter flow in demo mode: simulated scanner → pages → PDF signed with the DEMO certificate → verification.
test('counter digitizes with the demo scanner, signs with the demo certificate and verifies', async ({ page }) => {
  await loginAsAdmin(page);
  await page.goto('/#/counter');
  await page.getByRole('tab', { name: 'Số hóa' }).click();
  const panel = page.getByTestId('digitize-panel');
  await expect(panel).toContainText('máy quét mô phỏng (DEMO)');

  // A profile below 200 dpi is warned against (digitized-copy rule), then put back.
  await page.getByTestId('profile-resolution').selectOption('150');
  await expect(page.getByTestId('profile-warning')).toContainText('200 dpi');
  await page.getByTestId('profile-resolution').selectOption('200');
  await expect(page.getByTestId('profile-warning')).toHaveCount(0);

  await panel.getByLabel('Nguồn giấy').selectOption('feeder');
  await page.getByRole('button', { name: 'Quét', exact: true }).click();
  await expect(page.getByTestId('digitize-page')).toHaveCount(3);
  await expect(page.getByTestId('digitize-page').nth(2)).toContainText('Trang trắng?');

  // Rotate the first page, delete the blank one, reorder by drag.
  await page.getByTestId('digitize-page').nth(0).getByTitle('Xoay 90°').click();
  await expect(page.getByTestId('digitize-page').nth(0).locator('img')).toHaveAttribute('style', /rotate\(90deg\)/);
  await page.getByTestId('digitize-page').nth(2).getByTitle('Xóa trang').click();
  await expect(page.getByTestId('digitize-page')).toHaveCount(2);
  await page.getByTestId('digitize-page').nth(1).dragTo(page.getByTestId('digitize-page').nth(0));
  await expect(page.getByTestId('digitize-page').nth(1).locator('img')).toHaveAttribute('style', /rotate\(90deg\)/);

  // Demo signing session (no token on this machine's web mode), then a signed PDF.
  await page.getByTestId('signing-token').selectOption('demo');
  await page.getByRole('button', { name: 'Bắt đầu phiên ký' }).click();
  await expect(page.getByTestId('signing-session')).toContainText('DEMO');
  await panel.getByLabel('Ký số bản sao').check();
  await page.getByRole('button', { name: 'Tạo PDF' }).click();
  await expect(page.getByTestId('built-list')).toContainText('Đã ký');
  await page.getByTestId('built-list').getByRole('button', { name: 'Kiểm tra' }).click();
  await expect(page.getByTestId('signature-table')).toContainText('✔ nguyên vẹn');
  await expect(page.getByTestId('signature-table')).toContainText('DEMO');
  await page.screenshot({ path: test.info().outputPath('digitize.png'), fullPage: true });

  // The signed copy is attached to a dossier component straight from the reception tab.
  await page.getByRole('tab', { name: 'Tiếp nhận' }).click();
  await page.getByTestId('procedure-search').fill('xac nhan tinh trang hon');
  await expect(page.getByTestId('procedure-list')).toContainText('Cấp Giấy xác nhận tình trạng hôn nhân');
  await page.getByTestId('procedure-search').press('Enter');
  const fromScan = page.locator('[data-testid^="component-scan-"]').first();
  await expect(fromScan.locator('option')).toHaveCount(2);
  await expect(fromScan).toContainText('đã ký số');
  await fromScan.selectOption({ index: 1 });
  await expect(page.locator('[data-testid^="component-file-"]').first()).toHaveText(/\.pdf$/);
});

test('verification view: a damaged signed PDF is reported', async ({ page, request }) => {
  const auth = await loginAsAdmin(page);
  // A signed PDF made through the API, then one byte flipped.
  const batch = await (await request.post('/api/digitize.createBatch', { headers: auth, data: { name: 'API' } })).json();
  await request.post('/api/digitize.scan', { headers: auth, data: { batchId: batch.id } });
  await expect
    .poll(
      async () => (await (await request.post('/api/digitize.batch', { headers: auth, data: { batchId: batch.id } })).json()).pages.length,
    )
    .toBe(1);
  const session = await (await request.post('/api/signing.openSession', { headers: auth, data: { demo: true } })).json();
  const built = await (
    await request.post('/api/digitize.build', {
      headers: auth,
      data: { batchId: batch.id, title: 'API', sign: { sessionId: session.sessionId } },
    })
  ).json();
  const file = await (await request.post('/api/files.get', { headers: auth, data: { sha256: built.sha256 } })).json();
  const bytes = Buffer.from(file.base64, 'base64');

  await page.goto('/#/counter');
  await page.getByRole('tab', { name: 'Kiểm tra chữ ký' }).click();
  await page.getByTestId('verify-file').setInputFiles({ name: 'ok.pdf', mimeType: 'application/pdf', buffer: bytes });
  await expect(page.getByTestId('verify-summary')).toHaveText('Mọi chữ ký đều nguyên vẹn.');

  const damaged = Buffer.from(bytes);
  const at = damaged.indexOf('stream') + 100;
  damaged[at] = (damaged[at] ?? 0) ^ 0xff;
  await page.getByTestId('verify-file').setInputFiles({ name: 'bad.pdf', mimeType: 'application/pdf', buffer: damaged });
  await expect(page.getByTestId('verify-summary')).toContainText('KHÔNG HỢP LỆ');
  await expect(page.getByTestId('signature-table')).toContainText('bị sửa đổi');
});

test('import by file picker, split into two components, sign both with one session and a progress bar', async ({ page }) => {
  await loginAsAdmin(page);
  await page.goto('/#/counter');
  await page.getByRole('tab', { name: 'Số hóa' }).click();
  // A two-page PDF, written by hand below.
  const pdf = minimalPdf(2);
  await page.getByTestId('digitize-file').setInputFiles({ name: 'giay-to.pdf', mimeType: 'application/pdf', buffer: pdf });
  await expect(page.getByTestId('digitize-page')).toHaveCount(2);
  await expect(page.getByTestId('digitize-page').nth(0)).toContainText('PDF 1');

  // Split before page 2: the second part becomes its own PDF right away.
  await page.getByTestId('digitize-page').nth(1).getByTitle('Tách thành tài liệu mới từ trang này').click();
  await expect(page.getByTestId('digitize-page')).toHaveCount(1);
  await page.getByRole('button', { name: 'Tạo PDF' }).click();
  await expect(page.getByTestId('built-list').locator('tr')).toHaveCount(2);
  await expect(page.getByTestId('built-list')).not.toContainText('Đã ký');

  await page.getByTestId('signing-token').selectOption('demo');
  await page.getByRole('button', { name: 'Bắt đầu phiên ký' }).click();
  await page.getByTestId('sign-all').click();
  await expect(page.getByTestId('sign-progress')).toHaveAttribute('value', '2');
  await expect(page.getByTestId('built-list').getByText('Đã ký')).toHaveCount(2);
});

/** A small valid PDF with `pages` empty A6 pages and a correct xref table. */
function minimalPdf(pages: number): Buffer {
  const objects: string[] = [];
  const kids = Array.from({ length: pages }, (_, i) => `${3 + i} 0 R`).join(' ');
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  for (let i = 0; i < pages; i++) objects.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 298 420] >>');
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
