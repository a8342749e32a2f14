import { create } from 'zustand';

const KEY = 'motcua.officer';

/** The officer's name as printed on forms; remembered on this PC until login exists. */
export const useOfficer = create<{ name: string; set: (name: string) => void }>((set) => ({
  name: localStorage.getItem(KEY) ?? 'Cán bộ tiếp nhận',
  set: (name) => {
    localStorage.setItem(KEY, name);
    set({ name });
  },
}));
