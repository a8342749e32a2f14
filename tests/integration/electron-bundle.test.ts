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
async function startMain(env: Partial<Record<(typeof ENV_KEYS)[number], string>>): Promise<{ double: ElectronTestDouble; userData: string }> {
  for (const key of ENV_KEYS) delete process.env[key];
  Object.assign(process.env, env);
  const userData = tempDir();
  const double = createElectronTestDouble({ userData });
  loaded = double;
  unhook = hookElectronModule(double.module);
  nodeRequire(MAIN);
  expect(double.record.readyCalls).toBe(1);
  expect(double.record.sandboxEnabled).toBe(true);
  double.ready();
  await until(() => double.record.windows.length === 1, 'the main window');
  return { double, userData };
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
    expect(record.dialogs).toHaveLength(1);
    expect(record.dialogs[0]?.message).toContain('Mật khẩu một lần');
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
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: path.join(OUT, 'preload.cjs') });
    expect(window.url).toMatch(/^file:.*dist\/renderer\/index\.html$/);
    const contents = new WebContentsDouble();
    double.emitApp('web-contents-created', {}, contents);
    expect(contents.prevented('will-attach-webview', 'https://example.com')).toBe(true);
    expect(contents.prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.prevented('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.prevented('will-navigate', window.url!)).toBe(false);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' } as Parameters<NonNullable<typeof contents.windowOpenHandler>>[0])).toEqual({ action: 'deny' });
    expect(window.webContents.prevented('will-navigate', 'https://evil.example/')).toBe(true);

    // The hub serves the hall.
    const health = await fetch(`http://127.0.0.1:${HUB_PORT}/healthz`);
    expect(health.status).toBe(200);

    // The router answers through the one channel; a foreign page is refused.
    const call = ipcCaller(double, window.url!);
    expect((await ipcCaller(double, 'https://evil.example/')('auth.whoami', {})).ok).toBe(false);
    const password = /Mật khẩu một lần: (\S+)/.exec(String(record.dialogs[0]?.message))?.[1] ?? '';
    const login = okResult(await call('auth.login', { username: 'admin', password }));
    expect(login.token).toBeTypeOf('string');
  });

  test('MOTCUA_HUB=off leaves the hub off; the main bundle builds a PDF through its own worker', async () => {
    const { double } = await startMain({ MOTCUA_HUB: 'off', MOTCUA_HUB_HOST: '127.0.0.1', MOTCUA_HUB_PORT: String(HUB_PORT + 1) });
    await expect(fetch(`http://127.0.0.1:${HUB_PORT + 1}/healthz`)).rejects.toThrow();

    const call = ipcCaller(double, double.record.windows[0]!.url!);
    const password = /Mật khẩu một lần: (\S+)/.exec(String(double.record.dialogs[0]?.message))?.[1] ?? '';
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

    const { call, onEvent } = api as { call: (m: string, i: unknown, t?: string) => Promise<unknown>; onEvent: (l: (f: unknown) => void) => () => void };
    await call('queue.issue', { serviceId: 'x' }, 'tok');
    expect(record.invoked).toEqual([{ channel: IPC_CALL_CHANNEL, args: [{ method: 'queue.issue', input: { serviceId: 'x' }, token: 'tok' }] }]);
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
          args: { pages: [{ kind: 'jpeg', bytes: new Uint8Array(bytes), widthPx: width, heightPx: height, dpi: 200, rotation: 0 }], meta: { title: 'Thử', creationDate: '2026-01-05T08:00:00+07:00' } },
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
