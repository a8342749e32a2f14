/**
 * Electron main process: thin glue. The back end is `electron/core` (plain
 * Node); this file creates the window, applies the policies of
 * window-policy.ts, binds IPC and forwards events.
 */
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCore, type Core } from './core/app';
import { DEFAULT_PORT, defaultConfig } from './core/config';
import { acquireServeLock } from './core/db/serve-lock';
import { startHub, type Hub } from './core/hub/hub-server';
import { hallRoleOf, loadDesktopRole, saveDesktopRole } from './desktop-role';
import { desktopAuditKeyStore, desktopHallCredentials, desktopSecretBox, desktopVault } from './desktop-secrets';
import { chooseDesktopRole } from './first-run';
import { bindIpc, trustedUrlChecker } from './ipc/bind-ipc';
import { WindowEvents } from './ipc/window-events';
import {
  CONTENT_SECURITY_POLICY,
  EXTERNAL_HOSTS,
  allowExternalOpen,
  allowNavigation,
  decidePermission,
  secureWebPreferences,
} from './window-policy';

const RENDERER_ENTRY = process.env.MOTCUA_DEV_URL ?? pathToFileURL(path.join(__dirname, '../dist/renderer/index.html')).href;
const isTrusted = trustedUrlChecker(RENDERER_ENTRY);

let core: Core | undefined;
let hub: Hub | undefined;
let lock: { release: () => void } | undefined;

/** MOTCUA_HUB_HOST / MOTCUA_HUB_PORT move the hall hub off 0.0.0.0:8080 (8080 taken on this PC; the bundle load test). */
function hubAddress(): { host: string; port: number } {
  const port = Number(process.env.MOTCUA_HUB_PORT ?? DEFAULT_PORT);
  return {
    host: process.env.MOTCUA_HUB_HOST || '0.0.0.0',
    port: Number.isInteger(port) && port >= 0 && port <= 65535 ? port : DEFAULT_PORT,
  };
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1366,
    height: 860,
    title: 'Một Cửa',
    webPreferences: secureWebPreferences(path.join(__dirname, 'preload.cjs')),
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!allowNavigation(url, isTrusted)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (allowExternalOpen(url, EXTERNAL_HOSTS)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void window.loadURL(RENDERER_ENTRY);
  return window;
}

// resources/ is found by electron/core/resources.ts, packaged (process.resourcesPath) or not:
// module-level code asks for fonts before any line of this file runs.

app.enableSandbox();

app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(decidePermission(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => decidePermission(permission));
  // WebHID/WebSerial/WebUSB from the page: denied; devices belong to the main process (electron/core/devices).
  session.defaultSession.setDevicePermissionHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  const userData = app.getPath('userData');
  const dataDir = path.join(userData, 'data');
  const vault = desktopVault(userData, safeStorage);
  // First start: hub (or single desk) or a workstation of a hall, paired here; the choice is kept in userData.
  const role = loadDesktopRole(userData) ?? (await chooseDesktopRole((hubUrl) => desktopHallCredentials(vault, hubUrl, dataDir)));
  if (!role) return app.quit();
  saveDesktopRole(userData, role);
  const { hall, station } = hallRoleOf(role);
  // One core per data directory, as `serve`: a second copy of the app refuses and names the first.
  try {
    lock = acquireServeLock(dataDir);
  } catch (error) {
    dialog.showErrorBox('Một Cửa đang chạy', error instanceof Error ? error.message : String(error));
    return app.quit();
  }
  core = createCore(defaultConfig({ dataDir, transport: 'electron', hub: hubAddress(), hall, station }), {
    hallCredentials: hall.role === 'workstation' ? desktopHallCredentials(vault, hall.hubUrl, dataDir) : undefined,
    auditKeyStore: desktopAuditKeyStore(vault, dataDir),
    secretBox: desktopSecretBox(vault, safeStorage, dataDir),
  });
  core.forms.warm();
  // First start on this PC: the admin's one-time password is shown once, in a dialog of the main process.
  // A workstation's accounts are the hall's (checked by the hub): it makes none of its own.
  const first = hall.role === 'hub' ? await core.accounts.bootstrapAdmin() : null;
  if (first?.generated) {
    void dialog.showMessageBox({
      type: 'info',
      title: 'Một Cửa — lần chạy đầu tiên',
      message: `Đã tạo tài khoản quản trị.\n\nTên đăng nhập: ${first.username}\nMật khẩu một lần: ${first.password}\n\nMật khẩu này chỉ hiện một lần; hãy đổi ngay khi đăng nhập.`,
    });
  }
  // The counter PC also serves the hall's kiosks and displays when it is the hub.
  if (hall.role === 'hub' && process.env.MOTCUA_HUB !== 'off')
    hub = await startHub(core, { staticDir: path.join(__dirname, '../dist/renderer') });

  // Each window gets only the events its logged-in officer may see (nothing on the login screen).
  const windowEvents = new WindowEvents({ displayCitizenNames: core.config.privacy.displayCitizenNames });
  bindIpc(ipcMain, {
    router: core.router,
    isTrustedUrl: isTrusted,
    // The officer logs in on the window like anywhere else; the token comes with each call.
    contextFor: (event, token) => {
      const caller = core?.auth.callerOrAnonymous(token) ?? { role: 'anonymous' as const };
      windowEvents.remember(event.sender.id, caller);
      return { caller: { ...caller, deviceId: caller.deviceId ?? `window-${event.sender.id}` } };
    },
  });
  core.bus.subscribe((event, payload) => windowEvents.send(BrowserWindow.getAllWindows(), event, payload));

  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

// Every web contents (not only our window: also anything a bug might create) gets the same guards.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event, url) => {
    if (!allowNavigation(url, isTrusted)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!allowNavigation(url, isTrusted)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (allowExternalOpen(url, EXTERNAL_HOSTS)) void shell.openExternal(url);
    return { action: 'deny' };
  });
});

app.on('window-all-closed', () => {
  void (async () => {
    await hub?.close();
    await core?.close();
    lock?.release();
    app.quit();
  })();
});
