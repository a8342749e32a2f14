/**
 * A serial (or USB-CDC) QR scanner on the counter: it sends the code's text as
 * UTF-8 bytes ended by CR and/or LF. Lines are split on bytes and decoded
 * whole, so a Vietnamese letter split across two reads is never mangled. Each
 * line goes to the one source of reads (devices/hid-reads.ts), which checks and
 * routes it like an HID-POS read. (Keyboard-wedge scanners type into the QR
 * field; the screen runs the same check.)
 */
import { SerialPort } from 'serialport';
import type { DoctorCheck } from '../../../shared/contract';
import type { HealthSource } from './health';

export interface SerialTarget {
  path: string;
  baudRate: number;
}

/** `serial:PATH[?baud=N]` → path and baud rate (default 9600), or null when it is not a serial target. */
export function parseSerialTarget(target: string): SerialTarget | null {
  const m = /^serial:([^?]+)(?:\?baud=(\d+))?$/.exec(target.trim());
  if (!m) return null;
  return { path: m[1]!, baudRate: m[2] ? Number(m[2]) : 9600 };
}

/** Splits a byte stream into lines on CR/LF and decodes each complete line as UTF-8. */
export class LineSplitter {
  private pending = Buffer.alloc(0);
  push(chunk: Buffer): string[] {
    this.pending = Buffer.concat([this.pending, chunk]);
    const lines: string[] = [];
    let start = 0;
    for (let i = 0; i < this.pending.length; i++) {
      const b = this.pending[i];
      if (b === 0x0d || b === 0x0a) {
        if (i > start) lines.push(this.pending.subarray(start, i).toString('utf8'));
        start = i + 1;
      }
    }
    this.pending = this.pending.subarray(start);
    // A scanner that never ends its line would grow this forever.
    if (this.pending.length > 4096) this.pending = Buffer.alloc(0);
    return lines;
  }
}

export class SerialQrScanner {
  private port: SerialPort | null = null;
  private lastError: string | null = null;
  private scans = 0;

  constructor(
    private readonly target: SerialTarget,
    private readonly onLine: (line: string, source: string) => void,
  ) {}

  start(): Promise<void> {
    const splitter = new LineSplitter();
    return new Promise((resolve) => {
      const port = new SerialPort({ path: this.target.path, baudRate: this.target.baudRate, autoOpen: false });
      port.on('data', (chunk: Buffer) => {
        for (const line of splitter.push(chunk)) {
          this.scans++;
          this.onLine(line, this.target.path);
        }
      });
      port.on('error', (error) => (this.lastError = error.message));
      port.on('close', () => (this.lastError ??= 'cổng đã đóng'));
      port.open((error) => {
        if (error) this.lastError = error.message;
        else {
          this.port = port;
          this.lastError = null;
        }
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  health(): HealthSource {
    return {
      id: 'qr-scanner',
      check: (): DoctorCheck => {
        const ok = this.port?.isOpen === true && this.lastError === null;
        return {
          id: 'qr-scanner',
          name: 'Máy quét QR căn cước (cổng nối tiếp)',
          status: ok ? 'ok' : 'error',
          detail: ok
            ? `Đang nghe ${this.target.path} (${this.target.baudRate} baud), đã đọc ${this.scans} lần`
            : `Không mở được ${this.target.path}: ${this.lastError ?? 'chưa kết nối'}. Kiểm tra cáp và cấu hình --qr-scanner.`,
        };
      },
    };
  }
}
