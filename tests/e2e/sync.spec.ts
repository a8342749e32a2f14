import { expect, test } from '@playwright/test';
import { ADMIN, loginAsAdmin } from './support/auth';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The supervisor's "Đồng bộ" page on a workbench that syncs to the provincial emulator:
// both run as their own processes, the workbench on E2E_PORT + 1.
const ROOT = path.resolve(import.meta.dirname, '../..');
const PORT = Number(process.env.E2E_PORT ?? 4310) + 1;
const children: ChildProcess[] = [];
let dir = '';
let simUrl = '';

function start(args: string[], ready: RegExp): Promise<string> {
  // The workbench's first admin gets the e2e password (tests/e2e/support/auth.ts).
  const env = { ...process.env, MOTCUA_ADMIN_PASSWORD: ADMIN.password };
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = ready.exec(out);
      if (m) resolve(m[1] ?? '');
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  });
}

test.beforeAll(async () => {
  // Three processes start here (emulator, seeding, the workbench); on a loaded machine that is slow.
  test.setTimeout(120_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-e2e-sync-'));
  const sim = (simUrl = await start(
    ['tools/tthc-sim/main.ts', '--port', '0', '--data', path.join(dir, 'sim'), '--mode', 'dvcqg'],
    /(http:\/\/\S+)/,
  ));
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'electron/core/cli/main.ts',
      'seed-dossiers',
      '--count',
      '5',
      '--files-per-dossier',
      '2',
      '--invalid',
      '1',
      '--data',
      path.join(dir, 'wb'),
    ],
    { cwd: ROOT },
  );
  await start(
    [
      'electron/core/hub/serve.ts',
      '--port',
      String(PORT),
      '--host',
      '127.0.0.1',
      '--data',
      path.join(dir, 'wb'),
      '--no-demo',
      '--provincial-url',
      sim,
      '--public-file-listen',
      '127.0.0.1:0',
    ],
    /đang chạy tại (http:\/\/\S+)/,
  );
});

test.afterAll(() => {
  for (const c of children) c.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('supervisor watches sync: done, needs attention with a Vietnamese reason, pause and resume, backlog chart', async ({ page }) => {
  await loginAsAdmin(page, `http://127.0.0.1:${PORT}`);
  await page.goto(`http://127.0.0.1:${PORT}/#/supervisor`);
  await page.getByRole('tab', { name: 'Đồng bộ' }).click();
  await expect(page.getByTestId('sync-done')).toContainText('5', { timeout: 15_000 });
  await expect(page.getByTestId('sync-attention')).toContainText('1');
  await expect(page.getByTestId('sync-pending')).toContainText('0');
  await expect(page.getByTestId('sync-progress-items')).toContainText('5 / 6');
  await expect(page.getByTestId('sync-failing')).toContainText('ngày hẹn trả');
  await expect(page.getByTestId('sync-failing')).toContainText('Cần xử lý');
  await expect(page.getByTestId('sync-backlog-chart').locator('polyline')).toHaveCount(2);
  // The portal's dialect: it fetched the 10 attachments from our file listener; codes come from its catalog.
  await expect(page.getByTestId('sync-link-profile')).toHaveValue('dvcqg');
  await expect(page.getByTestId('sync-downloads')).toContainText('10 tệp');
  await expect(page.getByTestId('sync-procedures')).toContainText('Hộ tịch');

  await page.getByRole('button', { name: 'Tạm dừng' }).click();
  await expect(page.getByTestId('sync-state')).toHaveText('Đang tạm dừng');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByTestId('sync-state')).toHaveText('Đang đồng bộ tự động');

  // A retried rejection is refused again and stays in the list.
  await page.getByTestId('sync-failing').getByRole('button', { name: 'Thử lại' }).click();
  await expect(page.getByText('Đã đưa lại vào hàng đợi')).toBeVisible();
  await expect(page.getByTestId('sync-attention')).toContainText('1');
  await page.screenshot({ path: test.info().outputPath('sync.png'), fullPage: true });

  // No link: export the bundle (the refused dossier), carry it to the province, bring its acknowledgement back.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Xuất gói ngoại tuyến' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^dongbo-.*\.mcbundle$/);
  await expect(page.getByText(/Đã xuất gói: .*\(1 mục, 2 tệp\)/)).toBeVisible();
  const bundle = fs.readFileSync(await download.path());
  const ack = await (await fetch(`${simUrl}/bundle/import`, { method: 'POST', body: bundle })).text();
  const ackFile = path.join(dir, 'ack.json');
  fs.writeFileSync(ackFile, ack);
  await page.getByTestId('sync-import-ack').setInputFiles(ackFile);
  // The province refused it again through the bundle; it stays in the list.
  await expect(page.getByText('Đã nhập tệp xác nhận: 0 mục hoàn tất, 1 mục đã có từ trước, 0 mục bị từ chối')).toBeVisible();
  await expect(page.getByTestId('sync-attention')).toContainText('1');
});
