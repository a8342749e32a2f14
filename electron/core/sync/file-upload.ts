/**
 * The upload pipeline (adapters with `files.kind === 'upload'`): ask what the
 * receiver has, then send only the missing chunks, resumably. Memory is bounded by
 * construction: one chunk buffer per concurrent upload, allocated once and reused,
 * so the process's footprint does not depend on when the garbage collector runs.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { z } from 'zod';
import type { FileStatus } from '../../../shared/provincial';
import type { Db } from '../db/database';
import type { FileStore } from '../files/file-store';
import { ProvincialError, type FileDelivery } from './adapter';
import type { Throttle } from './scheduling';
import { uploadStatements, type UploadStatements } from './sync-store';

type Upload = Extract<FileDelivery, { kind: 'upload' }>;

/** The part of a queued dossier payload the look-ahead reads (payloads were validated when queued). */
const LookaheadSchema = z.object({
  TaiLieuNop: z.array(z.object({ TepDinhKemId: z.string(), KichThuocTep: z.number(), IsDeleted: z.boolean().optional() })).default([]),
});

/** A fixed set of reusable buffers; `acquire` waits when all are in use. */
class BufferPool {
  private readonly free: Buffer[] = [];
  private readonly waiting: ((b: Buffer) => void)[] = [];
  constructor(count: number, size: number) {
    for (let i = 0; i < count; i++) this.free.push(Buffer.allocUnsafeSlow(size));
  }
  acquire(): Promise<Buffer> {
    const b = this.free.pop();
    return b ? Promise.resolve(b) : new Promise((resolve) => this.waiting.push(resolve));
  }
  release(b: Buffer): void {
    const next = this.waiting.shift();
    if (next) next(b);
    else this.free.push(b);
  }
}

const EMPTY_SHA = createHash('sha256').update(Buffer.alloc(0)).digest('hex');

export class UploadPipeline {
  private readonly statusCache = new Map<string, FileStatus>();
  private readonly pool: BufferPool;
  /** Compiled once: the look-ahead runs for most dossiers. */
  private readonly sql: UploadStatements;

  constructor(
    db: Db,
    private readonly files: FileStore,
    private readonly upload: Upload,
    private readonly throttle: Throttle,
    private readonly chunkSize: number,
    concurrency: number,
    private readonly countBytes: (itemId: number, bytes: number) => void,
  ) {
    this.pool = new BufferPool(concurrency, chunkSize);
    this.sql = uploadStatements(db);
  }

  /**
   * Sends every file of this list the receiver does not hold whole. The files go in parallel,
   * each waiting for a pooled buffer: the pool (one buffer per concurrent upload) bounds the
   * uploads in flight across all dossiers, and keeps them full while other dossiers push.
   */
  async send(itemId: number, files: { sha256: string; size: number }[]): Promise<number> {
    const todo = (await this.statusesFor(itemId, files)).filter((s) => !s.complete);
    const results = await Promise.allSettled(todo.map((s) => this.uploadFile(itemId, s.sha256, s.size, s.received)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return todo.length;
  }

  /**
   * What the receiver has of these files. One status request also covers the files
   * of the next pending dossiers (look-ahead), so most dossiers need no request of
   * their own. A stale answer is harmless: the receiver answers a chunk it already
   * has, or a file it already holds, without storing it again.
   */
  private async statusesFor(itemId: number, files: { sha256: string; size: number }[]): Promise<FileStatus[]> {
    const missing = files.filter((f) => !this.statusCache.has(f.sha256));
    if (missing.length > 0) {
      const ask = new Map(missing.map((f) => [f.sha256, { sha256: f.sha256, size: f.size }]));
      for (const payload of this.sql.pendingPayloadsAfter(itemId)) {
        const parsed = LookaheadSchema.safeParse(JSON.parse(payload));
        for (const t of parsed.success ? parsed.data.TaiLieuNop : []) {
          if (ask.size >= 200) break;
          if (t.IsDeleted || ask.has(t.TepDinhKemId) || this.statusCache.has(t.TepDinhKemId) || this.sql.fileKnown(t.TepDinhKemId))
            continue;
          ask.set(t.TepDinhKemId, { sha256: t.TepDinhKemId, size: t.KichThuocTep });
        }
      }
      if (this.statusCache.size > 5000) this.statusCache.clear();
      for (const status of await this.upload.status([...ask.values()])) this.statusCache.set(status.sha256, status);
    }
    return files.map((f) => {
      const status = this.statusCache.get(f.sha256);
      this.statusCache.delete(f.sha256);
      return status ?? { sha256: f.sha256, size: f.size, received: 0, complete: false };
    });
  }

  /** Sends a file from `offset` in chunks read from the FileStore into a pooled buffer. */
  private async uploadFile(itemId: number, sha256: string, size: number, offset: number): Promise<void> {
    if (size === 0) {
      await this.upload.uploadChunk(sha256, 0, 0, Buffer.alloc(0), EMPTY_SHA);
      return;
    }
    const buffer = await this.pool.acquire();
    const handle = await fs.open(this.files.pathOf(sha256), 'r');
    try {
      let position = offset;
      while (position < size) {
        const length = Math.min(this.chunkSize, size - position);
        const chunk = buffer.subarray(0, length);
        const { bytesRead } = await handle.read(chunk, 0, length, position);
        if (bytesRead !== length) throw new ProvincialError('rejected', `Tệp ${sha256.slice(0, 12)}… trong kho tệp bị thiếu dữ liệu.`);
        await this.throttle.take(length);
        const status = await this.upload.uploadChunk(sha256, size, position, chunk, createHash('sha256').update(chunk).digest('hex'));
        const sentNow = status.received - position;
        position = status.received;
        if (sentNow > 0) this.countBytes(itemId, sentNow);
        if (status.complete) break;
      }
    } finally {
      await handle.close();
      this.pool.release(buffer);
    }
  }
}
