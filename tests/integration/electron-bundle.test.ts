/**
 * Issue #16: the bundles `npm run build:electron` makes must load. Nothing here
 * runs Electron, so dist-electron/main.cjs is loaded under plain Node with a
 * test double of Electron's API (tests/support/electron-test-double.ts) behind
 * `require('electron')`; the preload runs in a sandbox-like vm context where
 * only `electron` may be required; the digitize worker is started from the
 * bundle and builds a PDF.
 *
 * Repro: on the bundles before the fix, requiring main.cjs threw
 * `ReferenceError: importMetaUrl is not defined` (electron/core/resources.ts):
 * the injected shim was CommonJS, whose exports esbuild never binds.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { buildElectron } from '../../tools/build-electron.mjs';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/contract/ipc';
import {
  createElectronTestDouble,
  createPreloadElectronDouble,
  hookElectronModule,
  type ElectronTestDouble,
  WebContentsDouble,
} from '../support/electron-test-double';
import { tempDir } from '../support/temp-dir';
import { ensureHubTls } from '../../electron/core/hall-link/hub-tls';
import { startTlsListener } from '../../electron/core/hall-link/hub-tls-listener';
import { loginAs, postJson, testHub } from '../support/core';
import { HUB_CHOICE, JOIN_FORM_ACTION, WORKSTATION_CHOICE } from '../../electron/desktop-role';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT = path.join(ROOT, 'dist-electron');
const MAIN = path.join(OUT, 'main.cjs');
const HUB_PORT = Number(process.env.E2E_PORT ?? 21000) + 7;
const nodeRequire = createRequire(import.meta.url);

beforeAll(async () => {
  await buildElectron();
});

const ENV_KEYS = ['MOTCUA_HUB', 'MOTCUA_HUB_HOST', 'MOTCUA_HUB_PORT', 'MOTCUA_RESOURCES'] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
let unhook: (() => void) | undefined;
let loaded: ElectronTestDouble | undefined;

afterEach(async () => {
  // Only a main that got as far as its window has a window-all-closed listener to shut it down.
  if (loaded && loaded.record.windows.length > 0 && !loaded.record.quit) {
    loaded.emitApp('window-all-closed');
    await until(() => loaded?.record.quit === true, 'app.quit() after window-all-closed');
  }
  loaded = undefined;
  unhook?.();
  unhook = undefined;
  delete nodeRequire.cache[MAIN];
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Loads main.cjs with the double, resolves whenReady() and waits for the window main opens last. */
async function startMain(
  env: Partial<Record<(typeof ENV_KEYS)[number], string>>,
): Promise<{ double: ElectronTestDouble; userData: string }> {
  const userData = tempDir();
  const double = loadMain(env, { userData });
  await until(() => double.record.windows.length === 1, 'the main window');
  return { double, userData };
}

/** Loads main.cjs afresh with a new double and resolves whenReady(); what follows is the caller's to wait for. */
function loadMain(
  env: Partial<Record<(typeof ENV_KEYS)[number], string>>,
  options: Parameters<typeof createElectronTestDouble>[0],
): ElectronTestDouble {
  for (const key of ENV_KEYS) delete process.env[key];
  Object.assign(process.env, env);
  const double = createElectronTestDouble(options);
  loaded = double;
  unhook = hookElectronModule(double.module);
  nodeRequire(MAIN);
  expect(double.record.readyCalls).toBe(1);
  expect(double.record.sandboxEnabled).toBe(true);
  double.ready();
  return double;
}

/** Closes a loaded main the way Electron does when its last window goes, and forgets its bundle. */
async function quitMain(double: ElectronTestDouble): Promise<void> {
  double.emitApp('window-all-closed');
  await until(() => double.record.quit, 'app.quit() after window-all-closed');
  loaded = undefined;
  unhook?.();
  unhook = undefined;
  delete nodeRequire.cache[MAIN];
}

type IpcResult = { ok: true; result: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };

function ipcCaller(double: ElectronTestDouble, url: string) {
  const handler = double.record.ipcHandlers.get(IPC_CALL_CHANNEL);
  if (!handler) throw new Error('no IPC handler');
  const event = { senderFrame: { url }, sender: { id: 41 } };
  return async (method: string, input: unknown, token?: string): Promise<IpcResult> => {
    const reply: unknown = await Reflect.apply(handler, undefined, [event, { method, input, token }]);
    return reply as IpcResult;
  };
}

