/**
 * The credentials a page holds. An officer's session token (from logging in)
 * and a device credential (from pairing a kiosk or display) are kept apart, so
 * an officer logging out on a paired counter PC falls back to the device.
 * Inside Electron the main process checks the token on every IPC call, exactly
 * as the hub does over HTTP.
 */
export const SESSION_KEY = 'motcua.token';
export const DEVICE_KEY = 'motcua.device';

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

export const credential = {
  /** What goes with each call: the officer's session, else the device's credential. */
  current(): string | undefined {
    return localStorage.getItem(SESSION_KEY) ?? localStorage.getItem(DEVICE_KEY) ?? undefined;
  },
  hasDevice(): boolean {
    return localStorage.getItem(DEVICE_KEY) !== null;
  },
  setSession(token: string): void {
    localStorage.setItem(SESSION_KEY, token);
  },
  setDevice(token: string): void {
    localStorage.setItem(DEVICE_KEY, token);
  },
  clearSession(): void {
    localStorage.removeItem(SESSION_KEY);
  },
  clearAll(): void {
    localStorage.removeItem(SESSION_KEY);
    localStorage.removeItem(DEVICE_KEY);
  },
  /** The transport learnt that the credential no longer works (401, socket closed with 4401). */
  onUnauthorized(listener: Listener): () => void {
    unauthorizedListeners.add(listener);
    return () => unauthorizedListeners.delete(listener);
  },
  notifyUnauthorized(): void {
    for (const listener of unauthorizedListeners) listener();
  },
};
