import { expect, test } from '@playwright/test';
import { scanPdf } from '../support/scan-pdf';
import { loginAsAdmin } from './support/auth';

// Reception at the counter, driven from the keyboard as an officer would: the procedure by search, the applicant
// from the CCCD QR typed by a keyboard-wedge scanner, two components (one digitized PDF, one paper only),
// receive → the receipt (form 01) is produced, shown and sent to the printer; then the dossier is found
// without diacritics and its result is returned.
// It starts from the hall queue: the citizen's ticket is called at the counter and the dossier is linked to it.

const QR = '079090001234|025123456|Nguyễn Văn An|01021990|Nam|12 Lê Lợi, Phường Bến Thành, TP. Hồ Chí Minh|15082021||';

test('call a ticket, scan a CCCD QR, receive a dossier with two components, print the receipt, find it and return the result', async ({
  page,
}) => {
  const auth = await loginAsAdmin(page);
  const ticket = (await (await page.request.post('/api/queue.issueTicket', { headers: auth, data: { serviceId: 'ho-tich' } })).json()) as {
    id: string;
    number: string;
  };
  await page.goto('/#/counter');
  await page.getByRole('button', { name: /Gọi số tiếp theo/ }).click();
  await expect(page.getByTestId('serving-ticket')).toContainText(ticket.number);
  await expect(page.getByTestId('linked-ticket')).toHaveText(`Số thứ tự: ${ticket.number}`);
  await expect(page.getByRole('tab', { name: 'Tiếp nhận' })).toHaveAttribute('aria-selected', 'true');

  await page.getByTestId('procedure-search').click();
  await page.keyboard.type('xac nhan tinh trang hon');
  await expect(page.getByTestId('procedure-list')).toContainText('Cấp Giấy xác nhận tình trạng hôn nhân');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('procedure-chosen')).toContainText('1.004873');

  // A malformed scan is refused with a Vietnamese message; the focus is already in the QR field.
  await expect(page.getByTestId('qr-input')).toBeFocused();
  await page.keyboard.type('079090001234|Nguyễn Văn An');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('qr-message')).toContainText('thẻ căn cước có 7–12');
  await page.getByTestId('qr-input').fill('');
  // A wedge whose layout dropped the tone marks (issue #15): refused with how to set the reader, no name filled.
  await page.keyboard.type(
    QR.replace('Nguyễn Văn An', 'Nguyen Van An').replace('12 Lê Lợi, Phường Bến Thành', '12 Le Loi, Phuong Ben Thanh'),
    { delay: 1 },
  );
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('qr-message')).toContainText('mất dấu tiếng Việt');
  await expect(page.getByTestId('qr-message')).toContainText('HID-POS');
  await expect(page.getByTestId('applicant-name')).toHaveValue('');
  await page.getByTestId('qr-input').fill('');

  // The keyboard wedge types the QR text character by character and ends with Enter.
  await page.keyboard.type(QR, { delay: 2 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('qr-message')).toContainText('Nguyễn Văn An — 079090001234');
  await expect(page.getByTestId('applicant-name')).toHaveValue('Nguyễn Văn An');
  await expect(page.getByTestId('applicant-birth')).toHaveValue('01/02/1990');
  await expect(page.getByTestId('id-ok')).toContainText('TP. Hồ Chí Minh, Nam, 1990');
  await page.getByTestId('applicant-phone').fill('0912345678');

  // Component 1: a digitized PDF attached from a file; component 2: paper only.
  await page.getByTestId('component-upload-TP1').setInputFiles({
    // A real PDF: reception parses every attachment (issue #13).
    name: 'to-khai.pdf',
    mimeType: 'application/pdf',
    buffer: scanPdf('scanned declaration'),
  });
  await expect(page.getByTestId('component-file-TP1')).toHaveText('to-khai.pdf');
  await expect(page.getByTestId('receive')).toBeDisabled();
  await page.getByTestId('component-GT').check();
  await expect(page.getByTestId('due-preview')).not.toBeEmpty();
  await page.screenshot({ path: test.info().outputPath('reception-filled.png'), fullPage: true });

  await page.getByTestId('applicant-phone').press('Control+Enter');
  await expect(page.getByTestId('receipt')).toBeVisible();
  const code = (await page.getByTestId('dossier-code').textContent()) ?? '';
  expect(code).toMatch(/^000\.00\.12\.H56-\d{6}-\d{4}$/);

  // The receipt PDF is produced, stored with the dossier and shown.
  const frame = page.getByTestId('pdf-frame');
  await expect(frame).toBeVisible();
  expect(await frame.getAttribute('src')).toMatch(/^blob:/);
  const sha256 = (await page.getByTestId('pdf-preview').getAttribute('data-sha256')) ?? '';
  const stored = await page.request.post('/api/files.get', { headers: auth, data: { sha256 } });
  const pdf = Buffer.from(((await stored.json()) as { base64: string }).base64, 'base64');
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const dossier = (await (await page.request.post('/api/dossier.get', { headers: auth, data: { code } })).json()) as {
    ticketId: string | null;
    forms: { form: string; sha256: string }[];
    components: { digitization: number }[];
  };
  expect(dossier.ticketId).toBe(ticket.id);
  expect(dossier.forms).toEqual([expect.objectContaining({ form: '01', sha256 })]);
  expect(dossier.components.map((c) => c.digitization)).toEqual([1, 0]);
  // Print on the OS printer: this machine has no CUPS, so the answer is the Vietnamese "not installed" message.
  await page.getByTestId('print-os').click();
  await expect(page.getByTestId('print-message')).toContainText('Tệp PDF vẫn được lưu cùng hồ sơ');
  await page.screenshot({ path: test.info().outputPath('receipt.png'), fullPage: true });

  // Search as you type, without diacritics, then return the result.
  await page.getByRole('tab', { name: 'Tra cứu' }).click();
  await page.getByTestId('search-input').fill('nguyen van a');
  await expect(page.getByTestId('results-search')).toContainText(code);
  await page.getByTestId('results-search').getByText(code).click();
  await expect(page.getByTestId('dossier-detail')).toContainText('Được tiếp nhận');
  await page.getByTestId('result-name').fill('Giấy xác nhận tình trạng hôn nhân');
  await page.getByTestId('collected-by').fill('Nguyễn Văn An');
  await page.getByTestId('return-result').click();
  await expect(page.getByTestId('returned')).toContainText('Đã trả kết quả cho Nguyễn Văn An');
  await expect(page.getByTestId('history')).toContainText('Đã xử lý xong → Đã trả kết quả');
  await page.screenshot({ path: test.info().outputPath('returned.png'), fullPage: true });
});

