/**
 * Scan batches: pages arrive from a scan driver or a file, are stored in the
 * content-addressed file store and analysed (blank page, thumbnail) in the
 * worker; the officer reorders, rotates, deletes and splits; the batch is then
 * assembled (and optionally signed) into one PDF in the worker. Batches are
 * kept in SQLite so a crash loses no scanned page.
 */
import { randomUUID } from 'node:crypto';
import { AppError, type Batch, type Page } from '../../../shared/contract';
import { DEFAULT_PROFILE, copyRuleWarnings, normalizeRotation, splitAt, type ScanProfile } from '../../../shared/digitize-rules';
import { vnIsoMs } from '../../../shared/vn-time';
import type { Db } from '../db/database';
import type { EventBus } from '../events';
import type { FileStore } from '../files/file-store';
import type { SigningService } from '../signing/signing-service';
import type { CopyType } from '../signing/signature-text';
import { importFile, sniff, type ImportedPage } from './file-import';
import { decryptIfEncrypted } from '../signing/pdf-decrypt';
import { mapLimit, ocrTextLayer } from './ocr';
import type { BlankThresholds } from './page-analysis';
import type { PageSource } from './pdf-assemble';
import type { DriverId, ScanDevice, ScanDriver, ScannedPage } from '../devices/scanner/types';
import { WatchedFolder } from '../devices/scanner/watch-folder';
import type { CallHooks, DigitizeWorker } from './worker-client';
import type { SignOptions } from '../signing/pades';
import * as store from './digitize-store';

/** JPEG quality for "smaller file" (NAPS2's default is 75). */
export const SMALLER_FILE_QUALITY = 60;
/** Smaller skews are left alone (re-encoding costs more than it gives). */
export const MIN_DESKEW_DEGREES = 0.3;

export { digitizeMigrations } from './migrations';

/** How a scan job ended; the pages it brought are in the batch whatever the state. */
export interface ScanOutcome {
  jobId: string;
  pages: number;
  state: 'done' | 'cancelled' | 'error';
  message?: string;
}

export interface DigitizeOptions {
  /** `sane:<device>`, `escl:<url>`, `naps2:<device>`; none = the demo scanner. */
  scanner?: string;
  thresholds?: BlankThresholds;
}

export class DigitizeService {
  private readonly jobs = new Map<string, AbortController>();

  constructor(
    private readonly db: Db,
    private readonly files: FileStore,
    private readonly bus: EventBus,
    private readonly worker: DigitizeWorker,
    private readonly drivers: Partial<Record<DriverId, ScanDriver>>,
    private readonly signing: SigningService | undefined,
    private readonly options: DigitizeOptions = {},
  ) {}

  get demo(): boolean {
    return !this.options.scanner;
  }

  async devices(): Promise<{ devices: ScanDevice[]; demo: boolean }> {
    if (this.demo) return { devices: (await this.drivers.demo?.listDevices()) ?? [], demo: true };
    const { driver, device } = this.resolve(this.options.scanner ?? '');
    return { devices: [{ id: `${driver.id}:${device}`, name: device, driver: driver.id }], demo: false };
  }

  private resolve(deviceId: string): { driver: ScanDriver; device: string } {
    const i = deviceId.indexOf(':');
    const id = (i < 0 ? deviceId : deviceId.slice(0, i)) as DriverId;
    const driver = this.drivers[id];
    if (!driver) throw new AppError('not_found', `Không có trình điều khiển máy quét "${id}".`);
    return { driver, device: i < 0 ? '' : deviceId.slice(i + 1) };
  }

  profile(counterId: string): { profile: ScanProfile; warnings: string[] } {
    const saved = store.savedProfile(this.db, counterId);
    const profile = saved ? { ...DEFAULT_PROFILE, ...saved } : DEFAULT_PROFILE;
    return { profile, warnings: copyRuleWarnings(profile) };
  }

  saveProfile(counterId: string, profile: ScanProfile): { profile: ScanProfile; warnings: string[] } {
    store.saveProfile(this.db, counterId, profile);
    return { profile, warnings: copyRuleWarnings(profile) };
  }

  createBatch(name: string, pages: Page[] = []): Batch {
    const batch: Batch = { id: randomUUID(), name, createdAt: vnIsoMs(new Date()), pages };
    store.insertBatch(this.db, batch);
    return batch;
  }

  batch(id: string): Batch {
    const found = store.batch(this.db, id);
    if (!found) throw new AppError('not_found', 'Không tìm thấy lô quét.');
    return found;
  }

  batches(limit = 30): Batch[] {
    return store.recentBatchIds(this.db, limit).map((id) => this.batch(id));
  }

  private savePages(batchId: string, pages: Page[]): Batch {
    store.savePages(this.db, batchId, pages);
    const batch = this.batch(batchId);
    this.bus.emit('digitize.batchChanged', batch);
    return batch;
  }

