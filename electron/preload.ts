/**
 * Preload: exposes exactly the contract on `window.motcua` — one call channel
 * and one event channel — and nothing else of Electron or Node.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  EventFrameSchema,
  IPC_CALL_CHANNEL,
  IPC_EVENT_CHANNEL,
  PRELOAD_GLOBAL,
  isMethodName,
  type EventFrame,
  type PreloadApi,
} from '../shared/contract';

const api: PreloadApi = {
  async call(method, input, token) {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'unknown_method', message: `Không có chức năng "${method}".` } };
    }
    return (await ipcRenderer.invoke(IPC_CALL_CHANNEL, { method, input, token })) as Awaited<ReturnType<PreloadApi['call']>>;
  },
  onEvent(listener: (frame: EventFrame) => void) {
    const handler = (_event: IpcRendererEvent, frame: unknown) => {
      const parsed = EventFrameSchema.safeParse(frame);
      if (parsed.success) listener(parsed.data);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, api);
