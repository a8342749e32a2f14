import { AppError, StoredFileSchema, type Bridge, type EventName, type EventPayload, type PreloadApi } from '../../shared/contract';
import { EventListeners } from './listeners';

/** The contract over Electron IPC, through the preload's `window.motcua`. */
export function createIpcBridge(api: PreloadApi, token: () => string | undefined = () => undefined): Bridge {
  const listeners = new EventListeners();
  api.onEvent((frame) => listeners.dispatch(frame));
  return {
    async call(method, input) {
      const outcome = await api.call(method, input ?? {}, token());
      if (outcome.ok) return outcome.result as never;
      throw new AppError(outcome.error.code, outcome.error.message, outcome.error.details);
    },
    async upload(bytes) {
      // IPC carries the bytes to our own process; base64 keeps the one contract call that exists for it.
      let binary = '';
      const CHUNK = 0x8000;
      for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
      const outcome = await api.call('files.put', { base64: btoa(binary) }, token());
      if (!outcome.ok) throw new AppError(outcome.error.code, outcome.error.message, outcome.error.details);
      const stored = StoredFileSchema.safeParse(outcome.result);
      if (!stored.success) throw new AppError('internal', 'Lỗi nội bộ: máy chủ trả lời sai khi lưu tệp.');
      return stored.data;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      return listeners.add(event, listener as (payload: unknown) => void);
    },
    onConnection(listener) {
      // The main process is always there for its own window.
      listener(true);
      return listeners.addConnection(listener);
    },
  };
}
