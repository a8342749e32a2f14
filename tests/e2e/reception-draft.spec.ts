import { expect, test, type Page } from '@playwright/test';
import { PDFDocument } from 'pdf-lib';
import { ADMIN, loginAsAdmin } from './support/auth';

// Issue #13 at the counter's own size (1366×768): the reception draft survives a tab switch, the idle lock and a
// restart, stays bound to its ticket, attachments are checked by content, and contract errors name their field.

test.use({ viewport: { width: 1366, height: 768 } });

const QR = '079090001234|025123456|Nguyễn Văn An|01021990|Nam|12 Lê Lợi, Phường Bến Thành, TP. Hồ Chí Minh|15082021||';

async function realPdf(pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]);
  return Buffer.from(await doc.save());
}

async function startDraft(page: Page): Promise<void> {
  await page.getByTestId('procedure-search').click();
  await page.keyboard.type('xac nhan tinh trang hon');
  await expect(page.getByTestId('procedure-list')).toContainText('Cấp Giấy xác nhận tình trạng hôn nhân');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('procedure-chosen')).toContainText('1.004873');
  await page.getByTestId('qr-input').fill(QR);
  await page.getByTestId('qr-input').press('Enter');
  await expect(page.getByTestId('applicant-name')).toHaveValue('Nguyễn Văn An');
  await page.getByTestId('applicant-phone').fill('0912345678');
}

async function expectDraftKept(page: Page): Promise<void> {
  await expect(page.getByTestId('procedure-chosen')).toContainText('1.004873');
  await expect(page.getByTestId('applicant-name')).toHaveValue('Nguyễn Văn An');
  await expect(page.getByTestId('applicant-id')).toHaveValue('079090001234');
  await expect(page.getByTestId('applicant-phone')).toHaveValue('0912345678');
}

/** Runs a DOM expression in the page (the Node type-check of the specs has no DOM types). */
async function inPage<T>(page: Page, expression: string): Promise<T> {
  return (await page.evaluate(expression)) as T;
}

async function logIn(page: Page): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill(ADMIN.username);
  await page.getByLabel('Mật khẩu').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByTestId('counter-title')).toBeVisible();
}

async function callNext(page: Page, number: string): Promise<void> {
  await page.getByRole('button', { name: /Gọi số tiếp theo/ }).click();
  await expect(page.getByTestId('serving-ticket')).toContainText(number);
}

test('repro: the draft was lost on a tab switch to Số hóa and back', async ({ page }) => {
  await loginAsAdmin(page);
  await page.goto('/#/counter');
  await startDraft(page);
  await page.getByRole('tab', { name: 'Số hóa' }).click();
  await expect(page.getByTestId('procedure-chosen')).toHaveCount(0);
  await page.getByRole('tab', { name: 'Tiếp nhận' }).click();
  await expectDraftKept(page);
});

test('repro: the draft was lost on an app restart', async ({ page }) => {
  await loginAsAdmin(page);
  await page.goto('/#/counter');
  await startDraft(page);
  await page.reload();
  await expectDraftKept(page);
});

test('repro: the idle lock dropped the draft; after logging in again it is back', async ({ page }) => {
  await page.clock.install();
  await page.goto('/#/counter');
  await logIn(page);
  await startDraft(page);
  // IDLE_LOCK_MINUTES is 10: the session ends and the page reloads on the login screen.
  await page.clock.fastForward('11:00');
  await expect(page.getByText('Màn hình đã tự khoá')).toBeVisible();
  await logIn(page);
  await expectDraftKept(page);
});

