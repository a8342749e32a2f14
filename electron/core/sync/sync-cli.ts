/**
 * CLI commands of sync:
 *   sync --once --data DIR --provincial-url URL [--provincial-user U --provincial-password P --provincial-ca CA.pem]
 *        [--provincial-profile dvcqg|motcua --provincial-auth-path P --provincial-service-path P --provincial-dstcode C
 *         --public-file-url BASE --public-file-listen HOST:PORT]
 *        [--concurrency N] [--chunk-size BYTES] [--backoff-ms MS] [--max-time S] [--json]
 *   seed-dossiers --count N --files-per-dossier K --data DIR [--min-size B --max-size B] [--invalid N]
 *   sync-bundle export --data DIR --out FILE  |  sync-bundle import-ack --data DIR FILE
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract';
import { toProvincialDate, type ProvincialDossierInput } from '../../../shared/provincial';
import type { CliCommand } from '../cli/command';
import { parseCliOptions } from '../cli/command';
import { defaultConfig, PROVINCIAL_OPTIONS, provincialFromArgs } from '../config';
import { databasePath, migrate, openDatabase, type Db } from '../db/database';
import { queuedDossierCount, syncTablesExist } from './sync-store';
import { EventBus } from '../events';
import { FileStore, fileStoreFor } from '../files/file-store';
import { SyncService } from './sync-service';
import { seedReceivedDossiers } from '../dossier/seed-dossiers';
import { resourcePath } from '../resources';
import { enqueueOutbox } from './outbox';
import type { ProvincialConfig } from './adapter';
import type { RunSummary } from './engine';

const MB = 1024 * 1024;
const fmtMb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

function positiveInt(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new AppError('invalid_input', `Thiếu tham số --${name}.`);
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new AppError('invalid_input', `--${name} phải là số nguyên không âm: ${value}`);
  return n;
}

/**
 * What `sync --once` needs and no more: the database, the file store and the
 * engine. The whole core would also load the PDF, image and spreadsheet
 * libraries (about 115 MB of a process whose peak memory is budgeted at 200 MB).
 * A data directory the app has not set up yet is migrated in full first.
 */
async function openSyncOnly(dataDir: string, provincial: ProvincialConfig): Promise<{ sync: SyncService; close(): Promise<void> }> {
  const db = openDatabase(databasePath(dataDir));
  if (!syncTablesExist(db)) migrate(db, (await import('../app')).MIGRATIONS);
  const files = fileStoreFor(dataDir);
  const sync = new SyncService(db, files, new EventBus(), dataDir, defaultConfig().agency.code, provincial);
  return {
    sync,
    async close() {
      await sync.close();
      db.close();
    },
  };
}

export const syncCommand: CliCommand = {
  name: 'sync',
  summary: 'Đồng bộ hồ sơ lên hệ thống TTHC tỉnh (--once: chạy đến khi hết hàng đợi)',
  async run(args) {
    const { values } = parseCliOptions(args, {
      once: { type: 'boolean' },
      data: { type: 'string' },
      concurrency: { type: 'string' },
      'backoff-ms': { type: 'string' },
      'chunk-size': { type: 'string' },
      'max-time': { type: 'string' },
      json: { type: 'boolean' },
      ...PROVINCIAL_OPTIONS,
    });
    if (!values.once)
      throw new AppError('invalid_input', 'Hiện chỉ hỗ trợ "sync --once" (chạy nền: npm run serve -- --provincial-url URL).');
    const provincial = provincialFromArgs(values, false);
    if (!provincial) throw new AppError('invalid_input', 'Thiếu --provincial-url.');
    const engine = {
      ...(values['chunk-size'] ? { chunkSize: Math.max(1024, positiveInt(values['chunk-size'], 'chunk-size')) } : {}),
      ...(values.concurrency ? { concurrency: Math.max(1, positiveInt(values.concurrency, 'concurrency')) } : {}),
      ...(values['backoff-ms']
        ? {
            backoffBaseMs: Math.max(1, positiveInt(values['backoff-ms'], 'backoff-ms')),
            breakerCooldownMs: Math.max(10, positiveInt(values['backoff-ms'], 'backoff-ms') * 10),
          }
        : {}),
    };
    const core = await openSyncOnly(path.resolve(values.data ?? 'data'), { ...provincial, engine });
    try {
      const engineRef = core.sync.engine!;
      const before = core.sync.status();
      console.log(`Bắt đầu đồng bộ lên ${provincial.url}: ${before.counts.pending} mục chờ, ${before.counts.attention} mục cần xử lý.`);
      const summary: RunSummary = await engineRef.runOnce({
        maxMs: values['max-time'] ? positiveInt(values['max-time'], 'max-time') * 1000 : undefined,
        onProgress: (s) => {
          if (!values.json)
            console.log(`  … đã gửi ${s.done} mục, ${fmtMb(s.bytesSent)}; còn ${s.pending} mục chờ, ${s.attention} cần xử lý`);
        },
      });
      const peakRssMb = process.resourceUsage().maxRSS / 1024;
      if (values.json) {
        console.log(JSON.stringify({ ...summary, peakRssMb }));
      } else {
        console.log(
          `Xong sau ${summary.seconds.toFixed(1)} s: đã gửi ${summary.done} mục, ${summary.filesSent} tệp (${fmtMb(summary.bytesSent)}); ` +
            `còn chờ ${summary.pending}; cần xử lý ${summary.attention}; trạng thái từ tỉnh: ${summary.remoteStatusChanges} thay đổi.`,
        );
        for (const f of core.sync.status().failing.filter((x) => x.state === 'attention')) {
          console.log(`  ✘ ${f.maHoSo} (${f.kind === 'dossier' ? 'hồ sơ' : 'tiến độ'}): ${f.lastError}`);
        }
      }
      return summary.pending === 0 ? 0 : 1;
    } finally {
      await core.close();
    }
  },
};

