import { create } from 'zustand';

const STORAGE_KEY = 'motcua.counterId';

interface CounterSession {
  /** Which counter this PC is; remembered across restarts. */
  counterId: string | null;
  choose: (counterId: string) => void;
}

export const useCounterSession = create<CounterSession>((set) => ({
  counterId: localStorage.getItem(STORAGE_KEY),
  choose: (counterId) => {
    localStorage.setItem(STORAGE_KEY, counterId);
    set({ counterId });
  },
}));
