import { EventFrameSchema, events, isEventName, type EventFrame } from '../../shared/contract';

type AnyListener = (payload: unknown) => void;

/**
 * Event fan-out shared by both bridges. Frames come from outside the page
 * (IPC or network), so each payload is validated against the contract first.
 */
export class EventListeners {
  private readonly byEvent = new Map<string, Set<AnyListener>>();
  private readonly connection = new Set<(connected: boolean) => void>();

  add(event: string, listener: AnyListener): () => void {
    let set = this.byEvent.get(event);
    if (!set) this.byEvent.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  addConnection(listener: (connected: boolean) => void): () => void {
    this.connection.add(listener);
    return () => this.connection.delete(listener);
  }

  dispatch(frame: EventFrame): void {
    if (!isEventName(frame.event)) return;
    const parsed = events[frame.event].safeParse(frame.payload);
    if (!parsed.success) {
      console.warn(`Bỏ qua sự kiện sai định dạng: ${frame.event}`);
      return;
    }
    for (const listener of this.byEvent.get(frame.event) ?? []) listener(parsed.data);
  }

  setConnected(connected: boolean): void {
    for (const listener of this.connection) listener(connected);
  }
}

/** A frame off the WebSocket (text from the network): the frame, or null for anything malformed. Never throws. */
export function parseEventFrame(data: unknown): EventFrame | null {
  if (typeof data !== 'string' || data.length > 16 * 1024 * 1024) return null;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const frame = EventFrameSchema.safeParse(json);
  return frame.success ? frame.data : null;
}
