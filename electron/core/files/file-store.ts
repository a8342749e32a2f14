import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { AppError } from '../../../shared/contract';
import fs from 'node:fs';
import path from 'node:path';
import { fsyncDirectory, makeDirectoryDurably, makeDirectoryDurablySync, writeAtomically, writeAtomicallyAsync } from './durable-write';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const STAGED_SUFFIX = '.staged';
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** Where a data directory keeps its content-addressed files. */
export function fileStoreFor(dataDir: string): FileStore {
  return new FileStore(path.join(dataDir, 'files'));
}

export interface StoredFile {
  sha256: string;
  size: number;
}

/**
 * Content-addressed store: a file's name is the SHA-256 of its bytes, so the
 * same scan stored twice takes the space once and sync can send files by hash.
 * Writes go to a temporary file, are fsynced, renamed, and the rename fsynced in
 * its directory, so a crash never leaves a half-written file under a real hash
 * and a file reported stored survives a power cut.
 */
export class FileStore {
  constructor(readonly root: string) {
    fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
    this.removeAbandonedStagedFiles();
  }

  /**
   * A process killed while its worker wrote a PDF leaves the staged file behind (never adopted, so
   * never named). Those older than an hour are removed at start; a younger one may belong to another
   * process on the same data directory that is still writing.
   */
  private removeAbandonedStagedFiles(now = Date.now()): void {
    for (const name of fs.readdirSync(this.stagingDir)) {
      if (!name.endsWith(STAGED_SUFFIX)) continue;
      const file = path.join(this.stagingDir, name);
      try {
        if (now - fs.statSync(file).mtimeMs > ABANDONED_AFTER_MS) fs.rmSync(file, { force: true });
      } catch {
        // Gone meanwhile (adopted or removed by its writer).
      }
    }
  }

  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.pathOf(sha256));
  }

  /** Where a writer in another thread stages a file before `adopt` (see StagedFile). */
  get stagingDir(): string {
    return path.join(this.root, 'tmp');
  }

  put(bytes: Uint8Array): StoredFile {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const target = this.pathOf(sha256);
    if (!fs.existsSync(target)) {
      makeDirectoryDurablySync(path.dirname(target));
      writeAtomically(target, bytes, path.join(this.root, 'tmp'));
    }
    return { sha256, size: bytes.byteLength };
  }

  /**
   * Like put, but never blocks the event loop: SHA-256 through WebCrypto (on
   * libuv's thread pool) and asynchronous write + fsync + rename. For big files
   * (assembled PDFs) stored while the UI runs.
   */
  async putAsync(bytes: Uint8Array): Promise<StoredFile> {
    const sha256 = Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex');
    const target = this.pathOf(sha256);
    if (!fs.existsSync(target)) {
      await makeDirectoryDurably(path.dirname(target));
      await writeAtomicallyAsync(target, bytes, path.join(this.root, 'tmp'));
    }
    return { sha256, size: bytes.byteLength };
  }

  /**
   * Stores a streamed upload without holding it in memory: written to a temporary file while hashed, then
   * fsynced, checked against the SHA-256 the sender announced, and renamed under that hash. A body that is
   * longer than `maxBytes` or does not match its hash leaves nothing behind.
   */
  async putStream(stream: AsyncIterable<Buffer> & Readable, expectedSha256: string, maxBytes: number): Promise<StoredFile> {
    if (!SHA256_HEX.test(expectedSha256)) throw new AppError('invalid_input', 'Thiếu hoặc sai mã SHA-256 của tệp gửi lên.');
    const tmp = path.join(this.root, 'tmp', `${expectedSha256}.${randomBytes(4).toString('hex')}.upload`);
    const hash = createHash('sha256');
    let size = 0;
    const handle = await fs.promises.open(tmp, 'w');
    try {
      for await (const chunk of stream) {
        size += chunk.length;
        if (size > maxBytes) {
          stream.resume();
          throw Object.assign(new AppError('invalid_input', `Tệp quá lớn (tối đa ${Math.floor(maxBytes / 1024 / 1024)} MB).`), {
            statusCode: 413,
          });
        }
        hash.update(chunk);
        await handle.write(chunk);
      }
      await handle.sync();
    } catch (error) {
      await handle.close();
      await fs.promises.rm(tmp, { force: true });
      throw error;
    }
    await handle.close();
    const actual = hash.digest('hex');
    if (actual !== expectedSha256) {
      await fs.promises.rm(tmp, { force: true });
      throw new AppError('invalid_input', 'Tệp nhận được không khớp mã SHA-256 gửi kèm (tệp hỏng trên đường truyền). Hãy gửi lại.', [
        actual,
      ]);
    }
    const target = this.pathOf(actual);
    await makeDirectoryDurably(path.dirname(target));
    await fs.promises.rename(tmp, target);
    await fsyncDirectory(path.dirname(target));
    return { sha256: actual, size };
  }

  /**
   * Takes in a file a StagedFile wrote, fsynced and named by its SHA-256: renamed under that hash
   * and the rename made durable (one fsync of the directory). The same content already stored
   * leaves the staged copy deleted.
   */
  async adopt(staged: string, sha256: string, size: number): Promise<StoredFile> {
    if (path.dirname(path.resolve(staged)) !== path.resolve(this.stagingDir)) throw new Error(`not a staged file: ${staged}`);
    const target = this.pathOf(sha256);
    if (fs.existsSync(target)) {
      await fs.promises.rm(staged, { force: true });
      return { sha256, size };
    }
    await makeDirectoryDurably(path.dirname(target));
    await fs.promises.rename(staged, target);
    await fsyncDirectory(path.dirname(target));
    return { sha256, size };
  }

  /** Reads a file without blocking the event loop. */
  getAsync(sha256: string): Promise<Buffer> {
    return fs.promises.readFile(this.pathOf(sha256));
  }

  /** Size in bytes, from the file system (no read). */
  size(sha256: string): number {
    return fs.statSync(this.pathOf(sha256)).size;
  }

  get(sha256: string): Buffer {
    return fs.readFileSync(this.pathOf(sha256));
  }

  /** Deletes a file (retention purge). Returns false when it was not there. */
  remove(sha256: string): boolean {
    try {
      fs.unlinkSync(this.pathOf(sha256));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }
}

