import { expect, test, type Page } from '@playwright/test';
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
      kind: 'citizen', fullName: 'Lê Thị Hồng', idNumber: '079190001111', oldIdNumber: null, birthDate: '1990-02-01', sex: 'Nữ',
      address: '1 Lê Lợi', phone: '0912345678', email: '', taxCode: null, organizationName: null,
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
