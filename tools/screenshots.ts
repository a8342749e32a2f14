/**
 * `npm run screenshots`: regenerates docs/screens/*.png from the real product. Starts a hub of its own
 * over a fresh data directory (demo hall, simulated devices), drives it through the contract as the
 * counter, kiosk and display would, and photographs each screen at the size it runs on:
 * counter and supervisor statistics 1366×768, kiosk 1080×1920, display 1920×1080 with 6 and with 40 counters.
 * Needs the renderer built (the npm script builds it) and Chromium (CHROMIUM_PATH, else /usr/bin/chromium).
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Runs in the page (the Node type-check has no DOM types). */
declare const localStorage: { setItem(key: string, value: string): void };

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'docs/screens');
const PORT = Number(process.env.SCREENSHOTS_PORT ?? 28990);
const PASSWORD = 'screenshots-admin-2026';

function startHub(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/core/hub/serve.ts', '--port', String(PORT), '--host', '127.0.0.1', '--data', dataDir],
    {
      cwd: ROOT,
      env: { ...process.env, MOTCUA_ADMIN_PASSWORD: PASSWORD },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`hub exited ${code}: ${out}`)));
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /đang chạy tại (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve({ url: m[1], child });
    });
  });
}

interface Api {
  call: (method: string, input: unknown, token?: string) => Promise<unknown>;
  token: string;
}

async function api(base: string): Promise<Api> {
  const call = async (method: string, input: unknown, token?: string) => {
    const response = await fetch(`${base}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(input),
    });
    if (!response.ok) throw new Error(`${method}: ${response.status} ${await response.text()}`);
    return (await response.json()) as unknown;
  };
  const login = (await call('auth.login', { username: 'admin', password: PASSWORD })) as { token: string };
  return { call: (m, i, t) => call(m, i, t ?? login.token), token: login.token };
}

async function pageWith(browser: Browser, size: { width: number; height: number }, storage: Record<string, string>): Promise<Page> {
  const context = await browser.newContext({ viewport: size, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  await context.addInitScript((entries) => {
    for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
  }, storage);
  return context.newPage();
}

async function deviceCredential(a: Api, role: 'kiosk' | 'display', name: string): Promise<string> {
  const { code } = (await a.call('devices.createPairingCode', { role, name })) as { code: string };
  const { credential } = (await a.call('auth.pair', { code })) as { credential: string };
  return credential;
}

async function shoot(page: Page, name: string): Promise<void> {
  // Fonts and the last WebSocket event settle before the picture.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(OUT, name) });
  console.log(`docs/screens/${name}`);
}

async function callSome(a: Api, calls: [serviceId: string, counterId: string][]): Promise<void> {
  for (const [serviceId, counterId] of calls) {
    await a.call('queue.issueTicket', { serviceId });
    await a.call('queue.callNext', { counterId });
  }
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-screens-'));
  const hub = await startHub(data);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const a = await api(hub.url);
    for (const s of ['ho-tich', 'ho-tich', 'chung-thuc', 'dat-dai', 'kinh-doanh', 'xa-hoi'])
      await a.call('queue.issueTicket', { serviceId: s });

    const counter = await pageWith(browser, { width: 1366, height: 768 }, { 'motcua.token': a.token });
    await counter.goto(`${hub.url}/#/counter`);
    await counter.getByRole('button', { name: /Gọi số tiếp theo/ }).click();
    await counter.getByTestId('procedure-search').fill('hon nhan');
    await counter.getByTestId('procedure-list').getByRole('option').first().waitFor();
    await shoot(counter, 'counter-1366x768.png');

    // Dates typed and shown dd/MM/yyyy by our own inputs, whatever the browser's locale (issue #13).
    const supervisor = await pageWith(browser, { width: 1366, height: 768 }, { 'motcua.token': a.token });
    await supervisor.goto(`${hub.url}/#/supervisor`);
    await supervisor.getByRole('tab', { name: 'Thống kê', exact: true }).click();
    await supervisor.getByTestId('chart-hour').waitFor();
    await shoot(supervisor, 'supervisor-stats-1366x768.png');

    const kiosk = await pageWith(
      browser,
      { width: 1080, height: 1920 },
      { 'motcua.device': await deviceCredential(a, 'kiosk', 'Kiosk sảnh') },
    );
    await kiosk.goto(`${hub.url}/#/kiosk`);
    await kiosk.getByTestId('kiosk-services').waitFor();
    await shoot(kiosk, 'kiosk-start-1080x1920.png');
    await kiosk
      .getByTestId('kiosk-services')
      .getByRole('button', { name: /Hộ tịch/ })
      .click();
    await shoot(kiosk, 'kiosk-priority-1080x1920.png');
    await kiosk.getByRole('button', { name: 'Người khuyết tật' }).click();
    await kiosk.getByTestId('kiosk-number').waitFor();
    await shoot(kiosk, 'kiosk-ticket-1080x1920.png');

    const display = await pageWith(
      browser,
      { width: 1920, height: 1080 },
      { 'motcua.device': await deviceCredential(a, 'display', 'TV sảnh') },
    );
    await display.goto(`${hub.url}/#/display`);
    await display.getByTestId('display-counters').waitFor();
    await callSome(a, [
      ['chung-thuc', 'quay-3'],
      ['dat-dai', 'quay-4'],
      ['kinh-doanh', 'quay-5'],
      ['cu-tru', 'quay-2'],
    ]);
    await display.getByTestId('display-speaking').waitFor();
    await shoot(display, 'display-6-counters-1920x1080.png');

    for (let n = 7; n <= 40; n++) await a.call('hall.saveCounter', { number: n, name: `Quầy ${n}`, serviceIds: ['ho-tich', 'chung-thuc'] });
    const counters = ((await a.call('hall.config', {})) as { counters: { id: string; number: number }[] }).counters;
    const busy = counters.filter((c) => c.number >= 7 && c.number % 2 === 1).slice(0, 12);
    await callSome(
      a,
      busy.map((c, i): [string, string] => [i % 2 ? 'ho-tich' : 'chung-thuc', c.id]),
    );
    await display.reload();
    await display.getByTestId('display-counters').waitFor();
    await shoot(display, 'display-40-counters-1920x1080.png');
  } finally {
    await browser.close();
    hub.child.kill('SIGTERM');
    fs.rmSync(data, { recursive: true, force: true });
  }
}

await main();
