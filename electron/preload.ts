/**
 * Preload: exposes exactly the contract on `window.motcua` — one call channel
 * and one event channel — and nothing else of Electron or Node.
 *
 * It imports only shared/contract/ipc.ts (constants and types), so the
 * sandboxed bundle stays a few KB: the main process validates every call
 * (bind-ipc.ts, the router), and the events come from the main process only.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, PRELOAD_GLOBAL, type EventFrame, type PreloadApi } from '../shared/contract/ipc';

function isEventFrame(frame: unknown): frame is EventFrame {
  return typeof frame === 'object' && frame !== null && 'event' in frame && typeof frame.event === 'string';
}

const api: PreloadApi = {
  async call(method, input, token) {
    return (await ipcRenderer.invoke(IPC_CALL_CHANNEL, { method, input, token })) as Awaited<ReturnType<PreloadApi['call']>>;
  },
  onEvent(listener: (frame: EventFrame) => void) {
    const handler = (_event: IpcRendererEvent, frame: unknown) => {
      if (isEventFrame(frame)) listener({ event: frame.event, payload: 'payload' in frame ? frame.payload : undefined });
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, api);
