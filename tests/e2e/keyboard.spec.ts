import { expect, test, type Locator, type Page } from '@playwright/test';
import { ADMIN } from './support/auth';
import { SIZES, tabUntil } from './support/axe';
import { scanPdf } from '../support/scan-pdf';

// Keyboard-only walks at the counter's real size (issue #17). No mouse: Tab, arrows, Enter, Space, shortcuts.
test.use({ viewport: SIZES.counter });

const QR = '079090001234|025123456|Nguyễn Văn An|01021990|Nam|12 Lê Lợi, Phường Bến Thành, TP. Hồ Chí Minh|15082021||';

function isFocused(locator: Locator): () => Promise<boolean> {
  return () => locator.evaluate((el) => el.ownerDocument.activeElement === el, undefined, { timeout: 1000 }).catch(() => false);
}

async function loginWithKeyboard(page: Page): Promise<void> {
  await page.goto('/#/counter');
  await expect(page.getByRole('textbox', { name: 'Tên đăng nhập' })).toBeFocused();
  await page.keyboard.type(ADMIN.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(ADMIN.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('counter-title')).toBeVisible();
}

/** Whether the element is inside the visible part of its scrolling list. */
async function visibleInList(option: Locator): Promise<boolean> {
  return option.evaluate((el) => {
    const list = el.closest('[role="listbox"]');
    if (!list) return false;
    const a = el.getBoundingClientRect();
    const b = list.getBoundingClientRect();
    return a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
  });
}

test('the officer calls, receives, prints and finishes with the keyboard alone', async ({ page }) => {
  test.setTimeout(90_000);
  const login = await page.request.post('/api/auth.login', { data: ADMIN });
  const headers = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
  const ticket = (await (await page.request.post('/api/queue.issueTicket', { headers, data: { serviceId: 'ho-tich' } })).json()) as {
    number: string;
  };
  await loginWithKeyboard(page);
  // Repro #13: an editable "Cán bộ" field sat on the form although the logged-in officer is what is recorded.
  await expect(page.getByTestId('officer')).toHaveCount(0);
  await expect(page.getByLabel('Cán bộ', { exact: true })).toHaveCount(0);

  // Call
  await tabUntil(page, isFocused(page.getByRole('button', { name: /Gọi số tiếp theo/ })), 80);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('serving-ticket')).toContainText(ticket.number);

  // Receive: the procedure combobox. Repro #17: after eleven ArrowDown presses option 12 was selected but
  // the list stayed scrolled to the top, and nothing told a screen reader which option was active.
  const search = page.getByRole('combobox', { name: /Tìm thủ tục/ });
  await tabUntil(page, isFocused(search), 80);
  const options = page.getByRole('listbox', { name: 'Thủ tục tìm được' }).getByRole('option');
  await expect(options).toHaveCount(12);
  for (let i = 0; i < 11; i++) await page.keyboard.press('ArrowDown');
  const twelfth = options.nth(11);
  await expect(twelfth).toHaveAttribute('aria-selected', 'true');
  await expect(search).toHaveAttribute('aria-activedescendant', (await twelfth.getAttribute('id')) ?? 'missing');
  expect(await visibleInList(twelfth)).toBe(true);
  await page.keyboard.type('xac nhan tinh trang hon');
  await expect(options.first()).toContainText('Cấp Giấy xác nhận tình trạng hôn nhân');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('procedure-chosen')).toContainText('1.004873');

  await expect(page.getByTestId('qr-input')).toBeFocused();
  await page.keyboard.type(QR);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('applicant-name')).toHaveValue('Nguyễn Văn An');
  await tabUntil(page, isFocused(page.getByTestId('applicant-phone')), 40);
  await page.keyboard.type('0912345678');
  for (const code of ['TP1', 'GT']) {
    await tabUntil(page, isFocused(page.getByTestId(`component-${code}`)), 40);
    await page.keyboard.press('Space');
    await expect(page.getByTestId(`component-${code}`)).toBeChecked();
  }
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('receipt')).toBeVisible();

  // Print
  await tabUntil(page, isFocused(page.getByTestId('print-os')), 80);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('print-message')).not.toBeEmpty();

  // Finish
  await tabUntil(page, isFocused(page.getByRole('button', { name: /Kết thúc/ })), 80);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('serving-ticket')).toContainText('Chưa gọi số nào');
});