test('repro: an open draft re-linked to the next ticket called (chip A001 → B001)', async ({ page }) => {
  const auth = await loginAsAdmin(page);
  const issue = async () =>
    (await (await page.request.post('/api/queue.issueTicket', { headers: auth, data: { serviceId: 'ho-tich' } })).json()) as {
      id: string;
      number: string;
    };
  await page.goto('/#/counter');
  // Earlier specs of this run may have left tickets waiting: serve them away first.
  const first = await issue();
  const second = await issue();
  const serving = page.getByTestId('serving-ticket');
  // Seen once in a full run: after the first click nothing was served. The counter must show waiting tickets first.
  await expect(page.getByTestId('queue-waiting').getByRole('button')).not.toHaveCount(0);
  for (let i = 0; i < 20 && !(await serving.textContent())?.includes(first.number); i++) {
    const before = (await serving.textContent()) ?? '';
    await page.getByRole('button', { name: /Gọi số tiếp theo/ }).click();
    await expect(serving).not.toHaveText(before);
  }
  await expect(page.getByTestId('linked-ticket')).toHaveText(`Số thứ tự: ${first.number}`);
  await startDraft(page);
  await callNext(page, second.number);
  await expect(page.getByTestId('linked-ticket')).toHaveText(`Số thứ tự: ${first.number}`);
  await expect(page.getByTestId('ticket-mismatch')).toContainText(second.number);

  await page.getByTestId('component-GT').check();
  await page.getByTestId('component-TP1').check();
  await page.getByTestId('receive').click();
  const code = await page.getByTestId('dossier-code').textContent();
  const dossier = (await (await page.request.post('/api/dossier.get', { headers: auth, data: { code } })).json()) as {
    ticketId: string | null;
  };
  expect(dossier.ticketId).toBe(first.id);

  // Starting the next citizen is an explicit act, and that draft belongs to the ticket served now.
  await page.getByTestId('new-dossier').click();
  await expect(page.getByTestId('linked-ticket')).toHaveText(`Số thứ tự: ${second.number}`);
  await expect(page.getByTestId('procedure-search')).toBeVisible();
});

test('repro: a 0-byte empty.pdf and a renamed fake.pdf were accepted as "(đã số hóa)"', async ({ page }) => {
  const auth = await loginAsAdmin(page);
  await page.goto('/#/counter');
  await startDraft(page);
  await page.getByTestId('component-upload-TP1').setInputFiles({ name: 'empty.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) });
  await expect(page.getByTestId('component-error-TP1')).toContainText('Tờ khai');
  await expect(page.getByTestId('component-error-TP1')).toContainText('tệp rỗng');
  await expect(page.getByTestId('component-file-TP1')).toHaveCount(0);
  await page
    .getByTestId('component-upload-TP1')
    .setInputFiles({ name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('Chi la van ban, khong phai PDF\n') });
  await expect(page.getByTestId('component-error-TP1')).toContainText('không phải tệp PDF, JPEG, PNG hay TIFF');
  await expect(page.getByTestId('component-file-TP1')).toHaveCount(0);

  // A real scan: attached with its page count.
  await page
    .getByTestId('component-upload-TP1')
    .setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: await realPdf(3) });
  await expect(page.getByTestId('component-file-TP1')).toHaveText('to-khai.pdf');
  await expect(page.getByTestId('component-pages-TP1')).toContainText('3 trang');
  await expect(page.getByTestId('component-error-TP1')).toHaveCount(0);

  // The back end refuses on its own too, whatever a client sends.
  const stored = (await (
    await page.request.post('/api/files.put', { headers: auth, data: { base64: Buffer.from('not a scan').toString('base64') } })
  ).json()) as { sha256: string };
  const refused = await page.request.post('/api/dossier.receive', {
    headers: auth,
    data: {
      procedureCode: '1.004873',
      applicant: {
        kind: 'citizen',
        fullName: 'Nguyễn Văn An',
        idNumber: '079090001234',
        oldIdNumber: null,
        birthDate: '1990-02-01',
        sex: 'Nam',
        address: '',
        phone: '',
        email: '',
        taxCode: null,
        organizationName: null,
      },
      components: [
        { code: 'TP1', name: 'Tờ khai', originals: 1, copies: 0, sha256: stored.sha256, fileName: 'fake.pdf' },
        { code: 'GT', name: 'Giấy tờ tùy thân', originals: 0, copies: 1, sha256: null },
      ],
    },
  });
  expect(refused.status()).toBe(400);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('Thành phần "Tờ khai"');
});

