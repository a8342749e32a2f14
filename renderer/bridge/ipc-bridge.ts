import { AppError, type Bridge, type EventName, type EventPayload, type PreloadApi } from '../../shared/contract';
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
