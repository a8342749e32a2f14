/**
 * Emulator of the provincial TTHC system (the side our sync engine talks to).
 * Its own process (`npm run tthc-sim`), durable SQLite + files in its data dir.
 *
 * API (every JSON answer carries `error_code` (0 = ok) and `message`):
 *   POST /auth                 {username, password}              → {session}
 *   POST /service              {session, madonvi, service, ...}  header Idempotency-Key
 *        DongBoHoSoMC          {isUpdating, data: [ProvincialDossier]}   "đã tồn tại" = error_code 2
 *        CapNhatTienDoHoSoMC   {data: [ProvincialProgress]}
 *        TraCuuHoSo            {MaHoSo}                          → {data}
 *        LayThuTuc             {MaTTHC}                          → {data}
 *        LayDanhSachThayDoi    {TuSo}                            → {changes, next}   (status changes made here)
 *   POST /files/status         {session, files: [{sha256, size}]} → {files: [{sha256, size, received, complete}]}
 *   PUT  /files/<sha256>       headers x-session, upload-offset, upload-length, chunk-sha256; body = chunk
 *   GET  /files/<sha256>       the stored bytes
 *   POST /bundle/import        body = offline bundle file → acknowledgement file (JSON)
 *   GET  /admin/state          every dossier and file with counts
 *   POST /admin/status         {MaHoSo, TrangThaiHoSo}: the back office changes a status
 *   POST /admin/faults         {enabled, rate?}
 *   POST /admin/reset          forget every dossier and file
 *
 * Idempotency: an answer is stored with its Idempotency-Key in the same
 * transaction as its effect, so a retried call is answered from the store.
 */
import Database from 'better-sqlite3';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { decodeBundle, BundleError } from '../../electron/core/sync/bundle-format';
import { dvcqgMode, type DvcqgModeOptions } from './dvcqg-mode';
import {
  PROVINCIAL_ERROR,
  ProvincialDossierSchema,
  ProvincialProgressSchema,
  TrangThaiHoSoSchema,
  filesOf,
  toProvincialDate,
  type BundleAck,
  type ProvincialDossier,
} from '../../shared/provincial';

export interface FaultOptions {
  enabled: boolean;
  /** Share of requests that meet a fault (0–1). */
  rate: number;
  /** Upper bound of added latency (ms). */
  maxLatencyMs: number;
}

export interface SimulatorOptions {
  port: number;
  host?: string;
  dataDir: string;
  /** username → password; the per-counter credentials. */
  credentials?: Record<string, string>;
  faults?: Partial<FaultOptions>;
  tls?: { cert: string; key: string };
  /** fsync stored files and database commits (default true). */
  fsync?: boolean;
  log?: (line: string) => void;
  /** `motcua` (default): our protocol; `dvcqg`: the strict portal mode (dvcqg-mode.ts). */
  mode?: 'motcua' | 'dvcqg';
  dvcqg?: Partial<DvcqgModeOptions>;
}

export interface Simulator {
  url: string;
  close(): Promise<void>;
}

export const DEFAULT_CREDENTIALS: Record<string, string> = { quay1: 'matkhau1', quay2: 'matkhau2', quay3: 'matkhau3' };

