import { describe, expect, it } from 'vitest';
import { IPC_CALL_CHANNEL } from '../../shared/contract';
import { testCore } from '../../tests/support/core';
import { bindIpc, trustedUrlChecker, type IpcInvokeEventLike, type IpcMainLike } from './bind-ipc';

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>;

/** Stands in for Electron's ipcMain: records handlers and lets the test invoke them. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  invoke(url: string | null, request: unknown) {
    const listener = this.handlers.get(IPC_CALL_CHANNEL);
    if (!listener) throw new Error('no handler');
    return listener({ senderFrame: url === null ? null : { url }, sender: { id: 1 } }, request);
  }
}

const ENTRY = 'file:///opt/motcua/dist/renderer/index.html';

function setup() {
  const core = testCore();
  const ipc = new FakeIpcMain();
  const unbind = bindIpc(ipc, {
    router: core.router,
    isTrustedUrl: trustedUrlChecker(ENTRY),
    contextFor: () => ({ caller: { role: 'admin' } }),
  });
  return { core, ipc, unbind };
}

describe('IPC binding', () => {
  it('serves the contract to the app’s own page', async () => {
    const { core, ipc } = setup();
    const answer = await ipc.invoke(`${ENTRY}#/counter`, { method: 'hall.config', input: {} });
    expect(answer).toMatchObject({ ok: true });
    await core.close();
  });

  it('rejects a malformed call with a clear error, like the hub does', async () => {
    const { core, ipc } = setup();
    const answer = await ipc.invoke(ENTRY, { method: 'hall.saveCounter', input: { number: 'one' } });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Dữ liệu gửi lên không hợp lệ.' } });
    expect(await ipc.invoke(ENTRY, 'not a request')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await core.close();
  });

  it.each([
    ['another file', 'file:///tmp/evil.html'],
    ['a web page', 'https://example.com/'],
    ['no frame', null],
  ])('refuses calls from %s', async (_label, url) => {
    const { core, ipc } = setup();
    expect(await ipc.invoke(url, { method: 'hall.config', input: {} })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await core.close();
  });

  it('unbinds cleanly', async () => {
    const { core, ipc, unbind } = setup();
    unbind();
    expect(ipc.handlers.size).toBe(0);
    await core.close();
  });
});
