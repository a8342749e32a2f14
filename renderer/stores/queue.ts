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
  counterId: string | null;
  set: (counterId: string, ticket: Ticket | null) => void;
}

/**
 * The ticket being served at this counter. The dossier reception reads it to
 * link the dossier it receives to the ticket (`queue.linkDossier`).
 */
export const useServingTicket = create<ServingTicketStore>((set) => ({
  ticket: null,
  counterId: null,
  set: (counterId, ticket) => set({ counterId, ticket }),
}));

/** Calls as they happen, for the display board. */
export function onCall(listener: (call: Call) => void): () => void {
  return bridge.on('queue.called', listener);
}
