import { expect, test } from '@playwright/test';
import { ADMIN, loginAsAdmin, pairAs } from './support/auth';
import { scanWedge } from './support/scanner';

// The hall queue end to end in the browser: kiosk → counter → display (with its voice queue), supervisor.
test('kiosk issues a ticket, the counter calls it, the display shows it and queues the announcement', async ({ browser }) => {
  const display = await browser.newPage();
  await pairAs(display, 'display');
  await display.goto('/#/display');
  await expect(display.getByTestId('display-counters')).toContainText('Quầy 1');

  const kiosk = await browser.newPage();
  await pairAs(kiosk, 'kiosk');
  await kiosk.goto('/#/kiosk');
  await kiosk
    .getByTestId('kiosk-services')
    .getByRole('button', { name: /Hộ tịch/ })
    .click();
  // Priority is asked after the service (issue #13): a citizen who taps a tile first is still asked.
  await kiosk.getByTestId('kiosk-priority-none').click();
  const number = (await kiosk.getByTestId('kiosk-number').innerText()).trim();
  expect(number).toMatch(/^A\d{3}$/);
  await expect(kiosk.getByTestId('kiosk-ticket')).toContainText('Hộ tịch');
  await expect(kiosk.getByRole('img', { name: `Mã QR của số thứ tự ${number}` })).toBeVisible();
  await kiosk.screenshot({ path: test.info().outputPath('queue-kiosk-ticket.png'), fullPage: true });

  const counter = await browser.newPage();
  await loginAsAdmin(counter);
  await counter.goto('/#/counter');
  await expect(counter.getByTestId('counter-title')).toHaveText('Quầy 1');
  await expect(counter.getByTestId('queue-waiting')).toContainText(number);
  await counter.keyboard.press('F2'); // call next
  await expect(counter.getByTestId('serving-ticket')).toContainText(number);
  await counter.screenshot({ path: test.info().outputPath('queue-counter.png'), fullPage: true });

  await expect(display.getByTestId('display-current-quay-1')).toHaveText(number);
  await expect(display.getByTestId('display-recent')).toContainText(number);
  await expect(display.getByTestId('display-speaking')).toContainText(`Mời công dân có số thứ tự ${number} đến quầy số 1`);
  await display.screenshot({ path: test.info().outputPath('queue-display.png'), fullPage: true });

  // A recall queues a second announcement behind the first: never two at once.
  await counter.keyboard.press('F3');
  await expect(display.getByTestId('display-queued')).toContainText('+1');
  // The first announcement was said with the shipped clips (they loaded and played to their end).
  await expect(display.getByTestId('display-voice')).toHaveAttribute('data-last-mode', 'clips', { timeout: 15_000 });

  // The demo printer kept the ticket's picture for the supervisor.
  const supervisor = await browser.newPage();
  await loginAsAdmin(supervisor);
  await supervisor.goto('/#/supervisor');
  await supervisor.getByRole('tab', { name: 'Xếp hàng' }).click();
  await expect(supervisor.getByTestId('printer-status')).toContainText('máy in mô phỏng');
  await expect(supervisor.getByTestId('demo-prints').getByRole('img', { name: number })).toBeVisible();
  await supervisor.screenshot({ path: test.info().outputPath('queue-supervisor.png'), fullPage: true });
  for (const page of [display, kiosk, counter, supervisor]) await page.close();
});

