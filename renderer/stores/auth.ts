import { create } from 'zustand';
import { AppError, type Me } from '../../shared/contract';
import { bridge, credential } from '../bridge';

interface AuthState {
  /** loading: asking the back end who we are; anonymous: no valid credential. */
  status: 'loading' | 'anonymous' | 'ready';
  me: Me | null;
  /** The back end could not be asked (hub down): shown with a retry. */
  error: string | null;
  load: () => Promise<void>;
  login: (username: string, password: string) => Promise<void>;
  pair: (code: string, name?: string) => Promise<void>;
  logout: () => Promise<void>;
}

/** After a credential changes the page reloads: every store and the event socket start over with it. */
function restart(): void {
  window.location.reload();
}

export const useAuth = create<AuthState>((set, get) => ({
  status: 'loading',
  me: null,
  error: null,
  load: async () => {
    if (!credential.current()) {
      set({ status: 'anonymous', me: null });
      return;
    }
    try {
      set({ status: 'ready', me: await bridge.call('auth.whoami', {}), error: null });
    } catch (error) {
      if (error instanceof AppError && error.code === 'unauthorized') {
        // An ended session falls back to the device credential, if any; a revoked device to pairing.
        if (localStorage.getItem('motcua.token')) {
          credential.clearSession();
          restart();
          return;
        }
        set({ status: 'anonymous', me: null });
        return;
      }
      // A hub that is restarting cannot answer who we are: a screen already shown stays (its own retries and
      // the socket's reconnect carry on) rather than turning into an error page that needs a touch.
      if (error instanceof AppError && error.code === 'unavailable' && get().status === 'ready') return;
      set({ error: (error as Error).message });
    }
  },
  login: async (username, password) => {
    const answer = await bridge.call('auth.login', { username, password });
    credential.setSession(answer.token);
    restart();
  },
  pair: async (code, name) => {
    const answer = await bridge.call('auth.pair', { code, ...(name ? { name } : {}) });
    credential.clearSession();
    credential.setDevice(answer.credential);
    restart();
  },
  logout: async () => {
    await bridge.call('auth.logout', {}).catch(() => undefined);
    credential.clearSession();
    restart();
  },
}));

credential.onUnauthorized(() => {
  if (useAuth.getState().status === 'ready') void useAuth.getState().load();
});
