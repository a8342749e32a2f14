/**
 * The Electron IPC surface, kept free of runtime imports: the sandboxed preload
 * bundles this file and must stay a few KB (no zod, no schemas). The main
 * process validates every call (electron/ipc/bind-ipc.ts and the router).
 */
import type { ErrorBody } from './errors';

/** The event frame sent over IPC and WebSocket. */
export interface EventFrame {
  event: string;
  payload?: unknown;
}

/**
 * What the preload script exposes on `window.motcua`: a single call channel
 * and a single event channel, nothing else of Electron or Node.
 */
export interface PreloadApi {
  /** `token`: the session or device credential the page holds (localStorage), checked by the main process. */
  call(method: string, input: unknown, token?: string): Promise<{ ok: true; result: unknown } | { ok: false; error: ErrorBody['error'] }>;
  onEvent(listener: (frame: EventFrame) => void): () => void;
}
export const PRELOAD_GLOBAL = 'motcua';
/** Every IPC channel carries this prefix. */
export const IPC_CALL_CHANNEL = 'motcua:call';
export const IPC_EVENT_CHANNEL = 'motcua:event';
