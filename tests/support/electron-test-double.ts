/**
 * A TEST DOUBLE of the slice of Electron's API that electron/main.ts and
 * electron/preload.ts use — not Electron. It records what the bundled main
 * process asks for (handlers, guards, dialogs, windows) so
 * tests/integration/electron-bundle.test.ts can load dist-electron/*.cjs under
 * plain Node, where no Electron runtime exists. Member names and signatures are
 * typed against the real `electron` declarations, so an API the main process
 * uses that Electron renamed or dropped fails the type-check here.
 */
import type Electron from 'electron';
import Module from 'node:module';

type Listener = (...args: never[]) => unknown;

/** What a web contents was given: event listeners and the window-open handler. */
export class WebContentsDouble {
  private static nextId = 1;
  readonly id = WebContentsDouble.nextId++;
  readonly listeners = new Map<string, Listener[]>();
  windowOpenHandler?: Parameters<Electron.WebContents['setWindowOpenHandler']>[0];
  readonly sent: { channel: string; args: unknown[] }[] = [];

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  setWindowOpenHandler(handler: Parameters<Electron.WebContents['setWindowOpenHandler']>[0]): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  /** Fires a navigation-like event and answers whether a listener called preventDefault(). */
  prevented(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url: string): boolean {
    let prevented = false;
    const electronEvent = { preventDefault: () => void (prevented = true) };
    for (const listener of this.listeners.get(event) ?? []) Reflect.apply(listener, this, [electronEvent, url]);
    return prevented;
  }
}

export interface ElectronRecord {
  readyCalls: number;
  sandboxEnabled: boolean;
  appListeners: Map<string, Listener[]>;
  ipcHandlers: Map<string, Parameters<Electron.IpcMain['handle']>[1]>;
  permissionRequestHandler?: Parameters<Electron.Session['setPermissionRequestHandler']>[0];
  permissionCheckHandler?: Parameters<Electron.Session['setPermissionCheckHandler']>[0];
  devicePermissionHandler?: Parameters<Electron.Session['setDevicePermissionHandler']>[0];
  headersListener?: Listener;
  dialogs: Electron.MessageBoxOptions[];
  windows: { options: Electron.BrowserWindowConstructorOptions; url?: string; webContents: WebContentsDouble; closed: boolean }[];
  errorBoxes: { title: string; content: string }[];
  openedExternally: string[];
  quit: boolean;
}

export interface ElectronTestDouble {
  /** The object handed to `require('electron')`. */
  readonly module: Record<string, unknown>;
  readonly record: ElectronRecord;
  /** Resolves app.whenReady(). */
  ready(): void;
  /** Emits an `app` event to the listeners main registered. */
  emitApp(event: string, ...args: unknown[]): void;
}

/**
 * A stand-in for the OS key store: reversible, but never the clear text on disk, so a test can tell that a
 * secret went through safeStorage. `available: false` models Linux without a keyring.
 */
export function safeStorageDouble(available = true) {
  const seal = (text: string) => Buffer.from(`sealed:${Buffer.from(text, 'utf8').toString('hex')}`, 'utf8');
  return {
    isEncryptionAvailable: (): ReturnType<Electron.SafeStorage['isEncryptionAvailable']> => available,
    encryptString: (plainText: string): ReturnType<Electron.SafeStorage['encryptString']> => seal(plainText),
    decryptString: (encrypted: Buffer): ReturnType<Electron.SafeStorage['decryptString']> => {
      const text = encrypted.toString('utf8');
      if (!text.startsWith('sealed:')) throw new Error('test double: not sealed by this safeStorage');
      return Buffer.from(text.slice('sealed:'.length), 'hex').toString('utf8');
    },
    getSelectedStorageBackend: (): ReturnType<Electron.SafeStorage['getSelectedStorageBackend']> =>
      available ? 'gnome_libsecret' : 'basic_text',
  } satisfies Partial<Record<keyof Electron.SafeStorage, unknown>>;
}