  /** Stores a page, analyses it in the worker and appends it to the batch. */
  async addPage(batchId: string, page: ImportedPage): Promise<Page> {
    const stored = this.files.put(page.bytes);
    let analysis = {
      blank: false,
      coveragePercent: 100,
      skewDegrees: 0,
      width: page.widthPx ?? 0,
      height: page.heightPx ?? 0,
      thumbnailSha256: undefined as string | undefined,
    };
    if (page.kind !== 'pdf') {
      const a = await this.worker.call('analyze', { image: page.bytes, thresholds: this.options.thresholds });
      analysis = {
        blank: a.blank,
        coveragePercent: a.coveragePercent,
        skewDegrees: a.skewDegrees,
        width: a.width,
        height: a.height,
        thumbnailSha256: this.files.put(a.thumbnail).sha256,
      };
    }
    const entry: Page = {
      id: randomUUID(),
      sha256: stored.sha256,
      kind: page.kind,
      ...(page.pageIndex === undefined ? {} : { pageIndex: page.pageIndex }),
      widthPx: analysis.width,
      heightPx: analysis.height,
      dpi: page.dpi,
      rotation: 0,
      blank: analysis.blank,
      coveragePercent: analysis.coveragePercent,
      ...(page.kind === 'pdf' ? {} : { skewDegrees: analysis.skewDegrees }),
      ...(analysis.thumbnailSha256 ? { thumbnailSha256: analysis.thumbnailSha256 } : {}),
    };
    this.savePages(batchId, [...this.batch(batchId).pages, entry]);
    return entry;
  }

  /** An encrypted PDF is imported from a decrypted copy (qpdf); `password` only when it has a user password. */
  async importInto(batchId: string, bytes: Uint8Array, name: string, password?: string): Promise<Batch> {
    this.batch(batchId);
    const input = sniff(bytes) === 'pdf' ? (await decryptIfEncrypted(bytes, password)).bytes : bytes;
    for (const page of await importFile(input, name)) await this.addPage(batchId, page);
    return this.batch(batchId);
  }

  /**
   * Starts a scan; progress goes out as `digitize.progress` events. `done`
   * resolves with the final state (tests and the CLI wait for it).
   */
  scan(batchId: string, deviceId?: string, profile?: ScanProfile): { jobId: string; done: Promise<ScanOutcome> } {
    this.batch(batchId);
    const target = deviceId ?? (this.demo ? 'demo:demo' : (this.options.scanner ?? ''));
    const { driver, device } = this.resolve(target);
    const jobId = randomUUID();
    const controller = new AbortController();
    this.jobs.set(jobId, controller);
    let pages = 0;
    const emit = (state: 'scanning' | 'done' | 'cancelled' | 'error', message?: string) =>
      this.bus.emit('digitize.progress', { jobId, batchId, pages, state, ...(message ? { message } : {}) });
    emit('scanning');
    const onPage = async (p: ScannedPage) => {
      await this.addPage(batchId, { kind: p.format, bytes: p.bytes, dpi: p.dpi });
      pages += 1;
      emit('scanning');
    };
    const done = driver
      .scan(device, profile ?? DEFAULT_PROFILE, onPage, controller.signal)
      .then((r) => {
        const state = r.cancelled ? 'cancelled' : r.error ? 'error' : 'done';
        emit(state, r.error?.message);
        return { jobId, pages, state, ...(r.error ? { message: r.error.message } : {}) } as const;
      })
      .catch((error: unknown) => {
        const message = error instanceof AppError ? error.message : 'Lỗi khi quét; các trang đã quét được giữ lại.';
        emit('error', message);
        return { jobId, pages, state: 'error' as const, message };
      })
      .finally(() => this.jobs.delete(jobId));
    return { jobId, done };
  }

  /** Scan-to-folder: every file that lands in `dir` becomes a batch of its own. */
  startWatchedFolder(dir: string, intervalMs = 1000): WatchedFolder {
    const folder = new WatchedFolder(
      dir,
      async (bytes, name) => {
        const batch = this.createBatch(name);
        await this.importInto(batch.id, bytes, name);
      },
      intervalMs,
      (name, error) => console.error(`[digitize] không nhập được ${name}:`, error instanceof Error ? error.message : error),
    );
    folder.start();
    return folder;
  }

  cancel(jobId: string): void {
    this.jobs.get(jobId)?.abort();
  }

  /** New order of page ids (ids left out are deleted), with optional rotations (degrees, added). */
  editPages(batchId: string, pageIds: string[], rotations: Record<string, number> = {}): Batch {
    const pages = this.batch(batchId).pages;
    const byId = new Map(pages.map((p) => [p.id, p]));
    const next = pageIds.map((id) => {
      const page = byId.get(id);
      if (!page) throw new AppError('not_found', 'Trang không thuộc lô quét này.');
      const turn = rotations[id] ?? 0;
      return turn ? { ...page, rotation: normalizeRotation(page.rotation + turn) } : page;
    });
    return this.savePages(batchId, next);
  }

