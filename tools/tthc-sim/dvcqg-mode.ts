/**
 * The emulator's strict `dvcqg` mode: the national portal as production clients see it.
 * - auth and service at configurable paths; a `dstcode` header on every request;
 * - string-typed fields, the full field set, validated strictly (a number where a
 *   string belongs is refused, as is a missing field);
 * - no file upload: the portal fetches each TaiLieuNop / DanhSachGiayToKetQua URL
 *   and checks the bytes against the file's SHA-256 (the id we send);
 * - a create of a MaHoSo it holds is answered "… đã tồn tại" with a configurable
 *   code (0, 3 or -3, all seen in production); `error_code` is always a string;
 * - status through TraCuuHoSo (`mahoso` → `result[]`), catalog through LayThuTuc;
 *   no changes feed.
 */
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { z } from 'zod';
import { DvcqgDossierSchema, DvcqgProgressSchema, type DvcqgDossier } from '../../shared/provincial';

export interface DvcqgModeOptions {
  authPath: string;
  servicePath: string;
  /** The dstcode every request must carry; empty = any. */
  dstcode: string;
  /** `error_code` of the "đã tồn tại" answer. */
  existsCode: number;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export interface DvcqgContext {
  db: Database.Database;
  sessions: Map<string, { username: string; expires: number }>;
  credentials: Record<string, string>;
  catalog: { MaTTHC: string; TenTTHC: string; MaLinhVuc: string; TenLinhVuc: string; KetQua: { MAKETQUA: string; TENKETQUA: string }[] }[];
  hasFile(sha: string): boolean;
  storeFile(sha: string, data: Buffer): void;
  replay(key: string | undefined): Answer | null;
  remember(key: string | undefined, answer: Answer): Answer;
  newSession(username: string): string;
}

const MAX_FETCH = 64 * 1024 * 1024;
const say = (status: number, code: number, message: string, extra: Record<string, unknown> = {}): Answer => ({
  status,
  body: { error_code: String(code), message, ...extra },
});
const ok = (extra: Record<string, unknown> = {}) => say(200, 0, 'Thành công', extra);

/** Downloads a URL whole (bounded), as the portal does. */
function fetchBytes(url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const lib = url.startsWith('https:') ? https : http;
    const req = lib.get(url, { timeout: 20_000 }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`HTTP ${res.statusCode}`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_FETCH) res.destroy(new Error('too large'));
        else chunks.push(c);
      });
      res.on('end', () => (res.complete ? resolve(Buffer.concat(chunks)) : reject(new Error('cut'))));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

