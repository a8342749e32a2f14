import { events, type EventName, type EventPayload } from '../../shared/contract';

type Listener = (event: EventName, payload: unknown) => void;

/**
 * Typed in-process event bus. Services emit; transports (IPC, WebSocket)
 * subscribe to everything and forward frames to their clients.
 */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    // Payloads are checked in development and tests so a drifting emitter is caught early.
    const checked = events[event].safeParse(payload);
    if (!checked.success) throw new Error(`event ${event} does not match contract: ${checked.error.message}`);
    for (const listener of this.listeners) listener(event, checked.data);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
