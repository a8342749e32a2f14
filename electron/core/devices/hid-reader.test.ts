/**
 * The HID-POS driver through an injected device with node-hid's `HID`
 * interface (data/error events, close): there is no virtual HID device on
 * these machines (no /dev/uhid), so this is the closest peer available.
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../../shared/contract';
import { EventBus } from '../events';
import { encodeReports } from './hid-pos-report';
import { HidPosReaders, parseReaderSelector, type HidBackend, type HidDeviceInfo, type HidDeviceLike } from './hid-reader';
import { CodeReads } from './hid-reads';

const CCCD = '079190001234|025123456|Trần Thị Hương|01021990|Nữ|Số 12 đường Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|15082021';
const HONEYWELL_POS: HidDeviceInfo = {
  vendorId: 0x0c2e,
  productId: 0x0b61,
  path: '/dev/hidraw3',
  manufacturer: 'Honeywell',
  product: '1900GSR',
  usagePage: 0x8c,
  usage: 0x02,
  interface: 0,
};

/** Stands in for a node-hid `HID` object: tests emit its `data` and `error` events. */
class FakeHid extends EventEmitter implements HidDeviceLike {
  closed = false;
  close(): void {
    this.closed = true;
  }
  send(reports: Uint8Array[]): void {
    for (const r of reports) this.emit('data', Buffer.from(r));
  }
}

class FakeBackend implements HidBackend {
  listed: HidDeviceInfo[] = [];
  opened: FakeHid[] = [];
  failOpen = false;
  devices(): HidDeviceInfo[] {
    return this.listed.map((d) => ({ ...d }));
  }
  open(): HidDeviceLike {
    if (this.failOpen) throw new Error('cannot open device with path /dev/hidraw3');
    const device = new FakeHid();
    this.opened.push(device);
    return device;
  }
  get last(): FakeHid {
    const device = this.opened.at(-1);
    if (!device) throw new Error('nothing opened');
    return device;
  }
}

const running: HidPosReaders[] = [];
afterEach(() => {
  for (const r of running.splice(0)) r.close();
});

function setup(options: { assemblyTimeoutMs?: number; pollMs?: number } = {}) {
  const bus = new EventBus();
  const events: { event: EventName; payload: unknown }[] = [];
  bus.subscribe((event, payload) => events.push({ event, payload }));
  const backend = new FakeBackend();
  const reads = new CodeReads(bus, { kind: 'local' });
  const readers = new HidPosReaders(backend, { kind: 'auto' }, reads, options);
  running.push(readers);
  return { backend, readers, events };
}

async function until(condition: () => boolean, ms = 3000): Promise<void> {
  for (const started = Date.now(); !condition(); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() - started > ms) throw new Error('timed out');
  }
}