export function dvcqgMode(ctx: DvcqgContext, options: DvcqgModeOptions) {
  const { db } = ctx;
  db.exec('CREATE TABLE IF NOT EXISTS fetches (id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL, ok INTEGER NOT NULL, at TEXT NOT NULL)');
  const logFetch = db.prepare('INSERT INTO fetches (sha256, ok, at) VALUES (?, ?, ?)');

  /** Every file the dossier names that the portal does not hold yet, fetched and checked. */
  async function fetchFiles(d: DvcqgDossier): Promise<string | null> {
    const wanted = [
      ...d.TaiLieuNop.filter((t) => t.IsDeleted === 'False').map((t) => ({
        sha: t.TepDinhKemId,
        url: t.DuongDanTaiTepTin,
        name: t.TenTepDinhKem,
      })),
      ...d.DanhSachGiayToKetQua.map((g) => ({ sha: g.GiayToId, url: g.DuongDanTepTinKetQua, name: g.TenGiayTo })),
    ];
    for (const f of wanted) {
      if (ctx.hasFile(f.sha)) continue;
      let bytes: Buffer;
      try {
        bytes = await fetchBytes(f.url);
      } catch (error) {
        logFetch.run(f.sha, 0, new Date().toISOString());
        return `Không tải được tệp "${f.name}" (${(error as Error).message}).`;
      }
      const good = createHash('sha256').update(bytes).digest('hex') === f.sha;
      logFetch.run(f.sha, good ? 1 : 0, new Date().toISOString());
      if (!good) return `Tệp "${f.name}" tải về không khớp mã băm.`;
      ctx.storeFile(f.sha, bytes);
    }
    return null;
  }

  function saveDossiers(madonvi: string, isUpdating: boolean, list: DvcqgDossier[]): Answer {
    const now = new Date().toISOString();
    for (const d of list) {
      const exists = db.prepare('SELECT 1 FROM dossiers WHERE ma_ho_so = ?').get(d.MaHoSo);
      if (!isUpdating && exists) return say(200, options.existsCode, `Hồ sơ ${d.MaHoSo} đã tồn tại trên hệ thống.`);
      if (isUpdating && !exists) return say(200, 3, `Hồ sơ ${d.MaHoSo} không tồn tại trên hệ thống.`);
    }
    for (const d of list) {
      if (isUpdating) {
        db.prepare(
          'UPDATE dossiers SET payload = ?, trang_thai = ?, updated_count = updated_count + 1, updated_at = ? WHERE ma_ho_so = ?',
        ).run(JSON.stringify(d), Number(d.TrangThaiHoSo), now, d.MaHoSo);
      } else {
        db.prepare(
          'INSERT INTO dossiers (ma_ho_so, madonvi, payload, trang_thai, created_count, updated_at) VALUES (?, ?, ?, ?, 1, ?)',
        ).run(d.MaHoSo, madonvi, JSON.stringify(d), Number(d.TrangThaiHoSo), now);
      }
    }
    return ok();
  }

  async function pushDossiers(madonvi: string, body: Record<string, unknown>, key: string | undefined): Promise<Answer> {
    if (body.isUpdating !== 'True' && body.isUpdating !== 'False') return say(200, 3, 'isUpdating phải là "True" hoặc "False".');
    const parsed = z.array(DvcqgDossierSchema).min(1).max(100).safeParse(body.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return say(200, 3, `Dữ liệu hồ sơ không hợp lệ: ${issue?.path.join('.')} ${issue?.message}`);
    }
    for (const d of parsed.data) {
      if (d.NgayHenTra < d.NgayTiepNhan)
        return say(200, 3, `Hồ sơ ${d.MaHoSo}: ngày hẹn trả (${d.NgayHenTra}) trước ngày tiếp nhận (${d.NgayTiepNhan}).`);
    }
    const earlier = ctx.replay(key);
    if (earlier) return earlier;
    for (const d of parsed.data) {
      const problem = await fetchFiles(d);
      if (problem) return say(200, -1, problem);
    }
    return db.transaction(
      (): Answer => ctx.replay(key) ?? ctx.remember(key, saveDossiers(madonvi, body.isUpdating === 'True', parsed.data)),
    )();
  }

  function pushProgress(body: Record<string, unknown>, key: string | undefined): Answer {
    const parsed = z.array(DvcqgProgressSchema).min(1).max(100).safeParse(body.data);
    if (!parsed.success)
      return say(200, 3, `Dữ liệu tiến độ không hợp lệ: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
    return db.transaction((): Answer => {
      const earlier = ctx.replay(key);
      if (earlier) return earlier;
      for (const p of parsed.data) {
        if (!db.prepare('SELECT 1 FROM dossiers WHERE ma_ho_so = ?').get(p.MaHoSo))
          return say(200, 3, `Hồ sơ ${p.MaHoSo} không tồn tại trên hệ thống.`);
      }
      for (const p of parsed.data) {
        db.prepare('INSERT INTO progress (ma_ho_so, payload) VALUES (?, ?)').run(p.MaHoSo, JSON.stringify(p));
        db.prepare('UPDATE dossiers SET trang_thai = ?, progress_count = progress_count + 1, updated_at = ? WHERE ma_ho_so = ?').run(
          Number(p.TrangThai),
          new Date().toISOString(),
          p.MaHoSo,
        );
      }
      return ctx.remember(key, ok());
    })();
  }

  function lookup(body: Record<string, unknown>): Answer {
    const code = String(body.mahoso ?? '');
    const row = db.prepare('SELECT payload, trang_thai FROM dossiers WHERE ma_ho_so = ?').get(code) as
      { payload: string; trang_thai: number } | undefined;
    if (!row) return ok({ result: [] });
    const d = JSON.parse(row.payload) as { MaTTHC?: string };
    return ok({ result: [{ mahoso: code, maTTHC: d.MaTTHC ?? '', TrangThaiHoSo: String(row.trang_thai) }] });
  }

  function procedure(body: Record<string, unknown>): Answer {
    const p = ctx.catalog.find((c) => c.MaTTHC === body.maTTHC);
    if (!p) return ok({ result: [] });
    return ok({
      result: [
        {
          MATTHC: p.MaTTHC,
          TENTTHC: p.TenTTHC,
          LINHVUCTHUCHIEN: [{ MALINHVUC: p.MaLinhVuc, TENLINHVUC: p.TenLinhVuc }],
          KETQUATHUCHIEN: p.KetQua,
        },
      ],
    });
  }

  /** Answers a request the dvcqg way, or null when the path is not the portal's (admin routes). */
  async function route(
    req: http.IncomingMessage,
    pathname: string,
    json: () => Record<string, unknown>,
    key: string | undefined,
  ): Promise<Answer | null> {
    const isAuth = pathname === options.authPath;
    const isService = pathname === options.servicePath;
    // Admin routes are the emulator's own; the offline bundle is the fallback a province takes by hand.
    if (!isAuth && !isService)
      return pathname.startsWith('/admin') || pathname === '/bundle/import' ? null : say(404, -1, 'Không có địa chỉ này.');
    if (req.method !== 'POST') return say(405, -1, 'Chỉ hỗ trợ POST.');
    if (options.dstcode && req.headers.dstcode !== options.dstcode) return say(403, 99, 'Sai mã dstcode.');
    const body = json();
    if (isAuth) {
      const { username, password } = body;
      if (typeof username !== 'string' || ctx.credentials[username] === undefined || ctx.credentials[username] !== password) {
        return say(200, 1, 'Sai tên đăng nhập hoặc mật khẩu.');
      }
      return ok({ session: ctx.newSession(username) });
    }
    const session = typeof body.session === 'string' ? ctx.sessions.get(body.session) : undefined;
    if (!session || session.expires < Date.now()) return say(401, 1, 'Phiên làm việc không hợp lệ hoặc đã hết hạn.');
    const madonvi = typeof body.madonvi === 'string' ? body.madonvi : '';
    switch (body.service) {
      case 'DongBoHoSoMC':
        return pushDossiers(madonvi, body, key);
      case 'CapNhatTienDoHoSoMC':
        return pushProgress(body, key);
      case 'TraCuuHoSo':
        return lookup(body);
      case 'LayThuTuc':
        return procedure(body);
      default:
        return say(200, 3, `Không có dịch vụ "${String(body.service)}".`);
    }
  }

  /** Per file: fetches that arrived whole and matched the hash, and every attempt. */
  function fetchCounts(): Map<string, { ok: number; attempts: number }> {
    const rows = db.prepare('SELECT sha256, SUM(ok) AS ok, COUNT(*) AS n FROM fetches GROUP BY sha256').all() as {
      sha256: string;
      ok: number;
      n: number;
    }[];
    return new Map(rows.map((r) => [r.sha256, { ok: r.ok, attempts: r.n }]));
  }

  return { route, fetchCounts };
}