function oneTimePassword(double: ElectronTestDouble): string {
  const shown = double.record.dialogs.map((d) => /Mật khẩu một lần: (\S+)/.exec(d.message)?.[1]).find(Boolean);
  if (!shown) throw new Error('no one-time password dialog');
  return shown;
}

function okResult(reply: IpcResult): Record<string, unknown> {
  if (!reply.ok) throw new Error(`IPC call refused: ${reply.error.code} ${reply.error.message}`);
  return reply.result;
}

async function sampleJpeg(): Promise<{ bytes: Buffer; width: number; height: number }> {
  const bytes = fs.readFileSync(path.join(ROOT, 'resources/digitize/samples/page-1.jpg'));
  const meta = await sharp(bytes).metadata();
  return { bytes, width: meta.width ?? 0, height: meta.height ?? 0 };
}

describe('dist-electron/main.cjs under Node with an Electron test double', () => {
  test('starts: core on the userData dir, first-run dialog, one IPC channel, every guard, hub on', async () => {
    const { double, userData } = await startMain({ MOTCUA_HUB_HOST: '127.0.0.1', MOTCUA_HUB_PORT: String(HUB_PORT) });
    const { record } = double;

    expect(fs.readdirSync(path.join(userData, 'data')).length).toBeGreaterThan(0);
    // First run: the role is asked (the double answers the first button, the hub), then the admin's password.
    expect(record.dialogs).toHaveLength(2);
    expect(record.dialogs[0]?.buttons).toEqual([HUB_CHOICE, WORKSTATION_CHOICE]);
    expect(record.dialogs[1]?.message).toContain('Mật khẩu một lần');
    expect(JSON.parse(fs.readFileSync(path.join(userData, 'hall-role.json'), 'utf8'))).toEqual({ role: 'hub' });
    // The audit chain's key is in the OS key store (the stand-in safeStorage), not in a file beside the database.
    expect(fs.existsSync(path.join(userData, 'data', 'audit.key'))).toBe(false);
    expect(fs.readFileSync(path.join(userData, 'credentials.vault'), 'utf8')).toContain('c2VhbGVk'); // base64 of "sealed"
    // The one-core-per-data-dir lock is held while the app runs.
    expect(JSON.parse(fs.readFileSync(path.join(userData, 'data', 'serve.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    expect([...record.ipcHandlers.keys()]).toEqual([IPC_CALL_CHANNEL]);

    // Session guards: permissions denied (WebHID included), CSP on every response.
    expect(record.permissionCheckHandler).toBeTypeOf('function');
    expect(record.permissionRequestHandler).toBeTypeOf('function');
    expect(record.devicePermissionHandler).toBeTypeOf('function');
    expect(record.headersListener).toBeTypeOf('function');
    const decided: boolean[] = [];
    Reflect.apply(record.permissionRequestHandler!, undefined, [{}, 'geolocation', (allowed: boolean) => decided.push(allowed), {}]);
    expect(decided).toEqual([false]);
    expect(Reflect.apply(record.devicePermissionHandler!, undefined, [{ deviceType: 'hid' }])).toBe(false);

    // Every web contents, not only the main window: webview, navigation, redirect, window.open.
    const window = record.windows[0]!;
    expect(window.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      preload: path.join(OUT, 'preload.cjs'),
    });
    expect(window.url).toMatch(/^file:.*dist\/renderer\/index\.html$/);
    const contents = new WebContentsDouble();
    double.emitApp('web-contents-created', {}, contents);
    expect(contents.prevented('will-attach-webview', 'https://example.com')).toBe(true);
    expect(contents.prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.prevented('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.prevented('will-navigate', window.url!)).toBe(false);
    expect(
      contents.windowOpenHandler?.({ url: 'https://evil.example/' } as Parameters<NonNullable<typeof contents.windowOpenHandler>>[0]),
    ).toEqual({ action: 'deny' });
    expect(window.webContents.prevented('will-navigate', 'https://evil.example/')).toBe(true);

    // The hub serves the hall.
    const health = await fetch(`http://127.0.0.1:${HUB_PORT}/healthz`);
    expect(health.status).toBe(200);

    // The router answers through the one channel; a foreign page is refused.
    const call = ipcCaller(double, window.url!);
    expect((await ipcCaller(double, 'https://evil.example/')('auth.whoami', {})).ok).toBe(false);
    const password = oneTimePassword(double);
    const login = okResult(await call('auth.login', { username: 'admin', password }));
    expect(login.token).toBeTypeOf('string');
  });

  test('MOTCUA_HUB=off leaves the hub off; the main bundle builds a PDF through its own worker', async () => {
    const { double } = await startMain({ MOTCUA_HUB: 'off', MOTCUA_HUB_HOST: '127.0.0.1', MOTCUA_HUB_PORT: String(HUB_PORT + 1) });
    await expect(fetch(`http://127.0.0.1:${HUB_PORT + 1}/healthz`)).rejects.toThrow();

    const call = ipcCaller(double, double.record.windows[0]!.url!);
    const password = oneTimePassword(double);
    const first = okResult(await call('auth.login', { username: 'admin', password }));
    const newPassword = `${password}-Moi-2026!`;
    okResult(await call('auth.changePassword', { currentPassword: password, newPassword }, String(first.token)));
    const token = String(okResult(await call('auth.login', { username: 'admin', password: newPassword })).token);
    const batch = okResult(await call('digitize.createBatch', { name: 'Thử gói' }, token));
    const { bytes } = await sampleJpeg();
    okResult(await call('digitize.import', { batchId: batch.id, name: 'trang-1.jpg', base64: bytes.toString('base64') }, token));
    // digitize.build runs in digitize-worker.cjs, found from main.cjs's own URL (importMetaUrl).
    const built = okResult(await call('digitize.build', { batchId: batch.id, title: 'Bản số hóa' }, token));
    expect(built.pages).toBe(1);
    // The desktop app looks for HID-POS readers by default: node-hid loads from the bundle (external, native).
    const doctor = okResult(await call('system.doctor', {}, token));
    const checks = Array.isArray(doctor.checks) ? doctor.checks : [];
    expect(checks.map((c: { id?: string }) => c.id)).toContain('hid-readers');
  });
});

describe('dist-electron/main.cjs as a hall workstation (issues #10, #16)', () => {
  test('first run: the role dialog, the join form, pairing through the vault; the next start links with the stored credential', async () => {
    const { core: hubCore, hub } = await testHub();
    const tls = await startTlsListener(hub, await ensureHubTls(hubCore.config.dataDir), '127.0.0.1', 0);
    try {
      const officer = await loginAs(hubCore, 'admin');
      const admin = officer.token;
      const pairing = await postJson(
        `${hub.url}/api/devices.createPairingCode`,
        { role: 'counter-device', name: 'Máy trạm quầy 3' },
        admin,
      );
      const code = String(Reflect.get(pairing.body as object, 'code'));
      const userData = tempDir();
      const env = { MOTCUA_HUB_HOST: '127.0.0.1', MOTCUA_HUB_PORT: String(HUB_PORT + 2) };
      const first = loadMain(env, { userData, answer: (box) => (box.buttons?.includes(WORKSTATION_CHOICE) ? 1 : 0) });
      const windows = first.record.windows;
      await until(() => windows.length === 1, 'the join form');
      expect(first.record.dialogs[0]?.buttons).toEqual([HUB_CHOICE, WORKSTATION_CHOICE]);
      expect(decodeURIComponent(windows[0]!.url ?? '')).toContain('Mã ghép nối');
      expect(windows[0]!.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });

      // A station out of range is asked again, with a Vietnamese reason, and nothing is sent to the hub.
      const submit = (station: string) => `${JOIN_FORM_ACTION}?${new URLSearchParams({ hub: tls.url, code, station })}`;
      expect(windows[0]!.webContents.prevented('will-navigate', submit('99'))).toBe(true);
      await until(() => windows.length === 2, 'the join form again');
      expect(decodeURIComponent(windows[1]!.url ?? '')).toContain('Số máy trạm là một số từ 1 đến 60');
      windows[1]!.webContents.prevented('will-navigate', submit('3'));
      await until(() => windows.length === 3, 'the main window after pairing');

      const hubOrigin = new URL(tls.url).origin;
      // The hall's accounts are the hub's: the officer logs in at the workstation with the hub's account.
      const linkStatus = async (double: ElectronTestDouble) => {
        const call = ipcCaller(double, double.record.windows.at(-1)!.url!);
        const token = String(okResult(await call('auth.login', { username: officer.username, password: officer.password })).token);
        return okResult(await call('hall.linkStatus', {}, token));
      };
      expect(await linkStatus(first)).toMatchObject({ role: 'workstation', hubUrl: hubOrigin, station: 3, joined: true });
      expect(JSON.parse(fs.readFileSync(path.join(userData, 'hall-role.json'), 'utf8'))).toEqual({
        role: 'workstation',
        hubUrl: hubOrigin,
        station: 3,
      });
      // The credential went through credential-vault.ts and safeStorage: no clear-text file, nothing readable in the vault.
      expect(fs.existsSync(path.join(userData, 'data', 'hall', 'workstation-credential.json'))).toBe(false);
      const sealed = fs.readFileSync(path.join(userData, 'credentials.vault'), 'utf8');
      expect(sealed).toContain(hubOrigin);
      expect(sealed).not.toContain('CERTIFICATE');
      // A workstation makes no accounts of its own (no one-time password) and serves no hall of its own.
      expect(first.record.dialogs).toHaveLength(1);
      await expect(fetch(`http://127.0.0.1:${HUB_PORT + 2}/healthz`)).rejects.toThrow();
      await quitMain(first);

      // Next start: no question, the stored credential from the vault reaches the hub.
      const second = loadMain(env, { userData });
      await until(() => second.record.windows.length === 1, 'the main window on the next start');
      expect(second.record.dialogs).toEqual([]);
      let status = await linkStatus(second);
      for (let i = 0; i < 100 && status.online !== true; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = await linkStatus(second);
      }
      expect(status).toMatchObject({ role: 'workstation', joined: true, online: true, station: 3 });
    } finally {
      await tls.close();
      await hub.close();
      await hubCore.close();
    }
  });
});

describe('dist-electron/preload.cjs in a sandbox-like context', () => {
  test('exposes exactly motcua.call and motcua.onEvent, needs only electron, stays a few KB', async () => {
    const code = fs.readFileSync(path.join(OUT, 'preload.cjs'), 'utf8');
    expect(code.length).toBeLessThan(8 * 1024);
    expect(code).not.toMatch(/zod|ZodError/);
    const { module: electron, record } = createPreloadElectronDouble();
    const required: string[] = [];
    const sandboxRequire = (name: string): unknown => {
      required.push(name);
      if (name === 'electron') return electron;
      throw new Error(`module not found in a sandboxed preload: ${name}`);
    };
    const moduleObject = { exports: {} };
    vm.runInNewContext(code, { require: sandboxRequire, module: moduleObject, exports: moduleObject.exports });
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect([...record.exposed.keys()]).toEqual(['motcua']);
    const api = record.exposed.get('motcua');
    expect(typeof api === 'object' && api !== null ? Object.keys(api).sort() : []).toEqual(['call', 'onEvent']);

    const { call, onEvent } = api as {
      call: (m: string, i: unknown, t?: string) => Promise<unknown>;
      onEvent: (l: (f: unknown) => void) => () => void;
    };
    await call('queue.issue', { serviceId: 'x' }, 'tok');
    expect(record.invoked).toEqual([
      { channel: IPC_CALL_CHANNEL, args: [{ method: 'queue.issue', input: { serviceId: 'x' }, token: 'tok' }] },
    ]);
    const frames: unknown[] = [];
    const off = onEvent((frame) => frames.push(frame));
    const [listener] = record.listeners.get(IPC_EVENT_CHANNEL) ?? [];
    Reflect.apply(listener!, undefined, [{}, { event: 'queue.called', payload: { n: 1 } }]);
    Reflect.apply(listener!, undefined, [{}, 'not a frame']);
    expect(frames).toEqual([{ event: 'queue.called', payload: { n: 1 } }]);
    off();
    expect(record.listeners.get(IPC_EVENT_CHANNEL)).toEqual([]);
  });
});

describe('dist-electron/digitize-worker.cjs', () => {
  test('started from the bundle, it assembles a PDF', async () => {
    const { bytes, width, height } = await sampleJpeg();
    const worker = new Worker(path.join(OUT, 'digitize-worker.cjs'));
    try {
      const reply = await new Promise<unknown>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({
          type: 'call',
          id: 1,
          op: 'assemble',
          args: {
            pages: [{ kind: 'jpeg', bytes: new Uint8Array(bytes), widthPx: width, heightPx: height, dpi: 200, rotation: 0 }],
            meta: { title: 'Thử', creationDate: '2026-01-05T08:00:00+07:00' },
          },
        });
      });
      expect(reply).toMatchObject({ type: 'result', id: 1, ok: true });
      const value: unknown = Reflect.get(reply as object, 'value');
      expect(value).toBeInstanceOf(Uint8Array);
      const pdf = await PDFDocument.load(value as Uint8Array);
      expect(pdf.getPageCount()).toBe(1);
    } finally {
      await worker.terminate();
    }
  });
});