test('supervisor sees the year’s days off with reasons and adds an announced day off', async ({ page }) => {
  const auth = await loginAsAdmin(page);
  await page.goto('/#/supervisor');
  await page.getByRole('tab', { name: 'Lịch làm việc' }).click();
  await page.getByTestId('calendar-year').fill('2027');
  await expect(page.getByTestId('calendar-days')).toContainText('Nghỉ bù Tết Nguyên đán (mùng 1)');
  await page.getByLabel('Ngày', { exact: true }).fill('12/02/2027');
  await page.getByPlaceholder('Lý do, nội dung').fill('Nghỉ thêm dịp Tết theo thông báo (làm bù thứ Bảy 20/2)');
  await page.getByRole('button', { name: 'Thêm' }).click();
  await expect(page.getByTestId('calendar-days')).toContainText('Nghỉ thêm dịp Tết theo thông báo');
  const due = await (
    await page.request.post('/api/calendar.due', {
      headers: auth,
      data: { receivedAt: '2027-02-04T10:00:00+07:00', processing: { unit: 'days', value: 2 } },
    })
  ).json();
  expect(due).toEqual({ dueAt: '2027-02-16T10:00:00+07:00' });
  await page.getByRole('tab', { name: 'Danh mục thủ tục' }).click();
  await expect(page.getByTestId('catalog-table')).toContainText('Đăng ký khai sinh');
  await page.screenshot({ path: test.info().outputPath('catalog.png'), fullPage: true });
});

test('refusal at the desk issues form 03 instead of a receipt', async ({ page }) => {
  const auth = await loginAsAdmin(page);
  await page.goto('/#/counter');
  await page.getByTestId('procedure-search').fill('chung thuc chu ky nguoi dich');
  await expect(page.getByTestId('procedure-list')).toContainText('Chứng thực chữ ký người dịch');
  await page.getByTestId('procedure-search').press('Enter');
  await expect(page.getByTestId('qr-input')).toBeFocused();
  await page.keyboard.type('001305012345||Trần Thị Bình|05112005|Nữ|Thôn Đông, Xã Yên Lãng, Hà Nội|20012022');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('applicant-name')).toHaveValue('Trần Thị Bình');
  await page.getByTestId('refusal-reason').fill('Bản dịch không kèm giấy tờ cần dịch');
  await page.getByTestId('refuse').click();
  await expect(page.getByRole('heading', { name: 'Đã từ chối tiếp nhận (mẫu 03)' })).toBeVisible();
  const code = (await page.getByTestId('dossier-code').textContent()) ?? '';
  const dossier = (await (await page.request.post('/api/dossier.get', { headers: auth, data: { code } })).json()) as {
    status: number;
    forms: { form: string }[];
  };
  expect(dossier.status).toBe(3);
  expect(dossier.forms.map((f) => f.form)).toEqual(['03']);
  await expect(page.getByTestId('pdf-frame')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('refusal.png'), fullPage: true });
});