/**
 * A file written in parts into the store's staging directory, by whichever
 * thread produced the bytes (the digitize worker writes the PDF it just
 * assembled, so the main thread neither copies nor hashes it again). The parts
 * are written as they are, never concatenated; `sync` makes the file durable
 * (one fsync); then the main thread's `FileStore.adopt` names it.
 */
export class StagedFile {
  private written = 0;

  private constructor(
    readonly path: string,
    private readonly handle: fs.promises.FileHandle,
  ) {}

  static async open(stagingDir: string): Promise<StagedFile> {
    const file = path.join(stagingDir, `${randomBytes(8).toString('hex')}${STAGED_SUFFIX}`);
    return new StagedFile(file, await fs.promises.open(file, 'wx'));
  }

  get size(): number {
    return this.written;
  }

  /** Appends the parts in one gathered write. Calls must not overlap. */
  async append(parts: readonly Uint8Array[]): Promise<void> {
    const expected = parts.reduce((n, p) => n + p.byteLength, 0);
    const { bytesWritten } = await this.handle.writev([...parts], this.written);
    if (bytesWritten !== expected) throw Object.assign(new Error(`short write: ${bytesWritten} of ${expected} bytes`), { code: 'EIO' });
    this.written += expected;
  }

  async sync(): Promise<void> {
    await this.handle.sync();
    await this.handle.close();
  }

  /** Closes (if still open) and deletes the staged file: nothing is left behind on failure. */
  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await fs.promises.rm(this.path, { force: true });
  }
}
