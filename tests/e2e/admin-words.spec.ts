import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '../../tools/tthc-sim/simulator';
import { loginAsAdmin } from './support/auth';

// Issue 13, "raw codes": the audit list showed `dossier.receive`, `queue.noShow`, ticket UUIDs and
// `ip:127.0.0.1`; the dossier detail showed "Số thứ tự 7e1d402a-…" instead of the ticket's number.

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

async function api<T>(page: Page, auth: { authorization: string }, method: string, data: unknown): Promise<T> {
  const response = await page.request.post(`/api/${method}`, { headers: auth, data });
  expect(response.status(), `${method}: ${await response.text()}`).toBe(200);
  return (await response.json()) as T;
}

/** A ticket called at the first counter, then a dossier received for it and a second ticket marked no-show. */
async function aDayAtTheCounter(page: Page, auth: { authorization: string }) {
  const hall = await api<{ counters: { id: string; number: number; name: string }[] }>(page, auth, 'hall.config', {});
  const counter = hall.counters[0]!;
  await api(page, auth, 'queue.issueTicket', { serviceId: 'ho-tich' });
  const served = await api<{ id: string; number: string }>(page, auth, 'queue.callNext', { counterId: counter.id });
  const dossier = await api<{ code: string }>(page, auth, 'dossier.receive', {
    procedureCode: '1.004873',
    applicant: {
      kind: 'citizen',
      fullName: 'Lê Thị Hồng',
      idNumber: '079190001111',
      oldIdNumber: null,
      birthDate: '1990-02-01',
      sex: 'Nữ',
      address: '1 Lê Lợi',
      phone: '0912345678',
      email: '',
      taxCode: null,
      organizationName: null,
    },
    // Both required components on paper (no file): the point here is the ticket, not the attachments.
    components: [
      { code: 'TP1', name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', originals: 1, copies: 0, sha256: null },
      { code: 'GT', name: 'Giấy tờ tùy thân của người nộp (căn cước / hộ chiếu) để đối chiếu', originals: 1, copies: 0, sha256: null },
    ],
    ticketId: served.id,
  });
  await api(page, auth, 'queue.finish', { counterId: counter.id });
  await api(page, auth, 'queue.issueTicket', { serviceId: 'ho-tich' });
  const absent = await api<{ number: string }>(page, auth, 'queue.callNext', { counterId: counter.id });
  await api(page, auth, 'queue.noShow', { counterId: counter.id });
  return { counter, served, absent, dossier };
}

test('the audit list reads in words: who, did what, to which ticket or dossier, at which counter', async ({ page }) => {
  const auth = await loginAsAdmin(page);
  const { counter, absent, dossier } = await aDayAtTheCounter(page, auth);
  await page.goto('/#/supervisor');
  await page.getByRole('tab', { name: 'Nhật ký' }).click();
  const table = page.getByTestId('audit-table');
  const noShow = table.getByRole('row').filter({ hasText: 'đánh dấu vắng mặt số' }).first();
  await expect(noShow).toContainText(absent.number);
  await expect(noShow).toContainText(`Quầy ${counter.number}`);
  await expect(table.getByRole('row').filter({ hasText: 'tiếp nhận hồ sơ' }).first()).toContainText(dossier.code);
  const text = (await table.textContent()) ?? '';
  expect(text).not.toMatch(/queue\.noShow|dossier\.receive|queue\.callNext/);
  expect(text).not.toContain('ip:127.0.0.1');
  expect(text).not.toMatch(UUID);
});

test('the dossier detail names the ticket by its number, not its id', async ({ page }) => {
  const auth = await loginAsAdmin(page);
  const { served, dossier } = await aDayAtTheCounter(page, auth);
  await page.goto('/#/counter');
  await page.getByRole('tab', { name: 'Tra cứu' }).click();
  await page.getByTestId('search-input').fill('le thi hong');
  await page.getByTestId('results-search').getByText(dossier.code).first().click();
  const detail = page.getByTestId('dossier-detail');
  await expect(detail).toContainText(`Số thứ tự ${served.number}`);
  expect((await detail.textContent()) ?? '').not.toContain(served.id);
});

// Issue 13, "traps": accounts could not be disabled or have their role changed in the UI (the back end
// supported it), and an officer could choose 1234567890 as a password.
test('an admin changes an account’s role and disables it in the UI; a guessable password is refused in Vietnamese', async ({
  page,
  browser,
}) => {
  const auth = await loginAsAdmin(page);
  const created = await api<{ oneTimePassword: string }>(page, auth, 'accounts.save', {
    username: 'hoa.pham',
    displayName: 'Phạm Thị Hoa',
    role: 'officer',
  });

  const officer = await browser.newPage();
  await officer.goto('/#/counter');
  await officer.getByLabel('Tên đăng nhập').fill('hoa.pham');
  await officer.getByLabel('Mật khẩu').fill(created.oneTimePassword);
  await officer.getByRole('button', { name: 'Đăng nhập' }).click();
  await officer.getByLabel('Mật khẩu hiện tại').fill(created.oneTimePassword);
  for (const weak of ['1234567890', 'phamthihoa2026']) {
    await officer.getByLabel('Mật khẩu mới', { exact: true }).fill(weak);
    await officer.getByLabel('Nhập lại mật khẩu mới').fill(weak);
    await officer.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await expect(officer.getByRole('alert')).toContainText('dễ bị đoán');
  }
  await officer.close();

  await page.goto('/#/supervisor');
  await page.getByRole('tab', { name: 'Tài khoản' }).click();
  await page.getByTestId('account-role-hoa.pham').selectOption({ label: 'Giám sát' });
  const row = page.getByTestId('accounts-table').getByRole('row', { name: /hoa\.pham/ });
  await expect(page.getByTestId('account-role-hoa.pham')).toHaveValue('supervisor');
  await row.getByRole('button', { name: 'Vô hiệu hoá' }).click();
  await expect(row).toContainText('Đã vô hiệu');
  const accounts = await api<{ username: string; role: string; active: boolean }[]>(page, auth, 'accounts.list', {});
  expect(accounts.find((a) => a.username === 'hoa.pham')).toMatchObject({ role: 'supervisor', active: false });
  const refused = await page.request.post('/api/auth.login', { data: { username: 'hoa.pham', password: created.oneTimePassword } });
  expect(refused.status()).not.toBe(200);

  await row.getByRole('button', { name: 'Kích hoạt lại' }).click();
  await expect(row).toContainText('Hoạt động');
  // The admin cannot lock themself out: the back end's refusal is shown in Vietnamese.
  await page.getByTestId('account-role-admin').selectOption({ label: 'Cán bộ' });
  await expect(page.getByRole('alert')).toContainText('Không thể tự hạ quyền');
});

// Issue 13: the provincial address and account could only be start-up flags; the sync panel just said "Chưa cấu hình".
test('the supervisor sets the provincial address and account in the sync panel and tests the connection', async ({ page }) => {
  const sim = await startSimulator({
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-e2e-sim-')),
    port: 0,
    mode: 'dvcqg',
    fsync: false,
  });
  try {
    await loginAsAdmin(page);
    await page.goto('/#/supervisor');
    await page.getByRole('tab', { name: 'Đồng bộ' }).click();
    await page.getByLabel('Địa chỉ hệ thống tỉnh').fill(sim.url);
    await page.getByLabel('Tên đăng nhập kết nối').fill('quay1');
    await page.getByLabel('Mật khẩu kết nối').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Kiểm tra kết nối' }).click();
    await expect(page.getByTestId('sync-connection-result')).toHaveText(
      'Hệ thống tỉnh từ chối đăng nhập: sai tên đăng nhập hoặc mật khẩu kết nối.',
    );
    await page.getByLabel('Mật khẩu kết nối').fill('matkhau1');
    await page.getByRole('button', { name: 'Kiểm tra kết nối' }).click();
    await expect(page.getByTestId('sync-connection-result')).toContainText('Kết nối thành công');
    await page.getByRole('button', { name: 'Lưu' }).first().click();
    await expect(page.getByRole('status').first()).toContainText('Đã lưu địa chỉ và tài khoản kết nối');
    // Reloaded: the address and user come back, the password does not (only that one is kept).
    await page.reload();
    await page.getByRole('tab', { name: 'Đồng bộ' }).click();
    await expect(page.getByLabel('Địa chỉ hệ thống tỉnh')).toHaveValue(sim.url);
    await expect(page.getByLabel('Mật khẩu kết nối')).toHaveValue('');
    await expect(page.getByLabel('Mật khẩu kết nối')).toHaveAttribute('placeholder', /Đã lưu/);
    await page.getByRole('button', { name: 'Kiểm tra kết nối' }).click();
    await expect(page.getByTestId('sync-connection-result')).toContainText('Kết nối thành công');
  } finally {
    await sim.close();
  }
});

// Issue 13: a 0-byte file in Kiểm tra chữ ký read "CÓ CHỮ KÝ KHÔNG HỢP LỆ"; search showed "1.87 ms" (English decimals).
test('a 0-byte file in Kiểm tra chữ ký says it is empty; search time is written the Vietnamese way', async ({ page }) => {
  await loginAsAdmin(page);
  await page.goto('/#/counter');
  await page.getByRole('tab', { name: 'Kiểm tra chữ ký' }).click();
  await page.getByTestId('verify-file').setInputFiles({ name: 'empty.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) });
  await expect(page.getByTestId('verify-error')).toContainText('Tệp rỗng');
  await expect(page.getByTestId('verify-panel')).not.toContainText('KHÔNG HỢP LỆ');

  await page.getByRole('tab', { name: 'Tra cứu' }).click();
  await page.getByTestId('search-input').fill('nguyen');
  await expect(page.getByTestId('search-took')).toHaveText(/^tìm trong \d+(,\d)? ms$/);
});
