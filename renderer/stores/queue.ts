import { create } from 'zustand';
import type { Call, QueueState, Ticket } from '../../shared/contract';
import { bridge } from '../bridge';

interface QueueStore {
  state: QueueState | null;
  error: string | null;
  load: () => Promise<void>;
}

/** The hall queue, kept current by the hub's `queue.changed` events. */
export const useQueue = create<QueueStore>((set) => ({
  state: null,
  error: null,
  load: async () => {
    try {
      set({ state: await bridge.call('queue.state', {}), error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
}));

bridge.on('queue.changed', (state) => useQueue.setState({ state, error: null }));
// After a reconnect the hub may have moved on (or restarted): resynchronise.
bridge.onConnection((connected) => {
  if (connected) void useQueue.getState().load();
});

interface ServingTicketStore {
  /** The ticket being called or served at this counter; null when none. */
  ticket: Ticket | null;
  /** The ticket served just before (finished, skipped…), for a dossier saved after the officer pressed "Kết thúc". */
  previous: Ticket | null;
  counterId: string | null;
  set: (counterId: string, ticket: Ticket | null) => void;
}

/**
 * The ticket being served at this counter. The dossier reception reads it to
 * link the dossier it receives to the ticket (`queue.linkDossier`).
 */
export const useServingTicket = create<ServingTicketStore>((set, get) => ({
  ticket: null,
  previous: null,
  counterId: null,
  set: (counterId, ticket) => {
    const before = get();
    const sameCounter = before.counterId === counterId;
    const changed = before.ticket && before.ticket.id !== ticket?.id;
    set({
      counterId,
      ticket,
      previous: sameCounter ? (changed ? before.ticket : before.previous) : null,
    });
  },
}));

/** Calls as they happen, for the display board. */
export function onCall(listener: (call: Call) => void): () => void {
  return bridge.on('queue.called', listener);
}
