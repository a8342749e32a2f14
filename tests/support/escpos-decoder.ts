/**
 * A small ESC/POS decoder playing the printer in tests: it understands the
 * commands a ticket uses (text, GS v 0 raster, GS ( k QR, cut, sizes, DLE EOT
 * status), answers status requests, and fails loudly on anything else.
 */
import { PNG } from 'pngjs';
import net from 'node:net';

export interface RasterOp {
  width: number;
  height: number;
  bits: Uint8Array;
}

export interface DecodedJob {
  texts: string[];
  rasters: RasterOp[];
  qrs: string[];
  /** Commands in order, for checks on the sequence (init, align, raster, qr, text, cut…). */
  ops: string[];
}

export class EscPosDecoder {
  private buffer = Buffer.alloc(0);
  private job: DecodedJob = emptyJob();
  private text = '';
  private storedQr: string | null = null;
  readonly jobs: DecodedJob[] = [];
  /** Status requests seen (n of DLE EOT n). */
  readonly statusRequests: number[] = [];

  constructor(
    private readonly answerStatus: (n: number) => number | null = () => 0x12,
    private readonly reply: (bytes: Buffer) => void = () => undefined,
    private readonly onJob: (job: DecodedJob) => void = () => undefined,
  ) {}

  feed(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const used = this.step(this.buffer);
      if (used === 0) return;
      this.buffer = this.buffer.subarray(used);
    }
  }

  /** Bytes left over that do not make a whole command. */
  pending(): number {
    return this.buffer.length;
  }

  /** Parses one command at the start of `b`; 0 when it is incomplete. */
  private step(b: Buffer): number {
    if (b.length === 0) return 0;
    const c = b[0]!;
    if (c === 0x0a) {
      this.job.texts.push(this.text);
      this.job.ops.push('text');
      this.text = '';
      return 1;
    }
    if (c >= 0x20 && c <= 0x7e) {
      this.text += String.fromCharCode(c);
      return 1;
    }
    if (c === 0x10) {
      if (b.length < 3) return 0;
      if (b[1] !== 0x04) throw new Error(`unknown DLE command ${b[1]}`);
      this.statusRequests.push(b[2]!);
      const answer = this.answerStatus(b[2]!);
      if (answer !== null) this.reply(Buffer.from([answer]));
      return 3;
    }
    if (c === 0x1b) {
      if (b.length < 2) return 0;
      const f = b[1]!;
      if (f === 0x40) return this.op('init', 2);
      if (f === 0x61 || f === 0x64 || f === 0x21) return b.length < 3 ? 0 : this.op(f === 0x61 ? 'align' : f === 0x64 ? 'feed' : 'font', 3);
      throw new Error(`unknown ESC command 0x${f.toString(16)}`);
    }
    if (c === 0x1d) {
      if (b.length < 2) return 0;
      const f = b[1]!;
      if (f === 0x21) return b.length < 3 ? 0 : this.op('size', 3);
      if (f === 0x56) {
        if (b.length < 3) return 0;
        const m = b[2]!;
        const length = m === 65 || m === 66 ? 4 : 3;
        if (b.length < length) return 0;
        this.op('cut', length);
        this.jobs.push(this.job);
        this.onJob(this.job);
        this.job = emptyJob();
        return length;
      }
      if (f === 0x76) {
        if (b.length < 8) return 0;
        if (b[2] !== 0x30) throw new Error('unknown GS v command');
        const widthBytes = b[4]! + b[5]! * 256;
        const height = b[6]! + b[7]! * 256;
        const total = 8 + widthBytes * height;
        if (b.length < total) return 0;
        this.job.rasters.push({ width: widthBytes * 8, height, bits: new Uint8Array(b.subarray(8, total)) });
        return this.op('raster', total);
      }
      if (f === 0x28) {
        if (b.length < 5) return 0;
        if (b[2] !== 0x6b) throw new Error('unknown GS ( command');
        const length = b[3]! + b[4]! * 256;
        const total = 5 + length;
        if (b.length < total) return 0;
        const fn = b[6]!;
        if (fn === 0x50) this.storedQr = b.subarray(8, total).toString('utf8');
        if (fn === 0x51) {
          if (this.storedQr === null) throw new Error('QR print without stored data');
          this.job.qrs.push(this.storedQr);
          this.job.ops.push('qr');
        }
        return total;
      }
      throw new Error(`unknown GS command 0x${f.toString(16)}`);
    }
    throw new Error(`unexpected byte 0x${c.toString(16)}`);
  }

  private op(name: string, length: number): number {
    this.job.ops.push(name);
    return length;
  }
}

function emptyJob(): DecodedJob {
  return { texts: [], rasters: [], qrs: [], ops: [] };
}

/** Raster (1 = black dot) to a black-on-white PNG. */
export function rasterToPng(raster: RasterOp): Buffer {
  const png = new PNG({ width: raster.width, height: raster.height });
  const widthBytes = raster.width / 8;
  for (let y = 0; y < raster.height; y++) {
    for (let x = 0; x < raster.width; x++) {
      const on = (raster.bits[y * widthBytes + (x >> 3)]! & (0x80 >> (x & 7))) !== 0;
      const i = (y * raster.width + x) * 4;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = on ? 0 : 255;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

export function inkRatio(raster: RasterOp): number {
  let on = 0;
  for (const byte of raster.bits) for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) on++;
  return on / (raster.width * raster.height);
}

export interface TcpPrinterPeer {
  port: number;
  decoder: () => EscPosDecoder[];
  jobs: DecodedJob[];
  /** Status answer bytes for DLE EOT 1–4 (null: never answer). */
  status: { answers: Uint8Array | null };
  /** When the last byte of each job (its cut) arrived, in performance.now() time, keyed by the job's ASCII number line. */
  arrivals: Map<string, number>;
  waitForJobs(count: number, timeoutMs?: number): Promise<DecodedJob[]>;
  close(): Promise<void>;
}

/** A raw TCP "printer" on a random port: one decoder per connection, as a 9100 printer handles one job per connection. */
export async function startTcpPrinterPeer(): Promise<TcpPrinterPeer> {
  const decoders: EscPosDecoder[] = [];
  const jobs: DecodedJob[] = [];
  const arrivals = new Map<string, number>();
  const status: { answers: Uint8Array | null } = { answers: Uint8Array.from([0x12, 0x12, 0x12, 0x12]) };
  const waiters: (() => void)[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const decoder = new EscPosDecoder(
      (n) => (status.answers ? (status.answers[n - 1] ?? null) : null),
      (bytes) => socket.write(bytes),
      (job) => {
        arrivals.set(job.texts[0] ?? '', performance.now());
        jobs.push(job);
        for (const w of waiters.splice(0)) w();
      },
    );
    decoders.push(decoder);
    socket.on('data', (chunk: Buffer) => {
      try {
        decoder.feed(chunk);
      } catch (error) {
        socket.destroy(error as Error);
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    decoder: () => decoders,
    jobs,
    status,
    arrivals,
    async waitForJobs(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (jobs.length < count) {
        if (Date.now() > deadline) throw new Error(`printer peer got ${jobs.length} of ${count} jobs`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return jobs;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