// Repro #17: tabs had no tabpanel nor aria-controls, and the arrow keys did not move between them.
test('counter and supervisor tabs follow the WAI-ARIA tabs pattern', async ({ page }) => {
  await loginWithKeyboard(page);
  for (const [route, first, second] of [
    ['counter', 'Tiếp nhận', 'Tra cứu'],
    ['supervisor', 'Thiết bị', 'Sảnh và quầy'],
  ] as const) {
    await page.goto(`/#/${route}`);
    const tab = page.getByRole('tab', { name: first, exact: true });
    await tabUntil(page, isFocused(tab), 80);
    const panel = page.getByRole('tabpanel', { name: first });
    await expect(panel).toBeVisible();
    await expect(tab).toHaveAttribute('aria-controls', (await panel.getAttribute('id')) ?? 'missing');
    await page.keyboard.press('ArrowRight');
    const next = page.getByRole('tab', { name: second, exact: true });
    await expect(next).toBeFocused();
    await expect(next).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tabpanel', { name: second })).toBeVisible();
    // One Tab stop for the whole list: only the selected tab is in the Tab order.
    await expect(tab).toHaveAttribute('tabindex', '-1');
    await page.keyboard.press('ArrowLeft');
    await expect(tab).toBeFocused();
  }
});

/**
 * A picker is our Vietnamese button: the input is the label's own (its accessible name is the button's
 * text), the browser's "Choose File" box is not drawn, and Tab reaches it.
 */
async function expectVietnamesePicker(page: Page, picker: Locator, name: string): Promise<void> {
  await expect(picker).toHaveAccessibleName(name);
  const drawn = await picker.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const label = el.closest('label');
    return { width: box.width, label: label ? (label.textContent ?? '').trim() : null };
  });
  expect(drawn.width, `the browser's own file button is drawn for "${name}"`).toBeLessThanOrEqual(1);
  expect(drawn.label).toBe(name);
  await tabUntil(page, isFocused(picker), 120);
}

// Repro #17/#13: the "Nhập tệp" and "Chọn tệp" pickers were `hidden` inputs (no keyboard access), and the
// reception's was the browser's own "Choose File" button. Tra cứu (supplement, result), Đồng bộ (import the
// acknowledgement) and the signing box (signer and seal images) still had raw or hidden inputs.
test('every file picker has a Vietnamese button that the keyboard reaches', async ({ page }) => {
  test.setTimeout(90_000);
  await loginWithKeyboard(page);
  for (const [tab, testId, name] of [
    ['Số hóa', 'digitize-file', 'Nhập tệp (PDF, JPEG, PNG, TIFF)'],
    ['Kiểm tra chữ ký', 'verify-file', 'Chọn tệp PDF'],
  ] as const) {
    await page.getByRole('tab', { name: tab, exact: true }).click();
    await expectVietnamesePicker(page, page.getByTestId(testId), name);
  }

  // The signing box: signer and seal images, once a PDF is built and "as an original" is ticked.
  await page.getByRole('tab', { name: 'Số hóa', exact: true }).click();
  await page
    .getByTestId('digitize-file')
    .setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: scanPdf('keyboard pickers') });
  await expect(page.getByTestId('digitize-page')).toHaveCount(1);
  await page.getByRole('button', { name: 'Tạo PDF' }).click();
  await page.getByTestId('sign-original').check();
  await expectVietnamesePicker(page, page.getByTestId('signer-image'), 'Ảnh chữ ký (PNG)');
  await expectVietnamesePicker(page, page.getByTestId('seal-image'), 'Ảnh con dấu (PNG)');

  // Tra cứu: a received dossier's supplement and its result.
  const login = await page.request.post('/api/auth.login', { data: ADMIN });
  const headers = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
  const received = await page.request.post('/api/dossier.receive', {
    headers,
    data: {
      procedureCode: '1.004873',
      applicant: {
        kind: 'citizen',
        fullName: 'Phạm Thị Bàn Phím',
        idNumber: '079190002222',
        oldIdNumber: null,
        birthDate: '1990-02-01',
        sex: 'Nữ',
        address: '1 Lê Lợi',
        phone: '0912345678',
        email: '',
        taxCode: null,
        organizationName: null,
      },
      components: [
        { code: 'TP1', name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', originals: 1, copies: 0, sha256: null },
        { code: 'GT', name: 'Giấy tờ tùy thân của người nộp (căn cước / hộ chiếu) để đối chiếu', originals: 1, copies: 0, sha256: null },
      ],
      ticketId: null,
    },
  });
  expect(received.status(), await received.text()).toBe(200);
  const { code } = (await received.json()) as { code: string };
  await page.getByRole('tab', { name: 'Tra cứu', exact: true }).click();
  await page.getByTestId('search-input').fill(code);
  await page.getByTestId('results-search').getByText(code).click();
  await page.getByPlaceholder('Tên giấy tờ bổ sung').fill('Giấy tờ bổ sung');
  await expectVietnamesePicker(page, page.getByTestId('add-component-file'), 'Đính kèm tệp bổ sung (PDF, JPEG, PNG)');
  await expectVietnamesePicker(page, page.getByTestId('result-file'), 'Đính kèm tệp kết quả (PDF)');

  // Đồng bộ: the offline acknowledgement file.
  await page.goto('/#/supervisor');
  await page.getByRole('tab', { name: 'Đồng bộ', exact: true }).click();
  await expectVietnamesePicker(page, page.getByTestId('sync-import-ack'), 'Nhập tệp xác nhận');
});