export function createElectronTestDouble(options: {
  userData: string;
  isPackaged?: boolean;
  /** The button a message box answers (default: the first). */
  answer?: (messageOptions: Electron.MessageBoxOptions) => number;
  safeStorageAvailable?: boolean;
}): ElectronTestDouble {
  const record: ElectronRecord = {
    readyCalls: 0,
    sandboxEnabled: false,
    appListeners: new Map(),
    ipcHandlers: new Map(),
    dialogs: [],
    windows: [],
    errorBoxes: [],
    openedExternally: [],
    quit: false,
  };
  let resolveReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve));

  const app = {
    isPackaged: options.isPackaged ?? false,
    whenReady: (): ReturnType<Electron.App['whenReady']> => {
      record.readyCalls++;
      return readyPromise;
    },
    enableSandbox: (): ReturnType<Electron.App['enableSandbox']> => void (record.sandboxEnabled = true),
    getPath: (name: Parameters<Electron.App['getPath']>[0]): string => {
      if (name !== 'userData') throw new Error(`test double: getPath(${name}) not modelled`);
      return options.userData;
    },
    on: (event: string, listener: Listener) => {
      record.appListeners.set(event, [...(record.appListeners.get(event) ?? []), listener]);
      return app;
    },
    quit: (): ReturnType<Electron.App['quit']> => void (record.quit = true),
  } satisfies Partial<Record<keyof Electron.App, unknown>>;

  const ipcMain = {
    handle: (channel: string, listener: Parameters<Electron.IpcMain['handle']>[1]): void => void record.ipcHandlers.set(channel, listener),
    removeHandler: (channel: string): void => void record.ipcHandlers.delete(channel),
  } satisfies Partial<Record<keyof Electron.IpcMain, unknown>>;

  const defaultSession = {
    setPermissionRequestHandler: (handler: Parameters<Electron.Session['setPermissionRequestHandler']>[0]) =>
      void (record.permissionRequestHandler = handler),
    setPermissionCheckHandler: (handler: Parameters<Electron.Session['setPermissionCheckHandler']>[0]) =>
      void (record.permissionCheckHandler = handler),
    setDevicePermissionHandler: (handler: Parameters<Electron.Session['setDevicePermissionHandler']>[0]) =>
      void (record.devicePermissionHandler = handler),
    webRequest: {
      onHeadersReceived: (listener: Listener) => void (record.headersListener = listener),
    } satisfies Partial<Record<keyof Electron.WebRequest, unknown>>,
  } satisfies Partial<Record<keyof Electron.Session, unknown>>;

  class BrowserWindow {
    readonly webContents = new WebContentsDouble();
    private readonly entry: ElectronRecord['windows'][number];
    private readonly listeners = new Map<string, Listener[]>();
    constructor(windowOptions: Electron.BrowserWindowConstructorOptions) {
      this.entry = { options: windowOptions, webContents: this.webContents, closed: false };
      record.windows.push(this.entry);
    }
    on(event: string, listener: Listener): this {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    close(): ReturnType<Electron.BrowserWindow['close']> {
      if (this.entry.closed) return;
      this.entry.closed = true;
      for (const listener of this.listeners.get('closed') ?? []) Reflect.apply(listener, this, []);
    }
    loadURL(url: string): ReturnType<Electron.BrowserWindow['loadURL']> {
      this.entry.url = url;
      return Promise.resolve();
    }
    static getAllWindows(): BrowserWindow[] {
      return [];
    }
  }

  const module = {
    app,
    ipcMain,
    session: { defaultSession },
    BrowserWindow,
    dialog: {
      showMessageBox: (messageOptions: Electron.MessageBoxOptions): Promise<Electron.MessageBoxReturnValue> => {
        record.dialogs.push(messageOptions);
        return Promise.resolve({ response: options.answer?.(messageOptions) ?? 0, checkboxChecked: false });
      },
      showErrorBox: (title: string, content: string): ReturnType<Electron.Dialog['showErrorBox']> =>
        void record.errorBoxes.push({ title, content }),
    },
    safeStorage: safeStorageDouble(options.safeStorageAvailable ?? true),
    shell: {
      openExternal: (url: string): ReturnType<Electron.Shell['openExternal']> => {
        record.openedExternally.push(url);
        return Promise.resolve();
      },
    },
  } satisfies Partial<Record<keyof typeof Electron, unknown>>;

  return {
    module,
    record,
    ready: () => resolveReady(),
    emitApp: (event, ...args) => {
      for (const listener of record.appListeners.get(event) ?? []) Reflect.apply(listener, app, args);
    },
  };
}

/**
 * Makes `require('electron')` answer `stand_in` until the returned function is
 * called. Module._load is Node's internal CommonJS loader, not in its typings.
 */
export function hookElectronModule(standIn: unknown): () => void {
  const original: unknown = Reflect.get(Module, '_load');
  if (typeof original !== 'function') throw new Error('Module._load is not a function in this Node');
  Reflect.set(Module, '_load', function load(this: unknown, request: unknown, ...rest: unknown[]) {
    if (request === 'electron') return standIn;
    return Reflect.apply(original, this, [request, ...rest]);
  });
  return () => void Reflect.set(Module, '_load', original);
}

/** What the sandboxed preload was given: the one exposed global, and the IPC it used. */
export interface PreloadRecord {
  exposed: Map<string, unknown>;
  invoked: { channel: string; args: unknown[] }[];
  listeners: Map<string, Listener[]>;
}

/** A test double of the renderer-side `electron` module a sandboxed preload sees. */
export function createPreloadElectronDouble(): { module: Record<string, unknown>; record: PreloadRecord } {
  const record: PreloadRecord = { exposed: new Map(), invoked: [], listeners: new Map() };
  const module = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown): ReturnType<Electron.ContextBridge['exposeInMainWorld']> =>
        void record.exposed.set(key, api),
    } satisfies Partial<Record<keyof Electron.ContextBridge, unknown>>,
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]): Promise<unknown> => {
        record.invoked.push({ channel, args });
        return Promise.resolve({ ok: true, result: { echoed: args } });
      },
      on: (channel: string, listener: Listener) => {
        record.listeners.set(channel, [...(record.listeners.get(channel) ?? []), listener]);
      },
      removeListener: (channel: string, listener: Listener) => {
        record.listeners.set(
          channel,
          (record.listeners.get(channel) ?? []).filter((l) => l !== listener),
        );
      },
    } satisfies Partial<Record<keyof Electron.IpcRenderer, unknown>>,
  } satisfies Partial<Record<keyof typeof Electron, unknown>>;
  return { module, record };
}
