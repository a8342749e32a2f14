import { create } from 'zustand';
import type { HallConfig } from '../../shared/contract';
import { bridge } from '../bridge';

interface HallState {
  config: HallConfig | null;
  error: string | null;
  load: () => Promise<void>;
}

/** Services and counters, kept current by the hub's `hall.changed` events. */
export const useHall = create<HallState>((set) => ({
  config: null,
  error: null,
  load: async () => {
    try {
      set({ config: await bridge.call('hall.config', {}), error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
}));

bridge.on('hall.changed', (config) => useHall.setState({ config, error: null }));
// After a reconnect the hub may have changed while we were away: reload.
bridge.onConnection((connected) => {
  if (connected) void useHall.getState().load();
});