const NAMES = [
  'Nguyễn Văn An',
  'Trần Thị Bình',
  'Lê Hoàng Cường',
  'Phạm Thị Dung',
  'Hoàng Đức Em',
  'Võ Thị Giang',
  'Đặng Quốc Huy',
  'Bùi Thị Lan',
];
const PROCEDURES = [
  { MaTTHC: '1.001193', TenTTHC: 'Đăng ký khai sinh', MaLinhVuc: 'HT', TenLinhVuc: 'Hộ tịch' },
  { MaTTHC: '2.000815', TenTTHC: 'Chứng thực bản sao từ bản chính', MaLinhVuc: 'CT', TenLinhVuc: 'Chứng thực' },
  { MaTTHC: '1.004227', TenTTHC: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', MaLinhVuc: 'XD', TenLinhVuc: 'Xây dựng' },
];

/**
 * Creates `count` received dossiers (as DVCQG payloads) with generated attachment
 * files in the FileStore, and their outbox items. Until the dossier module is
 * merged this writes the outbox directly; the lead will switch it to create
 * real local dossiers through the dossier service (whose listener fills the outbox).
 */
export function seedDossiers(
  db: Db,
  files: FileStore,
  agencyCode: string,
  options: {
    count: number;
    filesPerDossier: number;
    minSize: number;
    maxSize: number;
    invalid?: number;
    onProgress?: (done: number) => void;
  },
): { dossiers: number; files: number; bytes: number } {
  const start = queuedDossierCount(db) + 1;
  let bytesTotal = 0;
  let filesTotal = 0;
  const now = new Date();
  const batch = 50;
  for (let first = 0; first < options.count; first += batch) {
    const made: ProvincialDossierInput[] = [];
    for (let i = first; i < Math.min(options.count, first + batch); i++) {
      const n = start + i;
      const day = new Date(now.getTime() - Math.floor((n - 1) / 9999) * 86_400_000);
      const ymd = toProvincialDate(day).slice(2, 8);
      const maHoSo = `${agencyCode}-${ymd}-${String(((n - 1) % 9999) + 1).padStart(4, '0')}`;
      const proc = PROCEDURES[n % PROCEDURES.length]!;
      const attachments = [];
      for (let k = 0; k < options.filesPerDossier; k++) {
        const size = options.minSize + Math.floor(Math.random() * (options.maxSize - options.minSize + 1));
        const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n%'), randomBytes(Math.max(0, size - 10))]).subarray(0, Math.max(size, 0));
        const stored = files.put(bytes);
        bytesTotal += stored.size;
        filesTotal += 1;
        attachments.push({
          TepDinhKemId: stored.sha256,
          TenTepDinhKem: `thanh-phan-${k + 1}.pdf`,
          IsDeleted: false,
          MaThanhPhanHoSo: `TP${k + 1}`,
          DuongDanTaiTepTin: `sha256:${stored.sha256}`,
          DuocSoHoa: 1,
          DuocTaiSuDung: 0,
          KichThuocTep: stored.size,
        });
      }
      const id = `0${String(79000000000 + n).padStart(11, '0')}`.slice(-12);
      made.push({
        MaHoSo: maHoSo,
        ...proc,
        KenhThucHien: 1,
        ChuHoSo: NAMES[n % NAMES.length]!,
        LoaiDoiTuong: 1,
        SoGiayToChuHoSo: id,
        DinhDanhCHS: [{ LoaiDinhDanh: 1, SoDinhDanh: id }],
        TrichYeuHoSo: `${proc.TenTTHC} (hồ sơ mẫu ${n})`,
        NgayTiepNhan: toProvincialDate(now),
        // The first `invalid` dossiers have an appointment before their receipt: the province refuses them (training the "needs attention" list).
        NgayHenTra: toProvincialDate(new Date(now.getTime() + (i < (options.invalid ?? 0) ? -1 : 5) * 86_400_000)),
        TrangThaiHoSo: 2,
        HinhThuc: 0,
        HoSoCoThanhPhanSoHoa: attachments.length ? 1 : 0,
        TaiLieuNop: attachments,
      });
    }
    db.transaction(() => {
      for (const d of made) enqueueOutbox(db, { kind: 'dossier', payload: d });
    })();
    options.onProgress?.(Math.min(options.count, first + batch));
  }
  return { dossiers: options.count, files: filesTotal, bytes: bytesTotal };
}

export const seedDossiersCommand: CliCommand = {
  name: 'seed-dossiers',
  summary: 'Tạo hồ sơ mẫu đã tiếp nhận kèm tệp đính kèm và mục chờ đồng bộ (demo, tập huấn, benchmark)',
  async run(args) {
    const { values } = parseCliOptions(args, {
      count: { type: 'string' },
      'files-per-dossier': { type: 'string' },
      data: { type: 'string' },
      'min-size': { type: 'string' },
      'max-size': { type: 'string' },
      invalid: { type: 'string' },
    });
    const count = positiveInt(values.count, 'count');
    const filesPerDossier = positiveInt(values['files-per-dossier'], 'files-per-dossier', 3);
    const minSize = positiveInt(values['min-size'], 'min-size', 4 * 1024);
    const maxSize = positiveInt(values['max-size'], 'max-size', 16 * 1024);
    if (maxSize < minSize) throw new AppError('invalid_input', '--max-size phải lớn hơn hoặc bằng --min-size.');
    const core = (await import('../app')).createCore(defaultConfig({ dataDir: path.resolve(values.data ?? 'data'), seedDemo: false }));
    try {
      let last = 0;
      core.catalog.seed(resourcePath('catalog', 'seed.json')); // only when the catalog is empty
      const r = seedReceivedDossiers(core, {
        count,
        filesPerDossier,
        minSize,
        maxSize,
        onProgress: (done) => {
          if (Date.now() - last > 1000 || done === count) {
            last = Date.now();
            console.log(`  … ${done}/${count} hồ sơ`);
          }
        },
      });
      // Training for the "needs attention" list: items the province refuses. They exist only in the outbox,
      // since the reception itself would never let such a dossier in (appointment before receipt).
      const invalid = positiveInt(values.invalid, 'invalid', 0);
      if (invalid > 0)
        seedDossiers(core.db, core.files, core.config.agency.code, { count: invalid, filesPerDossier, minSize, maxSize, invalid });
      console.log(`Đã tạo ${r.dossiers} hồ sơ mẫu, ${r.files} tệp đính kèm (${fmtMb(r.bytes)}), ${r.dossiers + invalid} mục chờ đồng bộ.`);
      return 0;
    } finally {
      await core.close();
    }
  },
};

export const syncBundleCommand: CliCommand = {
  name: 'sync-bundle',
  summary: 'Gói đồng bộ ngoại tuyến: export --out FILE | import-ack FILE',
  async run(args) {
    const { values, positionals } = parseCliOptions(args, { data: { type: 'string' }, out: { type: 'string' } });
    const [action, file] = positionals;
    const core = (await import('../app')).createCore(defaultConfig({ dataDir: path.resolve(values.data ?? 'data'), seedDemo: false }));
    try {
      if (action === 'export') {
        const b = core.sync.exportBundle();
        const out = path.resolve(values.out ?? b.fileName);
        fs.writeFileSync(out, b.bytes);
        console.log(`Đã xuất gói ${out}: ${b.items} mục, ${b.files} tệp (${fmtMb(b.bytes.length)}).`);
        return 0;
      }
      if (action === 'import-ack' && file) {
        const r = core.sync.importAck(fs.readFileSync(path.resolve(file)));
        console.log(`Đã nhập tệp xác nhận: ${r.acknowledged} mục hoàn tất, ${r.already} mục đã có từ trước, ${r.rejected} mục bị từ chối.`);
        return 0;
      }
      throw new AppError('invalid_input', 'Cách dùng: sync-bundle export --out FILE | sync-bundle import-ack FILE');
    } finally {
      await core.close();
    }
  },
};
