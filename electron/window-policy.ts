/**
 * Every security decision about Electron windows, as plain data and functions,
 * so tests check them without an Electron runtime. main.ts only applies them.
 */
import { CONTENT_SECURITY_POLICY } from './core/security/csp';

export interface SecureWebPreferences {
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  spellcheck: false;
  experimentalFeatures: false;
  plugins: true;
  /** Consecutive dialogs from a page can be suppressed by the user. */
  safeDialogs: true;
  preload: string;
}

export function secureWebPreferences(preload: string): SecureWebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    experimentalFeatures: false,
    // Only for Chromium's built-in PDF viewer: receipts and forms are previewed before printing.
    plugins: true,
    safeDialogs: true,
    preload,
  };
}

export { CONTENT_SECURITY_POLICY };

/** Permissions (camera, geolocation, notifications …) are refused: the app needs none from Chromium. */
export function decidePermission(_permission: string): boolean {
  return false;
}

/** In-app navigation is refused except to our own entry page (hash routes do not navigate). */
export function allowNavigation(targetUrl: string, isTrustedUrl: (url: string) => boolean): boolean {
  return isTrustedUrl(targetUrl);
}

/** Links the officer may open in the system browser: https only, on an allow-list of hosts. */
export function allowExternalOpen(targetUrl: string, allowedHosts: readonly string[]): boolean {
  try {
    const url = new URL(targetUrl);
    return url.protocol === 'https:' && allowedHosts.includes(url.hostname);
  } catch {
    return false;
  }
}

/** Public portals an officer may be sent to from the app. */
export const EXTERNAL_HOSTS = ['dichvucong.gov.vn', 'thutuc.dichvucong.gov.vn'] as const;
