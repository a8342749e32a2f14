/**
 * Starts this PC's code readers — a serial reader (`--qr-scanner`) and HID-POS
 * readers (`--hid-reader`) — behind one CodeReads, bound to the screen they
 * serve (`--reader-screen`).
 */
import type { ReadScreen } from '../../../shared/contract';
import type { CoreConfig } from '../config';
import { SerialQrScanner, parseSerialTarget } from './qr-scanner';
import type { EventBus } from '../events';
import type { HealthSource } from './health';
import { HidPosReaders, nodeHidBackend, parseReaderSelector, type HidBackend } from './hid-reader';
import { CodeReads } from './hid-reads';

/** `local` | `staff` | `device:<id>`; unset: this PC's windows in Electron, every staff screen in web mode (as before). */
export function parseReaderScreen(text: string | undefined, transport: CoreConfig['transport']): ReadScreen {
  if (text === undefined) return transport === 'electron' ? { kind: 'local' } : { kind: 'staff' };
  if (text === 'local' || text === 'staff') return { kind: text };
  const m = /^device:(.{1,100})$/.exec(text);
  if (m) return { kind: 'device', deviceId: m[1]! };
  throw new Error(`--reader-screen must be local, staff or device:<id>, got ${text}`);
}

export interface CodeReaderSetup {
  reads: CodeReads;
  health: HealthSource[];
  close(): Promise<void>;
}

export function startCodeReaders(config: CoreConfig, bus: EventBus, backend?: () => Promise<HidBackend>): CodeReaderSetup {
  const reads = new CodeReads(bus, parseReaderScreen(config.devices.readerScreen, config.transport));
  const health: HealthSource[] = [];
  const closers: (() => void | Promise<void>)[] = [];

  const serialTarget = config.devices.qrScanner ? parseSerialTarget(config.devices.qrScanner) : null;
  if (config.devices.qrScanner && !serialTarget)
    throw new Error(`--qr-scanner must be serial:PATH[?baud=N], got ${config.devices.qrScanner}`);
  if (serialTarget) {
    const serial = new SerialQrScanner(serialTarget, (line, source) => reads.accept({ origin: 'serial', text: line, qr: false, source }));
    health.push(serial.health());
    void serial.start();
    closers.push(() => serial.close());
  }

  const hidSpec = config.devices.hidReader ?? (config.transport === 'electron' ? 'auto' : 'off');
  if (hidSpec !== 'off') {
    const selector = parseReaderSelector(hidSpec);
    if (!selector) throw new Error(`--hid-reader must be auto, VVVV:PPPP or off, got ${hidSpec}`);
    let readers: HidPosReaders | undefined;
    let loadError: string | undefined;
    let closed = false;
    const starting = (backend ?? nodeHidBackend)().then(
      (b) => {
        if (closed) return;
        readers = new HidPosReaders(b, selector, reads);
        readers.start();
      },
      (error: unknown) => void (loadError = error instanceof Error ? error.message : String(error)),
    );
    const name = 'Máy đọc mã QR/mã vạch (USB HID-POS)';
    health.push({
      id: 'hid-readers',
      check: () =>
        readers?.health().check() ??
        (loadError
          ? { id: 'hid-readers', name, status: 'error', detail: `Không tải được thư viện node-hid: ${loadError}` }
          : { id: 'hid-readers', name, status: 'warn', detail: 'Đang khởi động.' }),
    });
    closers.push(async () => {
      closed = true;
      await starting;
      readers?.close();
    });
  }
  return { reads, health, close: async () => void (await Promise.all(closers.map((c) => c()))) };
}