  /** Splits a batch before each given page: the first part stays, the others become new batches. */
  split(batchId: string, startPageIds: string[]): Batch[] {
    const batch = this.batch(batchId);
    const starts = startPageIds.map((id) => batch.pages.findIndex((p) => p.id === id)).filter((i) => i > 0);
    const [first = [], ...rest] = splitAt(batch.pages, starts);
    const kept = this.savePages(batchId, first);
    return [kept, ...rest.map((pages, i) => this.createBatch(`${batch.name} (${i + 2})`, pages))];
  }

  private async pageSources(pages: Page[]): Promise<{ sources: PageSource[]; transfer: ArrayBuffer[] }> {
    const loaded = new Map<string, Uint8Array>();
    const transfer: ArrayBuffer[] = [];
    const unique = [...new Set(pages.map((p) => p.sha256))];
    const buffers = await Promise.all(unique.map((sha) => this.files.getAsync(sha)));
    unique.forEach((sha, i) => {
      const buf = buffers[i] as Buffer;
      loaded.set(sha, new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
      if (buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength) transfer.push(buf.buffer as ArrayBuffer);
    });
    const bytesOf = (sha: string): Uint8Array => {
      const bytes = loaded.get(sha);
      // Every page's source was loaded just above.
      if (!bytes) throw new Error(`page source ${sha} was not loaded`);
      return bytes;
    };
    const sources = pages.map((p): PageSource =>
      p.kind === 'pdf'
        ? { kind: 'pdf', bytes: bytesOf(p.sha256), pageIndex: p.pageIndex ?? 0, rotation: p.rotation }
        : { kind: p.kind, bytes: bytesOf(p.sha256), widthPx: p.widthPx, heightPx: p.heightPx, dpi: p.dpi, rotation: p.rotation },
    );
    return { sources, transfer };
  }

  async build(input: {
    batchId: string;
    title: string;
    dossierCode?: string;
    author?: string;
    skipBlank?: boolean;
    ocr?: boolean;
    smallerFile?: boolean;
    deskew?: boolean;
    sign?: { sessionId: string; copyType?: CopyType };
  }): Promise<{ sha256: string; size: number; pages: number; signed: boolean }> {
    const batch = this.batch(input.batchId);
    const pages = input.skipBlank ? batch.pages.filter((p) => !p.blank) : batch.pages;
    if (pages.length === 0) throw new AppError('invalid_input', 'Lô quét không có trang nào để tạo PDF.');
    const { sources, transfer } = await this.pageSources(pages);
    if (input.deskew) {
      sources.forEach((src, i) => {
        const skew = pages[i]?.skewDegrees ?? 0;
        if (src.kind !== 'pdf' && Math.abs(skew) >= MIN_DESKEW_DEGREES) src.deskewDegrees = skew;
      });
    }
    if (input.ocr) {
      // Before the transfer to the worker moves the image bytes away.
      await mapLimit(sources, 2, async (src) => {
        if (src.kind !== 'pdf') src.ocrPdf = await ocrTextLayer(src.bytes.slice(), src.dpi);
      });
    }
    const meta = {
      title: input.title,
      author: input.author,
      subject: input.dossierCode ? `Hồ sơ ${input.dossierCode}` : undefined,
      keywords: input.dossierCode ? [input.dossierCode] : undefined,
      creationDate: new Date().toISOString(),
    };
    // Scanned JPEGs go in as they are, unless the officer asks for a smaller file.
    const options = input.smallerFile ? { recompressQuality: SMALLER_FILE_QUALITY } : {};
    let sign: { options: SignOptions; cms: CallHooks['cms'] } | undefined;
    if (input.sign) {
      if (!this.signing) throw new AppError('unavailable', 'Chức năng ký số chưa sẵn sàng.');
      const key = this.signing.session(input.sign.sessionId);
      sign = { options: this.signing.signOptions(key, { copyType: input.sign.copyType }), cms: this.signing.cmsFor(key) };
    }
    const staged = await this.worker.call(
      'assembleToStore',
      { pages: sources, meta, options, stagingDir: this.files.stagingDir, ...(sign ? { sign: sign.options } : {}) },
      sign ? { cms: sign.cms } : {},
      transfer,
    );
    const stored = await this.files.adopt(staged.staged, staged.sha256, staged.size);
    const output = { sha256: stored.sha256, size: stored.size, signed: Boolean(input.sign) };
    store.saveOutput(this.db, batch.id, output);
    return { ...output, pages: pages.length };
  }
}