test('CCCD scan at the kiosk offers elderly priority; the counter finishes and the citizen rates the service', async ({ browser }) => {
  const kiosk = await browser.newPage();
  await pairAs(kiosk, 'kiosk');
  await kiosk.goto('/#/kiosk');
  await expect(kiosk.getByTestId('kiosk-services')).toBeVisible();
  // A keyboard-wedge scanner types the card's QR and Enter; the kiosk reads the burst without holding the focus.
  await scanWedge(kiosk, '079050001234|123456789|Nguyễn Văn An|15031950|Nam|12 Lê Lợi, TP. Hồ Chí Minh|01072021');
  await expect(kiosk.getByTestId('kiosk-citizen')).toContainText('Nguyễn Văn An');
  await expect(kiosk.getByTestId('kiosk-citizen')).toContainText('Người cao tuổi');
  await kiosk
    .getByTestId('kiosk-services')
    .getByRole('button', { name: /Đất đai/ })
    .click();
  const number = (await kiosk.getByTestId('kiosk-number').innerText()).trim();
  expect(number).toMatch(/^D\d{3}$/);

  const tablet = await browser.newPage();
  await pairAs(tablet, 'kiosk', 'Máy tính bảng đánh giá quầy 4');
  await tablet.goto('/#/kiosk/danh-gia?counter=quay-4');
  await expect(tablet.getByTestId('rating-page')).toContainText('Xin cảm ơn');

  const counter = await browser.newPage();
  await loginAsAdmin(counter);
  await counter.goto('/#/counter');
  await counter.getByTestId('counter-select').selectOption('quay-4');
  await expect(counter.getByTestId('queue-waiting')).toContainText(number);
  await counter.getByRole('button', { name: /Gọi số tiếp theo/ }).click();
  await expect(counter.getByTestId('serving-ticket')).toContainText('Nguyễn Văn An');
  await expect(counter.getByTestId('serving-ticket')).toContainText('Ưu tiên');
  await counter.keyboard.press('F4'); // start
  await expect(counter.getByTestId('serving-ticket')).toHaveAttribute('data-status', 'serving');
  await counter.keyboard.press('F9'); // finish
  await expect(counter.getByTestId('serving-ticket')).toContainText('Chưa gọi số nào');

  await tablet.getByRole('button', { name: /Rất hài lòng/ }).click();
  await expect(tablet.getByTestId('rating-page')).toContainText('Cảm ơn quý vị đã đánh giá!');
  await tablet.screenshot({ path: test.info().outputPath('queue-rating.png'), fullPage: true });

  const supervisor = await browser.newPage();
  await loginAsAdmin(supervisor);
  await supervisor.goto('/#/supervisor');
  await supervisor.getByRole('tab', { name: 'Thống kê' }).click();
  await expect(supervisor.getByTestId('chart-service')).toContainText('Đất đai');
  await expect(supervisor.getByTestId('stats-totals')).toContainText('Đã phục vụ');
  await supervisor.screenshot({ path: test.info().outputPath('queue-stats.png'), fullPage: true });
  for (const page of [kiosk, tablet, counter, supervisor]) await page.close();
});

test('a counter that loses the hub says so, and catches up by itself when the link is back', async ({ page, request }) => {
  let online = true;
  const sockets: { close: () => Promise<void> }[] = [];
  // The event socket goes through a route we can cut, as a pulled cable would.
  await page.routeWebSocket(/\/events(\?|$)/, (ws) => {
    if (!online) {
      void ws.close();
      return;
    }
    ws.connectToServer();
    sockets.push(ws);
  });
  await loginAsAdmin(page);
  await page.goto('/#/counter');
  await page.getByTestId('counter-select').selectOption('quay-5');
  await expect(page.getByTestId('queue-panel')).toBeVisible();
  await expect(page.getByTestId('queue-offline')).toHaveCount(0);

  online = false;
  for (const ws of sockets.splice(0)) await ws.close();
  await expect(page.getByTestId('queue-offline')).toContainText('Mất kết nối tới máy chủ sảnh');
  await expect(page.getByRole('button', { name: /Gọi số tiếp theo/ })).toBeDisabled();
  await page.screenshot({ path: test.info().outputPath('queue-counter-offline.png'), fullPage: true });

  // Meanwhile a kiosk issues a ticket for this counter's service.
  const login = await request.post('/api/auth.login', { data: ADMIN });
  const { token } = (await login.json()) as { token: string };
  const issued = await request.post('/api/queue.issueTicket', {
    data: { serviceId: 'kinh-doanh' },
    headers: { authorization: `Bearer ${token}` },
  });
  const { number } = (await issued.json()) as { number: string };

  online = true;
  await expect(page.getByTestId('queue-offline')).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByTestId('queue-waiting')).toContainText(number);
  await expect(page.getByRole('button', { name: /Gọi số tiếp theo/ })).toBeEnabled();
});

test('the supervisor adds a counter and the services it serves; the display board shows it live', async ({ browser }) => {
  const display = await browser.newPage();
  await pairAs(display, 'display');
  await display.goto('/#/display');
  await expect(display.getByTestId('display-counters')).toContainText('Quầy 6');
  const supervisor = await browser.newPage();
  const auth = await loginAsAdmin(supervisor);
  await supervisor.goto('/#/supervisor');
  await supervisor.getByRole('tab', { name: 'Xếp hàng' }).click();
  const form = supervisor.getByTestId('counter-services-table').locator('..');
  await form.getByPlaceholder('Số quầy').fill('7');
  await form.getByPlaceholder('Tên').fill('Quầy 7');
  await form.getByRole('button', { name: 'Thêm quầy' }).click();
  await supervisor.getByRole('checkbox', { name: 'Quầy 7 – Cư trú' }).click(); // saved at once, shown when the hub confirms
  await expect(supervisor.getByRole('checkbox', { name: 'Quầy 7 – Cư trú' })).toBeChecked();
  await expect(display.getByTestId('display-counters')).toContainText('Quầy 7');
  const state = await (await supervisor.request.post('/api/queue.state', { headers: auth, data: {} })).json();
  expect(state.counters.find((c: { name: string }) => c.name === 'Quầy 7')?.serviceIds).toEqual(['cu-tru']);
  await display.close();
  await supervisor.close();
});