describe('HID-POS readers through node-hid', () => {
  it('selectors: auto, vendor:product in hex', () => {
    expect(parseReaderSelector('auto')).toEqual({ kind: 'auto' });
    expect(parseReaderSelector('0c2e:0B61')).toEqual({ kind: 'ids', vendorId: 0x0c2e, productId: 0x0b61 });
    expect(parseReaderSelector('hid:1eab:1d10')).toEqual({ kind: 'ids', vendorId: 0x1eab, productId: 0x1d10 });
    expect(parseReaderSelector('keyboard')).toBeNull();
  });

  it('opens a reader on usage page 0x8C, and a multi-report CCCD read arrives as one checked, parsed read for its screen', () => {
    const { backend, readers, events } = setup();
    backend.listed = [HONEYWELL_POS, { ...HONEYWELL_POS, path: '/dev/hidraw4', usagePage: 0x01, usage: 0x02 }];
    readers.poll();
    expect(readers.openPaths()).toEqual(['/dev/hidraw3']);
    backend.last.send(encodeReports(Buffer.from(CCCD, 'utf8'), 'aim'));
    expect(events).toEqual([
      {
        event: 'dossier.qrScanned',
        payload: expect.objectContaining({
          source: 'Honeywell 1900GSR (0c2e:0b61)',
          screen: { kind: 'local' },
          result: expect.objectContaining({ ok: true, applicant: expect.objectContaining({ fullName: 'Trần Thị Hương' }) }),
        }),
      },
    ]);
  });

  it('a Code 128 read is a barcode read, not a CCCD', () => {
    const { backend, readers, events } = setup();
    backend.listed = [HONEYWELL_POS];
    readers.poll();
    backend.last.send(encodeReports(Buffer.from('000.00.12.H56-260105-0001'), 'aim', { aim: ']C0', vendorCode: 'j' }));
    expect(events).toEqual([
      {
        event: 'dossier.barcodeScanned',
        payload: { source: expect.any(String), text: '000.00.12.H56-260105-0001', screen: { kind: 'local' } },
      },
    ]);
  });

  it('unplugged mid-read: the half read is refused, the device closed; re-plugged: the next poll opens it and reads work', () => {
    const { backend, readers, events } = setup();
    backend.listed = [HONEYWELL_POS];
    readers.poll();
    const first = backend.last;
    const reports = encodeReports(Buffer.from(CCCD, 'utf8'), 'aim');
    first.send(reports.slice(0, 1));
    // node-hid's error on a pulled device (hidapi: "could not read from HID device").
    first.emit('error', new Error('could not read from HID device'));
    expect(first.closed).toBe(true);
    expect(readers.openPaths()).toEqual([]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      event: 'dossier.qrScanned',
      payload: { result: { ok: false, error: expect.stringContaining('hãy quét lại') } },
    });

    backend.listed = [];
    readers.poll();
    expect(backend.opened).toHaveLength(1);
    backend.listed = [HONEYWELL_POS];
    readers.poll();
    expect(backend.opened).toHaveLength(2);
    backend.last.send(reports);
    expect(events.at(-1)).toMatchObject({ event: 'dossier.qrScanned', payload: { result: { ok: true } } });
  });

  it('a reader gone from the device list is closed (hot-plug by polling), noticed within the poll interval', async () => {
    const { backend, readers } = setup({ pollMs: 20 });
    readers.start();
    backend.listed = [HONEYWELL_POS];
    await until(() => readers.openPaths().length === 1);
    const device = backend.last;
    backend.listed = [];
    await until(() => device.closed);
    expect(readers.openPaths()).toEqual([]);
  });

  it('a read whose next report never comes is refused after the assembly timeout', async () => {
    const { backend, readers, events } = setup({ assemblyTimeoutMs: 30 });
    backend.listed = [HONEYWELL_POS];
    readers.poll();
    backend.last.send(encodeReports(Buffer.from(CCCD, 'utf8'), 'aim').slice(0, 2));
    expect(events).toHaveLength(0);
    await until(() => events.length === 1);
    expect(events[0]).toMatchObject({ payload: { result: { ok: false } } });
  });

  it('garbage reports give one "scan again" message and do not stop the reader', () => {
    const { backend, readers, events } = setup();
    backend.listed = [HONEYWELL_POS];
    readers.poll();
    const garbage = new Uint8Array(64).fill(0xff);
    garbage[0] = 0x02;
    backend.last.send([garbage]);
    backend.last.send(encodeReports(Buffer.from(CCCD, 'utf8'), 'aim'));
    expect(events.map((e) => (e.payload as { result: { ok: boolean } }).result.ok)).toEqual([false, true]);
  });

  it('doctor: readers in HID-POS mode, a known scanner in keyboard mode with what to do, a device that cannot be opened', async () => {
    const { backend, readers } = setup();
    backend.listed = [
      HONEYWELL_POS,
      { vendorId: 0x1eab, productId: 0x0d10, path: '/dev/hidraw7', product: 'NLS-FM430', usagePage: 0x01, usage: 0x06, interface: 0 },
    ];
    readers.poll();
    const check = await readers.health().check();
    expect(check).toMatchObject({ id: 'hid-readers', status: 'warn' });
    expect(check.detail).toContain('Honeywell 1900GSR (0c2e:0b61): chế độ HID-POS');
    expect(check.detail).toContain('NLS-FM430 (1eab:0d10): đang ở chế độ bàn phím');

    const other = setup();
    other.backend.failOpen = true;
    other.backend.listed = [HONEYWELL_POS];
    other.readers.poll();
    expect(await other.readers.health().check()).toMatchObject({ status: 'warn', detail: expect.stringContaining('cannot open device') });
    other.backend.failOpen = false;
    other.readers.poll();
    expect(await other.readers.health().check()).toMatchObject({ status: 'ok' });
  });
});
