import { create } from 'zustand';
import type { SystemInfo } from '../../shared/contract';
import { bridge } from '../bridge';

interface SystemState {
  info: SystemInfo | null;
  load: () => Promise<void>;
}

export const useSystem = create<SystemState>((set) => ({
  info: null,
  load: async () => set({ info: await bridge.call('system.info', {}) }),
}));
