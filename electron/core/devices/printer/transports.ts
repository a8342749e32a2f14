/**
 * Byte pipes to a ticket printer: raw TCP (port 9100), a serial port, a file
 * or device path. A session can write and ask a real-time status question.
 */
import fs from 'node:fs';
import net from 'node:net';
import { SerialPort } from 'serialport';
import { AppError } from '../../../../shared/contract';
import type { PrinterTarget } from './printer-target';

export interface PrinterSession {
  /** Sends `request` and waits for `answerLength` bytes; null when the printer does not answer in time. */
  query(request: Uint8Array, answerLength: number, timeoutMs: number): Promise<Uint8Array | null>;
  /** Resolves once the bytes have left this process (drained to the socket, port or disk). */
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export interface PrinterTransport {
  open(): Promise<PrinterSession>;
  /** Releases a port held open between jobs. */
  dispose(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 3000;

/** Collects incoming bytes so that a query can wait for its answer. */
class Inbox {
  private buffer = Buffer.alloc(0);
  private waiter: (() => void) | null = null;

  push(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    this.waiter?.();
  }

  clear(): void {
    this.buffer = Buffer.alloc(0);
  }

  async take(length: number, timeoutMs: number): Promise<Uint8Array | null> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length < length) {
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = null;
    }
    const out = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return new Uint8Array(out);
  }
}

function tcpTransport(host: string, port: number): PrinterTransport {
  return {
    async open() {
      const socket = await new Promise<net.Socket>((resolve, reject) => {
        const s = net.connect({ host, port });
        const timer = setTimeout(() => {
          s.destroy();
          reject(new AppError('device_error', `Máy in ${host}:${port} không trả lời (quá ${CONNECT_TIMEOUT_MS / 1000} giây).`));
        }, CONNECT_TIMEOUT_MS);
        s.once('connect', () => {
          clearTimeout(timer);
          resolve(s);
        });
        s.once('error', (error: NodeJS.ErrnoException) => {
          clearTimeout(timer);
          reject(new AppError('device_error', `Không kết nối được máy in ${host}:${port} (${error.code ?? error.message}).`));
        });
      });
      socket.setNoDelay(true);
      const inbox = new Inbox();
      let failure: Error | null = null;
      socket.on('data', (chunk: Buffer) => inbox.push(chunk));
      socket.on('error', (error) => {
        failure = error;
      });
      return {
        async query(request, answerLength, timeoutMs) {
          inbox.clear();
          socket.write(request);
          return inbox.take(answerLength, timeoutMs);
        },
        write: (data) =>
          new Promise<void>((resolve, reject) => {
            if (failure) return reject(new AppError('device_error', `Mất kết nối máy in: ${failure.message}`));
            socket.write(data, (error) =>
              error ? reject(new AppError('device_error', `Mất kết nối máy in: ${error.message}`)) : resolve(),
            );
          }),
        close: () =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              socket.destroy();
              resolve();
            }, 2000);
            socket.end(() => {
              clearTimeout(timer);
              resolve();
            });
          }),
      };
    },
    async dispose() {},
  };
}

function serialTransport(path: string, baudRate: number): PrinterTransport {
  let port: SerialPort | null = null;
  const inbox = new Inbox();

  async function ensureOpen(): Promise<SerialPort> {
    if (port?.isOpen) return port;
    const p = new SerialPort({ path, baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) =>
      p.open((error) => (error ? reject(new AppError('device_error', `Không mở được cổng máy in ${path}: ${error.message}`)) : resolve())),
    );
    p.on('data', (chunk: Buffer) => inbox.push(chunk));
    p.on('close', () => {
      if (port === p) port = null;
    });
    p.on('error', () => {
      if (port === p) port = null;
    });
    port = p;
    return p;
  }

  return {
    async open() {
      const p = await ensureOpen();
      return {
        async query(request, answerLength, timeoutMs) {
          inbox.clear();
          p.write(Buffer.from(request));
          return inbox.take(answerLength, timeoutMs);
        },
        write: (data) =>
          new Promise<void>((resolve, reject) => {
            p.write(Buffer.from(data), (error) => {
              if (error) return reject(new AppError('device_error', `Lỗi ghi cổng máy in ${path}: ${error.message}`));
              p.drain((drainError) =>
                drainError ? reject(new AppError('device_error', `Lỗi ghi cổng máy in ${path}: ${drainError.message}`)) : resolve(),
              );
            });
          }),
        async close() {},
      };
    },
    async dispose() {
      const p = port;
      port = null;
      if (p?.isOpen) await new Promise<void>((resolve) => p.close(() => resolve()));
    },
  };
}

function fileTransport(path: string): PrinterTransport {
  return {
    async open() {
      return {
        async query() {
          return null;
        },
        async write(data) {
          try {
            const fd = fs.openSync(path, 'a');
            try {
              fs.writeSync(fd, data);
              fs.fsyncSync(fd);
            } finally {
              fs.closeSync(fd);
            }
          } catch (error) {
            throw new AppError('device_error', `Không ghi được vào ${path}: ${(error as Error).message}`);
          }
        },
        async close() {},
      };
    },
    async dispose() {},
  };
}

export function openTransport(target: PrinterTarget): PrinterTransport | null {
  switch (target.kind) {
    case 'tcp':
      return tcpTransport(target.host, target.port);
    case 'serial':
      return serialTransport(target.path, target.baudRate);
    case 'file':
      return fileTransport(target.path);
    default:
      return null;
  }
}