const CATALOG = [
  {
    MaTTHC: '1.001193',
    TenTTHC: 'Đăng ký khai sinh',
    MaLinhVuc: 'G09-TP01',
    TenLinhVuc: 'Hộ tịch',
    KetQua: [{ MAKETQUA: 'KQ.001193', TENKETQUA: 'Giấy khai sinh' }],
  },
  {
    MaTTHC: '1.000894',
    TenTTHC: 'Đăng ký kết hôn',
    MaLinhVuc: 'G09-TP01',
    TenLinhVuc: 'Hộ tịch',
    KetQua: [{ MAKETQUA: 'KQ.000894', TENKETQUA: 'Giấy chứng nhận kết hôn' }],
  },
  {
    MaTTHC: '2.000815',
    TenTTHC: 'Chứng thực bản sao từ bản chính',
    MaLinhVuc: 'G09-TP02',
    TenLinhVuc: 'Chứng thực',
    KetQua: [{ MAKETQUA: 'KQ.000815', TENKETQUA: 'Bản sao được chứng thực' }],
  },
  { MaTTHC: '1.004227', TenTTHC: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', MaLinhVuc: 'G09-XD01', TenLinhVuc: 'Xây dựng', KetQua: [] },
];

const MAX_BODY = 256 * 1024 * 1024;
const SHA = /^[0-9a-f]{64}$/;

interface Answer {
  status: number;
  body: Record<string, unknown>;
}
const ok = (extra: Record<string, unknown> = {}): Answer => ({ status: 200, body: { error_code: 0, message: 'Thành công', ...extra } });
const fail = (status: number, code: number, message: string, extra: Record<string, unknown> = {}): Answer => ({
  status,
  body: { error_code: code, message, ...extra },
});

export function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(path.join(dataDir, 'files'), { recursive: true });
  fs.mkdirSync(path.join(dataDir, 'partial'), { recursive: true });
  const db = new Database(path.join(dataDir, 'tthc-sim.sqlite'));
  db.pragma('journal_mode = WAL');
  // --no-fsync (benchmarks on a shared disk): neither files nor the database are flushed to the disk.
  db.pragma(options.fsync === false ? 'synchronous = OFF' : 'synchronous = FULL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS dossiers (ma_ho_so TEXT PRIMARY KEY, madonvi TEXT NOT NULL, payload TEXT NOT NULL,
      trang_thai INTEGER NOT NULL, created_count INTEGER NOT NULL, updated_count INTEGER NOT NULL DEFAULT 0,
      progress_count INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS progress (id INTEGER PRIMARY KEY, ma_ho_so TEXT NOT NULL, payload TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS idempotency (key TEXT PRIMARY KEY, status INTEGER NOT NULL, answer TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS files (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, stored_count INTEGER NOT NULL, stored_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, ma_ho_so TEXT NOT NULL, trang_thai INTEGER NOT NULL, at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS bundles (bundle_id TEXT PRIMARY KEY, ack TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS pinned_keys (madonvi TEXT PRIMARY KEY, public_key TEXT NOT NULL);
  `);
  const credentials = options.credentials ?? DEFAULT_CREDENTIALS;
  const faults: FaultOptions = { enabled: false, rate: 0.3, maxLatencyMs: 40, ...options.faults };
  const doFsync = options.fsync ?? true;
  const sessions = new Map<string, { username: string; expires: number }>();
  const log = options.log ?? (() => {});

  // ---- storage ----
  const filePath = (sha: string) => path.join(dataDir, 'files', sha.slice(0, 2), sha);
  const partialPath = (sha: string) => path.join(dataDir, 'partial', sha);
  const fileRow = db.prepare('SELECT size, stored_count FROM files WHERE sha256 = ?');
  function fileStatus(sha: string, size: number) {
    const row = fileRow.get(sha) as { size: number } | undefined;
    if (row) return { sha256: sha, size: row.size, received: row.size, complete: true };
    let received: number;
    try {
      received = fs.statSync(partialPath(sha)).size;
    } catch {
      received = 0;
    }
    return { sha256: sha, size, received: Math.min(received, size), complete: false };
  }
  function storeWholeFile(sha: string, data: Buffer): boolean {
    if (fileRow.get(sha)) return false;
    const target = filePath(sha);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = `${partialPath(sha)}.${randomBytes(4).toString('hex')}`;
    writeDurably(tmp, data);
    fs.renameSync(tmp, target);
    db.prepare('INSERT INTO files (sha256, size, stored_count, stored_at) VALUES (?, ?, 1, ?)').run(
      sha,
      data.length,
      new Date().toISOString(),
    );
    return true;
  }
  function writeDurably(file: string, data: Buffer, flags = 'w'): void {
    const fd = fs.openSync(file, flags);
    try {
      fs.writeSync(fd, data);
      if (doFsync) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  function remember(key: string | undefined, answer: Answer): Answer {
    if (key && Number(answer.body.error_code) === 0) {
      db.prepare('INSERT OR IGNORE INTO idempotency (key, status, answer) VALUES (?, ?, ?)').run(
        key,
        answer.status,
        JSON.stringify(answer.body),
      );
    }
    return answer;
  }
  function replay(key: string | undefined): Answer | null {
    if (!key) return null;
    const row = db.prepare('SELECT status, answer FROM idempotency WHERE key = ?').get(key) as
      { status: number; answer: string } | undefined;
    return row ? { status: row.status, body: { ...(JSON.parse(row.answer) as Record<string, unknown>), replayed: true } } : null;
  }

  // ---- services ----
  function pushDossiers(madonvi: string, isUpdating: boolean, raw: unknown): Answer {
    const parsed = z.array(ProvincialDossierSchema).min(1).max(100).safeParse(raw);
    if (!parsed.success)
      return fail(
        400,
        PROVINCIAL_ERROR.invalid,
        `Dữ liệu hồ sơ không hợp lệ: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
      );
    for (const d of parsed.data) {
      const problem = checkDossier(d);
      if (problem) return fail(400, PROVINCIAL_ERROR.invalid, problem);
      const missing = filesOf(d).filter((f) => !fileRow.get(f.sha256));
      if (missing.length)
        return fail(409, PROVINCIAL_ERROR.missingFile, `Chưa nhận được ${missing.length} tệp đính kèm của hồ sơ ${d.MaHoSo}.`);
    }
    const now = new Date().toISOString();
    for (const d of parsed.data) {
      const exists = db.prepare('SELECT 1 FROM dossiers WHERE ma_ho_so = ?').get(d.MaHoSo);
      if (!isUpdating && exists) return fail(200, PROVINCIAL_ERROR.exists, `Hồ sơ ${d.MaHoSo} đã tồn tại.`);
      if (isUpdating && !exists)
        return fail(200, PROVINCIAL_ERROR.unknownDossier, `Hồ sơ ${d.MaHoSo} chưa có trên hệ thống, không cập nhật được.`);
    }
    for (const d of parsed.data) {
      if (isUpdating) {
        db.prepare(
          'UPDATE dossiers SET payload = ?, trang_thai = ?, updated_count = updated_count + 1, updated_at = ? WHERE ma_ho_so = ?',
        ).run(JSON.stringify(d), d.TrangThaiHoSo, now, d.MaHoSo);
      } else {
        db.prepare(
          'INSERT INTO dossiers (ma_ho_so, madonvi, payload, trang_thai, created_count, updated_at) VALUES (?, ?, ?, ?, 1, ?)',
        ).run(d.MaHoSo, madonvi, JSON.stringify(d), d.TrangThaiHoSo, now);
      }
    }
    return ok({ data: parsed.data.map((d) => ({ MaHoSo: d.MaHoSo })) });
  }

  function checkDossier(d: ProvincialDossier): string | null {
    if (d.NgayHenTra < d.NgayTiepNhan) return `Hồ sơ ${d.MaHoSo}: ngày hẹn trả (${d.NgayHenTra}) trước ngày tiếp nhận (${d.NgayTiepNhan}).`;
    return null;
  }

  function pushProgress(raw: unknown): Answer {
    const parsed = z.array(ProvincialProgressSchema).min(1).max(100).safeParse(raw);
    if (!parsed.success)
      return fail(
        400,
        PROVINCIAL_ERROR.invalid,
        `Dữ liệu tiến độ không hợp lệ: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
      );
    for (const p of parsed.data) {
      if (!db.prepare('SELECT 1 FROM dossiers WHERE ma_ho_so = ?').get(p.MaHoSo)) {
        return fail(200, PROVINCIAL_ERROR.unknownDossier, `Hồ sơ ${p.MaHoSo} chưa có trên hệ thống, không cập nhật tiến độ được.`);
      }
    }
    for (const p of parsed.data) {
      db.prepare('INSERT INTO progress (ma_ho_so, payload) VALUES (?, ?)').run(p.MaHoSo, JSON.stringify(p));
      db.prepare('UPDATE dossiers SET trang_thai = ?, progress_count = progress_count + 1, updated_at = ? WHERE ma_ho_so = ?').run(
        p.TrangThai,
        new Date().toISOString(),
        p.MaHoSo,
      );
    }
    return ok();
  }

  function service(body: Record<string, unknown>, key: string | undefined): Answer {
    const session = typeof body.session === 'string' ? sessions.get(body.session) : undefined;
    if (!session || session.expires < Date.now())
      return fail(401, PROVINCIAL_ERROR.session, 'Phiên làm việc không hợp lệ hoặc đã hết hạn.');
    const madonvi = typeof body.madonvi === 'string' ? body.madonvi : '';
    const name = body.service;
    if (name === 'TraCuuHoSo') {
      const row = db.prepare('SELECT payload, trang_thai FROM dossiers WHERE ma_ho_so = ?').get(String(body.MaHoSo)) as
        { payload: string; trang_thai: number } | undefined;
      if (!row) return fail(200, PROVINCIAL_ERROR.notFound, `Không tìm thấy hồ sơ ${String(body.MaHoSo)}.`);
      return ok({ data: { ...(JSON.parse(row.payload) as object), TrangThaiHoSo: row.trang_thai } });
    }
    if (name === 'LayThuTuc') {
      const p = CATALOG.find((c) => c.MaTTHC === body.MaTTHC);
      return p ? ok({ data: p }) : fail(200, PROVINCIAL_ERROR.notFound, `Không có thủ tục ${String(body.MaTTHC)}.`);
    }
    if (name === 'LayDanhSachThayDoi') {
      const since = Number(body.TuSo ?? 0) || 0;
      const rows = db.prepare('SELECT seq, ma_ho_so, trang_thai, at FROM changes WHERE seq > ? ORDER BY seq LIMIT 500').all(since) as {
        seq: number;
        ma_ho_so: string;
        trang_thai: number;
        at: string;
      }[];
      return ok({
        changes: rows.map((r) => ({ seq: r.seq, MaHoSo: r.ma_ho_so, TrangThaiHoSo: r.trang_thai, ThoiDiem: r.at })),
        next: rows.length ? rows[rows.length - 1]!.seq : since,
      });
    }
    if (name !== 'DongBoHoSoMC' && name !== 'CapNhatTienDoHoSoMC')
      return fail(400, PROVINCIAL_ERROR.invalid, `Không có dịch vụ "${String(name)}".`);
    return db.transaction((): Answer => {
      const previous = replay(key);
      if (previous) return previous;
      const answer = name === 'DongBoHoSoMC' ? pushDossiers(madonvi, body.isUpdating === true, body.data) : pushProgress(body.data);
      return remember(key, answer);
    })();
  }

  function importBundle(bytes: Buffer): Answer & { raw?: string } {
    let decoded;
    try {
      decoded = decodeBundle(bytes);
    } catch (error) {
      if (error instanceof BundleError) return fail(400, PROVINCIAL_ERROR.invalid, error.message);
      throw error;
    }
    const { manifest, files } = decoded;
    const earlier = db.prepare('SELECT ack FROM bundles WHERE bundle_id = ?').get(manifest.bundleId) as { ack: string } | undefined;
    if (earlier) return { status: 200, body: JSON.parse(earlier.ack) as Record<string, unknown> };
    const pinned = db.prepare('SELECT public_key FROM pinned_keys WHERE madonvi = ?').pluck().get(manifest.madonvi) as string | undefined;
    if (pinned && pinned !== manifest.publicKey)
      return fail(403, PROVINCIAL_ERROR.invalid, 'Gói được ký bằng khóa khác với khóa đã đăng ký của đơn vị.');
    if (!pinned) db.prepare('INSERT INTO pinned_keys (madonvi, public_key) VALUES (?, ?)').run(manifest.madonvi, manifest.publicKey);
    const fileResults = [...files].map(([sha, data]) => ({ sha256: sha, stored: storeWholeFile(sha, data) || !!fileRow.get(sha) }));
    const acknowledged = manifest.items.map((item) => {
      const payload = { data: [item.payload] };
      let answer: Answer;
      if (item.kind === 'dossier') {
        answer = db.transaction((): Answer => {
          const previous = replay(item.idempotencyKey);
          if (previous) return previous;
          const exists = !!db.prepare('SELECT 1 FROM dossiers WHERE ma_ho_so = ?').get(item.MaHoSo);
          return remember(item.idempotencyKey, pushDossiers(manifest.madonvi, exists, payload.data));
        })();
      } else {
        answer = db.transaction((): Answer => replay(item.idempotencyKey) ?? remember(item.idempotencyKey, pushProgress(payload.data)))();
      }
      return {
        idempotencyKey: item.idempotencyKey,
        MaHoSo: item.MaHoSo,
        error_code: Number(answer.body.error_code),
        message: String(answer.body.message ?? ''),
      };
    });
    const ack: BundleAck = {
      format: 'motcua-sync-ack/1',
      bundleId: manifest.bundleId,
      receivedAt: toProvincialDate(new Date()),
      acknowledged,
      files: fileResults,
    };
    db.prepare('INSERT INTO bundles (bundle_id, ack) VALUES (?, ?)').run(manifest.bundleId, JSON.stringify(ack));
    return { status: 200, body: ack as unknown as Record<string, unknown> };
  }

  const newSession = (username: string) => {
    const session = randomUUID();
    sessions.set(session, { username, expires: Date.now() + 30 * 60_000 });
    return session;
  };
  const portal =
    options.mode === 'dvcqg'
      ? dvcqgMode(
          {
            db,
            sessions,
            credentials,
            catalog: CATALOG,
            hasFile: (sha) => !!fileRow.get(sha),
            storeFile: (sha, data) => void storeWholeFile(sha, data),
            replay,
            remember,
            newSession,
          },
          { authPath: '/auth', servicePath: '/service', dstcode: '', existsCode: 3, ...options.dvcqg },
        )
      : null;

  function state() {
    const dossiers = (
      db.prepare('SELECT ma_ho_so, trang_thai, created_count, updated_count, progress_count FROM dossiers ORDER BY ma_ho_so').all() as {
        ma_ho_so: string;
        trang_thai: number;
        created_count: number;
        updated_count: number;
        progress_count: number;
      }[]
    ).map((r) => ({
      MaHoSo: r.ma_ho_so,
      TrangThaiHoSo: r.trang_thai,
      created: r.created_count,
      updated: r.updated_count,
      progress: r.progress_count,
    }));
    const fetched = portal?.fetchCounts() ?? new Map<string, { ok: number; attempts: number }>();
    const files = (
      db.prepare('SELECT sha256, size, stored_count FROM files ORDER BY sha256').all() as {
        sha256: string;
        size: number;
        stored_count: number;
      }[]
    ).map((r) => ({
      sha256: r.sha256,
      size: r.size,
      stored: r.stored_count,
      fetched: fetched.get(r.sha256)?.ok ?? 0,
      fetchAttempts: fetched.get(r.sha256)?.attempts ?? 0,
    }));
    return { dossiers, files };
  }

  // ---- HTTP ----
  const sessionOf = (req: http.IncomingMessage) => {
    const s = sessions.get(String(req.headers['x-session'] ?? ''));
    return s && s.expires > Date.now() ? s : undefined;
  };

  function readBody(req: http.IncomingMessage, slow: boolean): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          reject(new Error('too large'));
          req.destroy();
          return;
        }
        chunks.push(c);
        if (slow) {
          req.pause();
          setTimeout(() => req.resume(), 5 + Math.random() * 20);
        }
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
      req.on('aborted', () => reject(new Error('aborted')));
    });
  }

  async function route(req: http.IncomingMessage, body: Buffer): Promise<Answer | { status: number; bytes: Buffer; type: string }> {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (): Record<string, unknown> => {
      try {
        const v: unknown = JSON.parse(body.toString('utf8') || '{}');
        return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
      } catch {
        return {};
      }
    };
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
    if (portal) {
      const answer = await portal.route(req, url.pathname, json, key);
      if (answer) return answer;
    }
    if (req.method === 'POST' && url.pathname === '/auth') {
      const { username, password } = json();
      if (typeof username !== 'string' || credentials[username] === undefined || credentials[username] !== password) {
        return fail(401, PROVINCIAL_ERROR.session, 'Sai tên đăng nhập hoặc mật khẩu.');
      }
      return ok({ session: newSession(username) });
    }
    if (req.method === 'POST' && url.pathname === '/service') return service(json(), key);
    if (req.method === 'POST' && url.pathname === '/files/status') {
      const b = json();
      const s = typeof b.session === 'string' ? sessions.get(b.session) : undefined;
      if (!s) return fail(401, PROVINCIAL_ERROR.session, 'Phiên làm việc không hợp lệ hoặc đã hết hạn.');
      const list = z
        .array(z.object({ sha256: z.string().regex(SHA), size: z.number().int().nonnegative() }))
        .max(1000)
        .safeParse(b.files);
      if (!list.success) return fail(400, PROVINCIAL_ERROR.invalid, 'Danh sách tệp không hợp lệ.');
      return ok({ files: list.data.map((f) => fileStatus(f.sha256, f.size)) });
    }
    const fileMatch = /^\/files\/([0-9a-f]{64})$/.exec(url.pathname);
    if (fileMatch && req.method === 'PUT') {
      if (!sessionOf(req)) return fail(401, PROVINCIAL_ERROR.session, 'Phiên làm việc không hợp lệ hoặc đã hết hạn.');
      const sha = fileMatch[1]!;
      const offset = Number(req.headers['upload-offset']);
      const length = Number(req.headers['upload-length']);
      const chunkSha = String(req.headers['chunk-sha256'] ?? '');
      if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || offset + body.length > length) {
        return fail(400, PROVINCIAL_ERROR.invalid, 'Thông tin phần tệp không hợp lệ.');
      }
      if (createHash('sha256').update(body).digest('hex') !== chunkSha)
        return fail(400, PROVINCIAL_ERROR.invalid, 'Phần tệp bị hỏng khi truyền (sai mã băm).');
      const current = fileStatus(sha, length);
      if (current.complete) return ok(current);
      // A chunk delivered twice: its bytes are already here.
      if (offset < current.received && offset + body.length <= current.received) return ok(current);
      if (current.received !== offset)
        return fail(409, PROVINCIAL_ERROR.invalid, 'Vị trí tải lên không khớp.', { ...current, offsetMismatch: true });
      const partial = partialPath(sha);
      if (offset === 0 && body.length === length) {
        if (createHash('sha256').update(body).digest('hex') !== sha)
          return fail(422, PROVINCIAL_ERROR.invalid, 'Tệp nhận được không khớp mã băm SHA-256.');
        storeWholeFile(sha, body);
        fs.rmSync(partial, { force: true });
        return ok(fileStatus(sha, length));
      }
      writeDurably(partial, body, offset === 0 ? 'w' : 'a');
      if (offset + body.length === length) {
        const data = fs.readFileSync(partial);
        if (createHash('sha256').update(data).digest('hex') !== sha) {
          fs.rmSync(partial, { force: true });
          return fail(422, PROVINCIAL_ERROR.invalid, 'Tệp nhận được không khớp mã băm SHA-256.');
        }
        storeWholeFile(sha, data);
        fs.rmSync(partial, { force: true });
      }
      return ok(fileStatus(sha, length));
    }
    if (fileMatch && req.method === 'GET') {
      const sha = fileMatch[1]!;
      if (!fileRow.get(sha)) return fail(404, PROVINCIAL_ERROR.notFound, 'Không có tệp.');
      return { status: 200, bytes: fs.readFileSync(filePath(sha)), type: 'application/octet-stream' };
    }
    if (req.method === 'POST' && url.pathname === '/bundle/import') return importBundle(body);
    const adminFile = /^\/admin\/files\/([0-9a-f]{64})$/.exec(url.pathname);
    if (adminFile && req.method === 'GET') {
      // What the portal holds of a file, in either mode (tests compare it with the local copy).
      if (!fileRow.get(adminFile[1]!)) return fail(404, PROVINCIAL_ERROR.notFound, 'Không có tệp.');
      return { status: 200, bytes: fs.readFileSync(filePath(adminFile[1]!)), type: 'application/octet-stream' };
    }
    if (req.method === 'GET' && url.pathname === '/admin/state') return { status: 200, body: state() };
    if (req.method === 'GET' && url.pathname.startsWith('/admin/dossiers/')) {
      const row = db
        .prepare('SELECT payload FROM dossiers WHERE ma_ho_so = ?')
        .get(decodeURIComponent(url.pathname.slice('/admin/dossiers/'.length))) as { payload: string } | undefined;
      return row ? ok({ data: JSON.parse(row.payload) as unknown }) : fail(404, PROVINCIAL_ERROR.notFound, 'Không có hồ sơ.');
    }
    if (req.method === 'POST' && url.pathname === '/admin/status') {
      const b = json();
      const status = TrangThaiHoSoSchema.safeParse(b.TrangThaiHoSo);
      if (!status.success) return fail(400, PROVINCIAL_ERROR.invalid, 'Trạng thái không hợp lệ.');
      const changed = db.transaction(() => {
        const r = db
          .prepare('UPDATE dossiers SET trang_thai = ?, updated_at = ? WHERE ma_ho_so = ?')
          .run(status.data, new Date().toISOString(), String(b.MaHoSo));
        if (r.changes === 0) return false;
        db.prepare('INSERT INTO changes (ma_ho_so, trang_thai, at) VALUES (?, ?, ?)').run(
          String(b.MaHoSo),
          status.data,
          toProvincialDate(new Date()),
        );
        return true;
      })();
      return changed ? ok() : fail(404, PROVINCIAL_ERROR.notFound, `Không tìm thấy hồ sơ ${String(b.MaHoSo)}.`);
    }
    if (req.method === 'POST' && url.pathname === '/admin/reset') {
      // Forget everything (benchmarks and training sessions start over in the same process).
      db.exec(
        'DELETE FROM dossiers; DELETE FROM progress; DELETE FROM idempotency; DELETE FROM files; DELETE FROM changes; DELETE FROM bundles; DELETE FROM pinned_keys;',
      );
      if (portal) db.exec('DELETE FROM fetches;');
      for (const dir of ['files', 'partial']) {
        fs.rmSync(path.join(dataDir, dir), { recursive: true, force: true });
        fs.mkdirSync(path.join(dataDir, dir), { recursive: true });
      }
      return ok();
    }
    if (req.method === 'POST' && url.pathname === '/admin/faults') {
      const b = json();
      faults.enabled = b.enabled === true;
      if (typeof b.rate === 'number') faults.rate = b.rate;
      return ok({ faults });
    }
    return fail(404, PROVINCIAL_ERROR.notFound, 'Không có địa chỉ này.');
  }

  type Fault = 'none' | 'dropRequest' | 'dropResponse' | 'status429' | 'status500' | 'status503' | 'duplicate' | 'slow';
  const FAULTS: Fault[] = ['dropRequest', 'dropResponse', 'status429', 'status500', 'status503', 'duplicate', 'slow'];
  const pick = (): Fault => {
    if (!faults.enabled || Math.random() >= faults.rate) return 'none';
    return FAULTS[Math.floor(Math.random() * FAULTS.length)]!;
  };
  const isFaultable = (req: http.IncomingMessage) => !(req.url ?? '').startsWith('/admin');

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const fault = isFaultable(req) ? pick() : 'none';
    if (fault !== 'none' && faults.maxLatencyMs > 0) await new Promise((r) => setTimeout(r, Math.random() * faults.maxLatencyMs));
    if (fault === 'dropRequest') {
      // Read a little of the request, then cut the connection: nothing is processed.
      req.once('data', () => req.socket.destroy());
      req.once('end', () => req.socket.destroy());
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, fault === 'slow');
    } catch {
      req.socket.destroy();
      return;
    }
    if (fault === 'status429' || fault === 'status500' || fault === 'status503') {
      const status = Number(fault.slice(6));
      send(
        res,
        { status, body: { error_code: -1, message: status === 429 ? 'Quá nhiều yêu cầu, vui lòng thử lại sau.' : 'Hệ thống đang bận.' } },
        status === 429 ? { 'retry-after': '0' } : {},
      );
      return;
    }
    let answer;
    try {
      answer = await route(req, body);
      if (fault === 'duplicate') answer = await route(req, body); // the same request delivered twice
    } catch (error) {
      log(`lỗi: ${(error as Error).stack ?? String(error)}`);
      answer = fail(500, -1, 'Lỗi hệ thống.');
    }
    if (fault === 'dropResponse') {
      // Processed, but the answer never arrives: write half of it, then cut.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"error_code":0,');
      setTimeout(() => req.socket.destroy(), 2);
      return;
    }
    send(res, answer);
  }

  function send(res: http.ServerResponse, answer: Awaited<ReturnType<typeof route>>, headers: Record<string, string> = {}): void {
    if ('bytes' in answer) {
      res.writeHead(answer.status, { 'content-type': answer.type, 'content-length': answer.bytes.length, ...headers });
      res.end(answer.bytes);
      return;
    }
    const text = JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  }

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      log(`lỗi: ${String(error)}`);
      req.socket.destroy();
    });
  };
  const server = options.tls
    ? https.createServer({ cert: fs.readFileSync(options.tls.cert), key: fs.readFileSync(options.tls.key) }, listener)
    : http.createServer(listener);
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
      resolve({
        url: `${options.tls ? 'https' : 'http'}://${host === '127.0.0.1' && options.tls ? 'localhost' : host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => {
              db.close();
              done();
            });
          }),
      });
    });
  });
}
