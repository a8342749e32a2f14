/**
 * A hall with two workstations, each driven in its own browser context: one
 * hub process and two `serve --hall-hub` workstations (joined with join-hall).
 * Both counters see the same queue live (the hub's events relayed by each
 * workstation), each calls a different ticket, and the supervisor's hall page
 * at the hub lists both workstations online.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { adminLogin, api, createOfficer, joinWorkstation, pairDevice, startServe, type ServeProcess } from '../support/hall-processes';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

declare const localStorage: { setItem(key: string, value: string): void };

const BASE = Number(process.env.E2E_PORT ?? 4310) + 200;
const running: ServeProcess[] = [];
const dirs: string[] = [];
let hubUrl = '';
let workstations: ServeProcess[] = [];
const passwords: Record<string, string> = {};

test.describe.configure({ mode: 'serial' });

// Playwright reads the fixtures a hook asks for from its first parameter: this hook asks for none.
// eslint-disable-next-line no-empty-pattern
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(180_000);
  const dir = () => {
    const made = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-hall-e2e-'));
    dirs.push(made);
    return made;
  };
  const hub = await startServe(BASE, dir(), ['--tls-port', String(BASE + 1)]);
  running.push(hub);
  hubUrl = hub.url;
  const admin = await adminLogin(hub.url);
  for (const name of ['canbo1', 'canbo2']) passwords[name] = await createOfficer(hub.url, admin, name);
  const wsDirs = [dir(), dir()];
  await Promise.all(wsDirs.map((d, i) => joinWorkstation(hub.url, `https://127.0.0.1:${BASE + 1}`, admin, d, `Máy trạm ${i + 1}`)));
  workstations = await Promise.all(
    wsDirs.map((d, i) =>
      startServe(BASE + 2 + i, d, ['--hall-hub', `https://127.0.0.1:${BASE + 1}`, '--station', String(i + 1), '--no-demo']),
    ),
  );
  running.push(...workstations);
});

test.afterAll(async () => {
  await Promise.all(running.splice(0).map((p) => p.kill9()));
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function counterAt(browser: Browser, url: string, username: string, counterId: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}/#/counter`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(passwords[username] ?? '');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByTestId('counter-title')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('counter-select').selectOption(counterId);
  return page;
}

test('two workstations in two browser contexts work one hall queue through the hub', async ({ browser }) => {
  test.setTimeout(120_000);
  const first = await counterAt(browser, workstations[0]!.url, 'canbo1', 'quay-1');
  const second = await counterAt(browser, workstations[1]!.url, 'canbo2', 'quay-2');
  await expect(first.getByTestId('hall-link-warning')).toHaveCount(0);

  const admin = await adminLogin(hubUrl);
  const kiosk = await pairDevice(hubUrl, admin, 'kiosk', 'Kiosk e2e');
  const numbers: string[] = [];
  for (const requestId of ['hall-e2e-ticket-1', 'hall-e2e-ticket-2']) {
    const issued = await api<{ number: string }>(hubUrl, 'queue.issueTicket', { serviceId: 'ho-tich', requestId }, kiosk);
    expect(issued.status).toBe(200);
    numbers.push(issued.body.number);
  }
  const [one, two] = numbers as [string, string];

  // Both counters see the hub's queue live.
  await expect(first.getByTestId('queue-waiting')).toContainText(two);
  await expect(second.getByTestId('queue-waiting')).toContainText(one);

  await first.keyboard.press('F2');
  await expect(first.getByTestId('serving-ticket')).toContainText(one);
  // The second workstation learns of the call through the hub and calls the next ticket, not the same one.
  await expect(second.getByTestId('queue-waiting')).not.toContainText(one);
  await second.keyboard.press('F2');
  await expect(second.getByTestId('serving-ticket')).toContainText(two);

  const state = await api<{ counters: { id: string; current: { number: string } | null }[] }>(hubUrl, 'queue.state', {}, admin);
  const current = Object.fromEntries(state.body.counters.map((c) => [c.id, c.current?.number ?? null]));
  expect(current['quay-1']).toBe(one);
  expect(current['quay-2']).toBe(two);

  // The supervisor's hall page at the hub.
  const supervisorContext = await browser.newContext();
  await supervisorContext.addInitScript((t) => localStorage.setItem('motcua.token', t), admin);
  const supervisor = await supervisorContext.newPage();
  await supervisor.goto(`${hubUrl}/#/supervisor`);
  await supervisor.getByRole('tab', { name: 'Máy trạm' }).click();
  await expect(supervisor.getByTestId('workstation-1')).toContainText('trực tuyến', { timeout: 20_000 });
  await expect(supervisor.getByTestId('workstation-2')).toContainText('trực tuyến');
  await expect(supervisor.getByTestId('workstation-2')).toContainText('Máy trạm 2');
});