test('repro: a bad phone number showed only "Dữ liệu gửi lên không hợp lệ."; a disabled Tiếp nhận said nothing', async ({ page }) => {
  await loginAsAdmin(page);
  await page.goto('/#/counter');
  await startDraft(page);
  await expect(page.getByTestId('receive')).toBeDisabled();
  await expect(page.getByTestId('receive-missing')).toContainText('Thiếu thành phần bắt buộc: Tờ khai');
  await expect(page.getByTestId('receive-missing')).toContainText('Giấy tờ tùy thân');
  await page.getByTestId('component-TP1').check();
  await page.getByTestId('component-GT').check();
  await expect(page.getByTestId('receive-missing')).toHaveCount(0);
  await page.getByTestId('applicant-phone').fill('09-abc');
  await page.getByTestId('receive').click();
  await expect(page.getByTestId('receive-error')).toContainText('Dữ liệu gửi lên không hợp lệ.');
  await expect(page.getByTestId('field-error-applicant.phone')).toHaveText('Số điện thoại không hợp lệ');
  await expect(page.getByTestId('applicant-phone')).toHaveAttribute('aria-invalid', 'true');
});

test('layout at 1366×768: the sticky bar covers no field, the reuse menu keeps component names whole, the search placeholder fits', async ({
  page,
}) => {
  const auth = await loginAsAdmin(page);
  // A returning applicant: an earlier dossier with a digitized component makes the reuse menu appear.
  const stored = (await (
    await page.request.post('/api/files.put', { headers: auth, data: { base64: (await realPdf(1)).toString('base64') } })
  ).json()) as { sha256: string };
  const earlier = await page.request.post('/api/dossier.receive', {
    headers: auth,
    data: {
      procedureCode: '1.004873',
      applicant: {
        kind: 'citizen',
        fullName: 'Nguyễn Văn An',
        idNumber: '079090001234',
        oldIdNumber: null,
        birthDate: '1990-02-01',
        sex: 'Nam',
        address: '12 Lê Lợi',
        phone: '',
        email: '',
        taxCode: null,
        organizationName: null,
      },
      components: [
        { code: 'TP1', name: 'Tờ khai', originals: 1, copies: 0, sha256: stored.sha256, fileName: 'to-khai.pdf' },
        { code: 'GT', name: 'Giấy tờ tùy thân', originals: 0, copies: 1, sha256: null },
      ],
    },
  });
  expect(earlier.status()).toBe(200);
  await page.goto('/#/counter');
  await expect(page.getByTestId('procedure-search')).toBeVisible();

  // The placeholder of the procedure search is not cut off.
  const placeholder = await inPage<{ text: number; room: number }>(
    page,
    `(() => {
    const input = document.querySelector('[data-testid="procedure-search"]');
    const style = getComputedStyle(input);
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = style.fontWeight + ' ' + style.fontSize + ' ' + style.fontFamily;
    return { text: ctx.measureText(input.placeholder).width, room: input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) };
  })()`,
  );
  expect(placeholder.text).toBeLessThanOrEqual(placeholder.room);

  await startDraft(page);
  await expect(page.getByRole('combobox', { name: /Dùng lại giấy tờ đã có/ }).first()).toBeVisible();
  await page.locator('[data-testid="components"]').screenshot({ path: test.info().outputPath('components-1366.png') });
  // Component names keep several words per line next to the reuse menu (no one-word-per-line column).
  // Lines of each name itself: distinct tops of its text boxes (the row's height is the file cell's).
  const cells = await inPage<{ width: number; lines: number }[]>(
    page,
    `[...document.querySelectorAll('[data-testid="components"] tbody td:nth-child(2)')].map((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return { width: el.getBoundingClientRect().width, lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size };
  })`,
  );
  expect(cells.length).toBeGreaterThan(0);
  for (const { width, lines } of cells) {
    expect(width).toBeGreaterThanOrEqual(220);
    expect(lines).toBeLessThanOrEqual(3);
  }

  // Every field, reached with Tab as an officer would, is visible above the sticky action bar.
  const bar = page.locator('.receive-bar');
  const fields = page.locator('.reception .panel:not(.receive-bar) :is(input:not(.sr-only), select)');
  const count = await fields.count();
  for (let i = 0; i < count; i++) {
    const field = fields.nth(i);
    await field.focus();
    const [box, barBox] = [await field.boundingBox(), await bar.boundingBox()];
    const name = (await field.getAttribute('aria-label')) ?? (await field.getAttribute('data-testid')) ?? `field ${i}`;
    expect(
      box && barBox ? box.y + box.height <= barBox.y + 1 : false,
      `${name} under the action bar: ${JSON.stringify({ box, barBox })}`,
    ).toBe(true);
  }
});
