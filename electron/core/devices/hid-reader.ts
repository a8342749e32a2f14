/**
 * HID-POS bar code readers through node-hid: finds them (usage page 0x8C, or a
 * configured vendor:product id), notices plugging and unplugging by polling
 * the device list, reassembles each read (hid-pos-report.ts) and hands it to
 * CodeReads. Also notices a known scanner that is plugged in as a keyboard
 * (wedge mode), so doctor can say how to switch it.
 *
 * Written against the slice of node-hid's `HID` class it uses (data/error
 * events, close), so tests drive it with an injected device object.
 */
import type { DoctorCheck } from '../../../shared/contract';
import type { HealthSource } from './health';
import { HidPosAssembler, decodeRead, isQrSymbology, layoutForVendor, type AssemblerOutput } from './hid-pos-report';
import type { CodeReads } from './hid-reads';

/** HID usage page 0x8C "Bar Code Scanner" (HID POS Usage Tables 1.02). */
export const BAR_CODE_SCANNER_PAGE = 0x8c;
const GENERIC_DESKTOP_PAGE = 0x01;
const KEYBOARD_USAGE = 0x06;

/**
 * USB vendor IDs of the 2D imagers sold for one-stop desks (from the USB ID
 * registry, usb.ids): a keyboard interface from one of these is a reader in
 * wedge mode.
 */
export const SCANNER_VENDORS: Readonly<Record<number, string>> = {
  0x0c2e: 'Honeywell (Metrologic)',
  0x0536: 'Honeywell (Hand Held Products)',
  0x05e0: 'Zebra (Symbol)',
  0x05f9: 'Datalogic',
  0x1eab: 'Newland',
};

/** What node-hid's `devices()` lists (its `Device`). */
export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string;
  product?: string;
  manufacturer?: string;
  serialNumber?: string;
  usagePage?: number;
  usage?: number;
  interface: number;
}

/** The part of node-hid's `HID` the driver uses. */
export interface HidDeviceLike {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(event?: string): unknown;
  close(): void;
}

export interface HidBackend {
  devices(): HidDeviceInfo[];
  open(path: string): HidDeviceLike;
}

/** `auto` (every HID-POS reader) or `hid:VVVV:PPPP` (hex vendor and product id). */
export type ReaderSelector = { kind: 'auto' } | { kind: 'ids'; vendorId: number; productId: number };

