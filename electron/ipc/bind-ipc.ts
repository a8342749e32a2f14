/**
 * Binds the contract router to Electron IPC. Written against the small slice
 * of `ipcMain` it uses, so it is tested with a fake here where no Electron
 * runtime exists; main.ts passes the real `ipcMain`.
 */
import { IPC_CALL_CHANNEL, type ErrorBody } from '../../shared/contract';
import type { CallContext, CallResult, Router } from '../core/contract/router';
import { z } from 'zod';

export interface IpcSenderFrame {
  url: string;
}

export interface IpcInvokeEventLike {
  senderFrame: IpcSenderFrame | null;
  sender: { id: number };
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface BindIpcOptions {
  router: Router;
  /** Only frames loaded from our own bundle may call: a navigated or injected frame is refused. */
  isTrustedUrl: (url: string) => boolean;
  /**
   * Who calls: the page sends the officer's session token (or a device
   * credential) with each call; main.ts resolves it with core.auth. No valid
   * token → the anonymous caller, which the router lets reach only log in.
   */
  contextFor: (event: IpcInvokeEventLike, token: string | undefined) => CallContext;
}

const CallRequestSchema = z.object({ method: z.string().min(1).max(100), input: z.unknown(), token: z.string().max(512).optional() });

function refusal(code: ErrorBody['error']['code'], message: string): CallResult {
  return { ok: false, error: { code, message } };
}

export function bindIpc(ipcMain: IpcMainLike, options: BindIpcOptions): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event, request) => {
    const url = event.senderFrame?.url;
    if (!url || !options.isTrustedUrl(url)) {
      return refusal('forbidden', 'Yêu cầu đến từ trang không được tin cậy.');
    }
    const parsed = CallRequestSchema.safeParse(request);
    if (!parsed.success) return refusal('invalid_input', 'Yêu cầu IPC sai định dạng.');
    return options.router.call(parsed.data.method, parsed.data.input, options.contextFor(event, parsed.data.token));
  });
  return () => ipcMain.removeHandler(IPC_CALL_CHANNEL);
}

/** True for the app's own pages: the packaged file:// bundle or the dev server. */
export function trustedUrlChecker(rendererEntry: string): (url: string) => boolean {
  const entry = new URL(rendererEntry);
  return (url) => {
    try {
      const candidate = new URL(url);
      if (entry.protocol === 'file:') return candidate.protocol === 'file:' && candidate.pathname === entry.pathname;
      return candidate.origin === entry.origin;
    } catch {
      return false;
    }
  };
}
