import { create } from 'zustand';
import { bridge } from '../bridge';

interface ConnectionState {
  /** null until the first answer: the UI shows "connecting", not "offline". */
  connected: boolean | null;
}

export const useConnection = create<ConnectionState>(() => ({ connected: null }));

bridge.onConnection((connected) => useConnection.setState({ connected }));
