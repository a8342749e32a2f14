/**
 * The ticket printer driver against real protocol peers: a TCP listener (raw
 * port 9100 style), a socat pty pair (serial), and a file. The bytes are
 * decoded on the far side (text, raster → PNG, QR, cut) and checked.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import type { IssuedTicket, PrinterAlert } from '../../shared/contract';
import { encodeStatus } from '../../electron/core/devices/printer/escpos';
import type { Core } from '../../electron/core/app';
import { testCore } from '../support/core';
import { EscPosDecoder, inkRatio, rasterToPng, startTcpPrinterPeer, type DecodedJob, type TcpPrinterPeer } from '../support/escpos-decoder';
import { tempDir } from '../support/temp-dir';

const OUT = path.resolve('test-results/printer');
const kiosk = { caller: { role: 'kiosk' as const, deviceId: 'kiosk-test' } };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function core(printer: string): Core {
  const c = testCore({ devices: { printer } });
  cleanups.push(() => c.close());
  return c;
}

async function issue(c: Core, serviceId: string, priorityGroup?: string): Promise<IssuedTicket> {
  const r = await c.router.call('queue.issueTicket', { serviceId, ...(priorityGroup ? { priorityGroup } : {}) }, kiosk);
  if (!r.ok) throw new Error(r.error.message);
  return r.result as IssuedTicket;
}

function checkTicket(job: DecodedJob, ticket: IssuedTicket, name: string): void {
  expect(job.ops[0]).toBe('init');
  expect(job.ops.at(-1)).toBe('cut');
  expect(job.ops.indexOf('raster')).toBeLessThan(job.ops.indexOf('qr'));
  expect(job.texts[0]).toBe(ticket.number);
  expect(job.texts[1]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
  expect(job.qrs).toEqual([ticket.qr]);
  expect(ticket.qr).toContain(ticket.id);
  expect(job.rasters).toHaveLength(1);
  const raster = job.rasters[0]!;
  expect(raster.width).toBe(576);
  expect(raster.height).toBeGreaterThan(250);
  // Text, not a blank or a black page.
  expect(inkRatio(raster)).toBeGreaterThan(0.02);
  expect(inkRatio(raster)).toBeLessThan(0.4);
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, `${name}.png`), rasterToPng(raster));
}

describe('ticket printer over TCP', () => {
  let peer: TcpPrinterPeer;
  async function startPeer() {
    peer = await startTcpPrinterPeer();
    cleanups.push(() => peer.close());
    return peer;
  }

  it('prints a Vietnamese ticket as raster + native QR + number + cut; the raster reads back as Vietnamese', async () => {
    await startPeer();
    const c = core(`tcp://127.0.0.1:${peer.port}`);
    const ticket = await issue(c, 'dat-dai', 'nguoi-cao-tuoi');
    expect(ticket.print.status).toBe('printed');
    const [job] = await peer.waitForJobs(1);
    checkTicket(job!, ticket, 'ticket-tcp-vietnamese');
    // The status was asked (DLE EOT 1–4) before the job.
    expect(peer.decoder()[0]!.statusRequests).toEqual([1, 2, 3, 4]);
    // An independent reader (tesseract, Vietnamese model) finds the diacritics drawn on the ticket.
    const ocr = spawnSync('tesseract', [path.join(OUT, 'ticket-tcp-vietnamese.png'), '-', '-l', 'vie'], { encoding: 'utf8' });
    expect(ocr.status).toBe(0);
    const text = ocr.stdout.normalize('NFC');
    expect(text).toContain('PHIẾU SỐ THỨ TỰ');
    expect(text).toContain('Đất đai');
    expect(text).toContain('Người cao tuổi');
  });

  it('paper out: the number is still given, the supervisor is alerted in Vietnamese, doctor says why', async () => {
    await startPeer();
    peer.status.answers = encodeStatus({ paperOut: true });
    const c = core(`tcp://127.0.0.1:${peer.port}`);
    const alerts: PrinterAlert[] = [];
    c.bus.subscribe((event, payload) => {
      if (event === 'queue.printerAlert') alerts.push(payload as PrinterAlert);
    });
    const ticket = await issue(c, 'ho-tich');
    expect(ticket.number).toBe('A001');
    expect(ticket.print.status).toBe('failed');
    expect(ticket.print.message).toContain('Hết giấy');
    expect(peer.jobs).toHaveLength(0);
    expect(alerts.some((a) => a.ticketNumber === 'A001' && a.message.includes('Hết giấy'))).toBe(true);
    const doctor = await c.router.call('system.doctor', {}, { caller: { role: 'supervisor' } });
    expect(
      doctor.ok &&
        (doctor.result as { checks: { id: string; status: string; detail: string }[] }).checks.find((x) => x.id === 'ticket-printer'),
    ).toMatchObject({ status: 'error', detail: 'Hết giấy: hãy thay cuộn giấy mới.' });
    // Paper back in: the next ticket prints, numbering goes on.
    peer.status.answers = encodeStatus({});
    const next = await issue(c, 'ho-tich');
    expect([next.number, next.print.status]).toEqual(['A002', 'printed']);
    await peer.waitForJobs(1);
  });

  it('cover open is reported as such', async () => {
    await startPeer();
    peer.status.answers = encodeStatus({ coverOpen: true });
    const c = core(`tcp://127.0.0.1:${peer.port}`);
    const r = await c.router.call('queue.printerStatus', {}, { caller: { role: 'supervisor' } });
    expect(r.ok && (r.result as { status: { message: string } }).status.message).toBe('Nắp máy in đang mở: hãy đóng nắp.');
  });

  it('printer unreachable: the ticket is issued and shown, the print fails with a Vietnamese reason', async () => {
    await startPeer();
    const port = peer.port;
    await peer.close();
    const c = core(`tcp://127.0.0.1:${port}`);
    const ticket = await issue(c, 'cu-tru');
    expect(ticket.number).toBe('C001');
    expect(ticket.print).toMatchObject({ status: 'failed' });
    expect(ticket.print.message).toMatch(/Không kết nối được máy in 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    const stored = c.db.prepare('SELECT number FROM queue_tickets').pluck().all();
    expect(stored).toEqual(['C001']);
  });
});

describe('ticket printer over a serial port (socat pty pair)', () => {
  it('prints through the pty and answers DLE EOT on the other end', async () => {
    const dir = tempDir();
    const a = path.join(dir, 'ttyA');
    const b = path.join(dir, 'ttyB');
    const socat: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
    cleanups.push(() => {
      socat.kill();
    });
    for (let i = 0; i < 50 && !(fs.existsSync(a) && fs.existsSync(b)); i++) await new Promise((r) => setTimeout(r, 50));
    const port = new SerialPort({ path: b, baudRate: 115200 });
    await new Promise<void>((resolve, reject) => port.on('open', resolve).on('error', reject));
    cleanups.push(() => new Promise<void>((resolve) => port.close(() => resolve())));
    const jobs: DecodedJob[] = [];
    const decoder = new EscPosDecoder(
      () => 0x12,
      (bytes) => port.write(bytes),
      (job) => jobs.push(job),
    );
    port.on('data', (chunk: Buffer) => decoder.feed(chunk));

    const c = core(`serial:${a}?baud=115200`);
    const first = await issue(c, 'chung-thuc');
    const second = await issue(c, 'xa-hoi', 'phu-nu-mang-thai');
    expect([first.print.status, second.print.status]).toEqual(['printed', 'printed']);
    for (let i = 0; i < 100 && jobs.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(jobs).toHaveLength(2);
    checkTicket(jobs[0]!, first, 'ticket-serial-1');
    checkTicket(jobs[1]!, second, 'ticket-serial-2');
    expect(decoder.statusRequests).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
    expect(decoder.pending()).toBe(0);
  });
});

describe('ticket printer to a file', () => {
  it('appends each ticket as raw ESC/POS', async () => {
    const file = path.join(tempDir(), 'tickets.bin');
    const c = core(`file:${file}`);
    const t1 = await issue(c, 'kinh-doanh');
    const t2 = await issue(c, 'kinh-doanh');
    const decoder = new EscPosDecoder();
    decoder.feed(fs.readFileSync(file));
    expect(decoder.jobs.map((j) => j.texts[0])).toEqual([t1.number, t2.number]);
    checkTicket(decoder.jobs[1]!, t2, 'ticket-file');
  });
});

describe('demo printer', () => {
  it('keeps each ticket as a PNG the supervisor page shows', async () => {
    const c = core('');
    const t = await issue(c, 'ho-tich');
    expect(t.print.status).toBe('simulated');
    const r = await c.router.call('queue.printedTickets', { limit: 5 }, { caller: { role: 'supervisor' } });
    const printed = r.ok ? (r.result as { number: string; pngBase64: string }[]) : [];
    expect(printed.map((p) => p.number)).toEqual(['A001']);
    const png = Buffer.from(printed[0]!.pngBase64, 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(path.join(OUT, 'ticket-demo.png'), png);
  });
});

describe('a printer that never answers DLE EOT', () => {
  it('still prints, is reported as not answering, and is not asked before every ticket', async () => {
    const peer = await startTcpPrinterPeer();
    cleanups.push(() => peer.close());
    peer.status.answers = null;
    const c = core(`tcp://127.0.0.1:${peer.port}`);
    for (let i = 0; i < 4; i++) expect((await issue(c, 'ho-tich')).print.status).toBe('printed');
    await peer.waitForJobs(4);
    expect(peer.decoder().map((d) => d.statusRequests.length)).toEqual([4, 4, 0, 0]);
    const r = await c.router.call('queue.printerStatus', {}, { caller: { role: 'supervisor' } });
    expect(r.ok && (r.result as { status: { status: string; message: string } }).status).toMatchObject({
      status: 'warn',
      message: 'Máy in không trả lời lệnh đọc trạng thái (DLE EOT); vẫn gửi lệnh in.',
    });
  });
});