export function parseReaderSelector(text: string): ReaderSelector | null {
  if (text === 'auto' || text === 'hid:auto') return { kind: 'auto' };
  const m = /^(?:hid:)?([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(text.trim());
  return m ? { kind: 'ids', vendorId: parseInt(m[1]!, 16), productId: parseInt(m[2]!, 16) } : null;
}

function matches(selector: ReaderSelector, device: HidDeviceInfo): boolean {
  if (device.usagePage !== BAR_CODE_SCANNER_PAGE) return false;
  return selector.kind === 'auto' || (device.vendorId === selector.vendorId && device.productId === selector.productId);
}

function isWedge(device: HidDeviceInfo): boolean {
  return device.vendorId in SCANNER_VENDORS && device.usagePage === GENERIC_DESKTOP_PAGE && device.usage === KEYBOARD_USAGE;
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

export function describeDevice(device: HidDeviceInfo): string {
  const name = [device.manufacturer, device.product].filter(Boolean).join(' ') || SCANNER_VENDORS[device.vendorId] || 'Máy đọc mã';
  return `${name} (${hex4(device.vendorId)}:${hex4(device.productId)})`;
}

interface OpenReader {
  info: HidDeviceInfo;
  device: HidDeviceLike;
  assembler: HidPosAssembler;
  timer?: NodeJS.Timeout;
  reads: number;
}

export interface HidReaderOptions {
  pollMs?: number;
  /** How long a started multi-report read may wait for its next report. */
  assemblyTimeoutMs?: number;
}

export class HidPosReaders {
  private readonly open = new Map<string, OpenReader>();
  private wedges: HidDeviceInfo[] = [];
  private poller?: NodeJS.Timeout;
  private lastError: string | null = null;
  private readonly pollMs: number;
  private readonly assemblyTimeoutMs: number;

  constructor(
    private readonly backend: HidBackend,
    private readonly selector: ReaderSelector,
    private readonly reads: CodeReads,
    options: HidReaderOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 2000;
    this.assemblyTimeoutMs = options.assemblyTimeoutMs ?? 1000;
  }

  start(): void {
    this.poll();
    this.poller = setInterval(() => this.poll(), this.pollMs);
    this.poller.unref();
  }

  close(): void {
    clearInterval(this.poller);
    for (const path of [...this.open.keys()]) this.drop(path);
  }

  /** One look at the device list: opens new readers, drops vanished ones. */
  poll(): void {
    let listed: HidDeviceInfo[];
    try {
      listed = this.backend.devices();
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      return;
    }
    const present = new Set<string>();
    for (const info of listed) {
      if (!info.path || !matches(this.selector, info)) continue;
      present.add(info.path);
      if (!this.open.has(info.path)) this.attach(info);
    }
    for (const path of [...this.open.keys()]) if (!present.has(path)) this.drop(path);
    this.wedges = listed
      .filter(isWedge)
      .filter(
        (w) => !listed.some((d) => d.usagePage === BAR_CODE_SCANNER_PAGE && d.vendorId === w.vendorId && d.productId === w.productId),
      );
  }

  /** Paths of the readers open now. */
  openPaths(): string[] {
    return [...this.open.keys()];
  }

  private attach(info: HidDeviceInfo): void {
    const path = info.path!;
    let device: HidDeviceLike;
    try {
      device = this.backend.open(path);
    } catch (error) {
      // Another program holds it, or no permission (udev rule): retried at the next poll.
      this.lastError = `${describeDevice(info)}: ${error instanceof Error ? error.message : String(error)}`;
      return;
    }
    const reader: OpenReader = { info, device, assembler: new HidPosAssembler(layoutForVendor(info.vendorId)), reads: 0 };
    this.open.set(path, reader);
    this.lastError = null;
    device.on('data', (data: Buffer) => this.onReport(reader, data));
    // node-hid reports an unplug as an error on the open device; the next poll re-opens it when it is back.
    device.on('error', (error: Error) => {
      this.lastError = `${describeDevice(info)}: ${error.message}`;
      this.drop(path);
    });
  }

  private onReport(reader: OpenReader, data: Buffer): void {
    clearTimeout(reader.timer);
    const output = reader.assembler.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (output) this.deliver(reader, output);
    if (reader.assembler.pending) {
      reader.timer = setTimeout(() => this.abandon(reader), this.assemblyTimeoutMs);
      reader.timer.unref();
    }
  }

  private abandon(reader: OpenReader): void {
    const output = reader.assembler.abandon();
    if (output) this.deliver(reader, output);
  }

  private deliver(reader: OpenReader, output: AssemblerOutput): void {
    const source = describeDevice(reader.info);
    if (output.kind === 'garbage') {
      this.reads.refuse(source, 'Lần quét không đọc trọn (máy quét gửi dữ liệu hỏng hoặc bị ngắt giữa chừng): hãy quét lại.');
      return;
    }
    reader.reads++;
    this.reads.accept({
      origin: 'hid-pos',
      text: decodeRead(output.bytes),
      qr: isQrSymbology(output.symbology, reader.assembler.layout),
      source,
    });
  }

  private drop(path: string): void {
    const reader = this.open.get(path);
    if (!reader) return;
    this.open.delete(path);
    clearTimeout(reader.timer);
    this.abandon(reader);
    reader.device.removeAllListeners();
    try {
      reader.device.close();
    } catch {
      // Already gone with the unplug.
    }
  }

  health(): HealthSource {
    return { id: 'hid-readers', check: () => this.check() };
  }

  private check(): DoctorCheck {
    const name = 'Máy đọc mã QR/mã vạch (USB HID-POS)';
    const readers = [...this.open.values()].map((r) => `${describeDevice(r.info)}: chế độ HID-POS, đã đọc ${r.reads} lần`);
    const wedges = this.wedges.map(
      (w) =>
        `${describeDevice(w)}: đang ở chế độ bàn phím — quét mã cấu hình "HID-POS" ở trang Giám sát → Thiết bị để chữ tiếng Việt không bị lỗi`,
    );
    const { refused, lastRefusal } = this.reads.stats();
    const refusals = refused > 0 ? [`${refused} lần quét bị từ chối; lần gần nhất: ${lastRefusal}`] : [];
    if (readers.length === 0 && wedges.length === 0) {
      return {
        id: 'hid-readers',
        name,
        status: 'warn',
        detail: `Chưa thấy máy đọc nào${this.lastError ? ` (${this.lastError})` : ''}. Cắm máy đọc vào cổng USB; máy được nhận trong vài giây.`,
      };
    }
    return { id: 'hid-readers', name, status: wedges.length > 0 ? 'warn' : 'ok', detail: [...readers, ...wedges, ...refusals].join('; ') };
  }
}

/** The real node-hid, loaded on first use (its native binding is not needed until a reader is wanted). */
export async function nodeHidBackend(): Promise<HidBackend> {
  const hid = await import('node-hid');
  return {
    devices: () => hid.devices(),
    open: (path) => new hid.HID(path),
  };
}
