import { PRELOAD_GLOBAL, type Bridge, type PreloadApi } from '../../shared/contract';
import { credential } from './credential';
import { createHttpBridge } from './http-bridge';
import { createIpcBridge } from './ipc-bridge';

declare global {
  interface Window {
    [PRELOAD_GLOBAL]?: PreloadApi;
  }
}

/**
 * The only way UI code reaches the back end. Inside Electron the preload has
 * put `window.motcua` in place; in a browser (kiosk, display, web mode) the
 * page talks to the hub it was served from.
 */
function pickBridge(): Bridge {
  const api = window[PRELOAD_GLOBAL];
  if (api) return createIpcBridge(api, () => credential.current());
  return createHttpBridge({
    baseUrl: window.location.origin,
    token: () => credential.current(),
    onUnauthorized: () => credential.notifyUnauthorized(),
  });
}

export const bridge: Bridge = pickBridge();

export { credential } from './credential';
