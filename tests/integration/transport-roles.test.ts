import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { IPC_CALL_CHANNEL, METHOD_NAMES, contract, type MethodName } from '../../shared/contract';
import type { Core } from '../../electron/core/app';
import type { Hub } from '../../electron/core/hub/hub-server';
import { bindIpc, trustedUrlChecker, type IpcInvokeEventLike, type IpcMainLike } from '../../electron/ipc/bind-ipc';
import { loginAs, postJson, testHub } from '../support/core';

/** Electron's ipcMain stand-in, as in electron/ipc/bind-ipc.test.ts. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>) {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  invoke(request: unknown) {
    return this.handlers.get(IPC_CALL_CHANNEL)!({ senderFrame: { url: ENTRY }, sender: { id: 7 } }, request);
  }
}
const ENTRY = 'file:///opt/motcua/dist/renderer/index.html';

const isPublic = (m: MethodName) => 'public' in contract[m];
const notForOfficers = METHOD_NAMES.filter((m) => !isPublic(m) && !(contract[m].roles as readonly string[]).includes('officer'));
const notPublic = METHOD_NAMES.filter((m) => !isPublic(m));

let core: Core;
let hub: Hub;
let ipc: FakeIpcMain;
let officer: string;
let supervisor: string;
let dataDir: string;

beforeAll(async () => {
  // Its own directory: tests/support's tempDir is removed after each test, and this hub lives for the whole file.
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-roles-'));
  ({ core, hub } = await testHub({}, { dataDir }));
  officer = (await loginAs(core, 'officer')).token;
  supervisor = (await loginAs(core, 'supervisor')).token;
  ipc = new FakeIpcMain();
  // Exactly what electron/main.ts does: the page's token → core.auth → the caller.
  bindIpc(ipc, {
    router: core.router,
    isTrustedUrl: trustedUrlChecker(ENTRY),
    contextFor: (event, token) => {
      const caller = core.auth.callerOrAnonymous(token);
      return { caller: { ...caller, deviceId: caller.deviceId ?? `window-${event.sender.id}` } };
    },
  });
});
afterAll(async () => {
  await hub.close();
  await core.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('roles are checked by the back end on both transports', () => {
  it('only log in and pair are public', () => {
    expect(METHOD_NAMES.filter(isPublic).sort()).toEqual(['auth.login', 'auth.pair']);
    expect(notForOfficers.length).toBeGreaterThan(5);
  });

  it.each(notForOfficers)('an officer gets 403 for %s over HTTP', async (method) => {
    const answer = await postJson(`${hub.url}/api/${method}`, {}, officer);
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ error: { code: 'forbidden' } });
  });

  it.each(notForOfficers)('an officer is refused %s over IPC', async (method) => {
    expect(await ipc.invoke({ method, input: {}, token: officer })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('the same supervisor-only call succeeds for a supervisor on both transports', async () => {
    expect((await postJson(`${hub.url}/api/devices.list`, {}, supervisor)).status).toBe(200);
    expect(await ipc.invoke({ method: 'devices.list', input: {}, token: supervisor })).toMatchObject({ ok: true });
    // …and the officer can do what officers do.
    expect((await postJson(`${hub.url}/api/hall.config`, {}, officer)).status).toBe(200);
    expect(await ipc.invoke({ method: 'hall.config', input: {}, token: officer })).toMatchObject({ ok: true });
  });

  it.each(notPublic)('an unpaired device gets 401 for %s', async (method) => {
    const answer = await postJson(`${hub.url}/api/${method}`, {});
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: { code: 'unauthorized', message: expect.stringContaining('ghép nối') } });
    const forged = await postJson(`${hub.url}/api/${method}`, {}, 'mcd_forged-credential');
    expect(forged.status).toBe(401);
  });

  it('an unknown method without a credential is 401 too (nothing is revealed)', async () => {
    expect((await postJson(`${hub.url}/api/hall.dropEverything`, {})).status).toBe(401);
  });

  it.each(notPublic)('a window without a logged-in officer is refused %s over IPC', async (method) => {
    expect(await ipc.invoke({ method, input: {} })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await ipc.invoke({ method, input: {}, token: 'mcs_not-a-session' })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
  });

  it('an event socket without a credential is closed with 4401', async () => {
    const socket = new WebSocket(`${hub.url.replace('http', 'ws')}/events`);
    expect(await new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)))).toBe(4401);
  });

  it('a logged-out session stops working at once', async () => {
    const { token } = await loginAs(core, 'supervisor');
    expect((await postJson(`${hub.url}/api/auth.logout`, {}, token)).status).toBe(200);
    expect((await postJson(`${hub.url}/api/devices.list`, {}, token)).status).toBe(401);
  });
});
