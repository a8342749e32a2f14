/**
 * The provincial TTHC system's payloads (DVCQG field names), shared by the sync
 * engine (electron/core/sync), its emulator (tools/tthc-sim) and, at merge, the
 * dossier module that builds them.
 *
 * ## Field mapping (the ONE place it is documented)
 *
 * | local dossier (dossier module)        | DVCQG field              | notes |
 * |---------------------------------------|--------------------------|-------|
 * | dossier code                          | MaHoSo                   | `<agency>-<yyMMdd>-<nnnn>` |
 * | procedure code / name                 | MaTTHC / TenTTHC         | from the catalog |
 * | field (lĩnh vực) code / name          | MaLinhVuc / TenLinhVuc   | |
 * | channel                               | KenhThucHien             | 1 at the desk (trực tiếp), 2 online, 3 by post |
 * | applicant full name                   | ChuHoSo                  | |
 * | applicant kind                        | LoaiDoiTuong             | 1 citizen, 2 business, 3 state agency, 4 other |
 * | applicant ID number (CCCD)            | SoGiayToChuHoSo, DinhDanhCHS[{LoaiDinhDanh:1, SoDinhDanh}] | 9-digit old ID: LoaiDinhDanh 2 |
 * | email / phone                         | Email / SoDienThoai      | |
 * | summary                               | TrichYeuHoSo             | |
 * | received at / appointment             | NgayTiepNhan / NgayHenTra| `yyyyMMddHHmmss`, Vietnam time ({@link toProvincialDate}) |
 * | status                                | TrangThaiHoSo            | {@link PROVINCIAL_STATUS} 1–10 |
 * | result returned at / how              | NgayTra / ThongTinTra    | |
 * | result delivery                       | HinhThuc                 | 0 at the desk, 1 by post |
 * | processing finished at                | NgayKetThucXuLy          | |
 * | handling unit                         | DonViXuLy                | |
 * | note                                  | GhiChu                   | |
 * | any component digitized               | HoSoCoThanhPhanSoHoa     | 0/1 |
 * | each component file                   | TaiLieuNop[]             | see below |
 * | fees                                  | DanhSachLePhi[]          | |
 * | result documents                      | DanhSachGiayToKetQua[]   | |
 *
 * Files: the portal's own file transfer is not public, so files travel by the
 * sync file endpoint, addressed by SHA-256. In TaiLieuNop, `TepDinhKemId` IS the
 * SHA-256 (lower-case hex) of the file in the local FileStore, `DuongDanTaiTepTin`
 * is `sha256:<hex>`, and `KichThuocTep` (our extension) its size in bytes. The
 * same holds for `GiayToId` / `DuongDanTepTinKetQua` of result documents.
 * Every file a dossier names is uploaded (and confirmed) before the dossier.
 *
 * Progress (CapNhatTienDoHoSoMC): MaHoSo, NguoiXuLy, ChucDanh, ThoiDiemXuLy,
 * PhongBanXuLy, NoiDungXuLy, TrangThai, NgayBatDau, NgayKetThucTheoQuyDinh.
 */
import { z } from 'zod';

const SHA256 = z.string().regex(/^[0-9a-f]{64}$/, 'Mã băm SHA-256 không hợp lệ');
/** `yyyyMMddHHmmss`, Vietnam time. */
export const ProvincialDateSchema = z.string().regex(/^\d{14}$/, 'Ngày giờ phải có dạng yyyyMMddHHmmss');

/** Status codes of the national portal (DOMAIN.md). */
export const PROVINCIAL_STATUS = {
  1: 'Mới đăng ký',
  2: 'Được tiếp nhận',
  3: 'Không được tiếp nhận',
  4: 'Đang xử lý',
  5: 'Yêu cầu bổ sung giấy tờ',
  6: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  7: 'Công dân yêu cầu rút hồ sơ',
  8: 'Dừng xử lý',
  9: 'Đã xử lý xong',
  10: 'Đã trả kết quả',
} as const;
export const TrangThaiHoSoSchema = z.number().int().min(1).max(10);

export const TaiLieuNopSchema = z.object({
  /** SHA-256 of the file (lower-case hex). */
  TepDinhKemId: SHA256,
  TenTepDinhKem: z.string().min(1).max(255),
  IsDeleted: z.boolean().default(false),
  MaThanhPhanHoSo: z.string().max(64).default(''),
  /** `sha256:<hex>`. */
  DuongDanTaiTepTin: z.string().max(80),
  DuocSoHoa: z.number().int().min(0).max(3).default(0),
  DuocTaiSuDung: z.number().int().min(0).max(1).default(0),
  /** Our extension: size in bytes, so the receiver can check the upload is complete. */
  KichThuocTep: z.number().int().nonnegative(),
});
export type TaiLieuNop = z.infer<typeof TaiLieuNopSchema>;

export const DinhDanhSchema = z.object({ LoaiDinhDanh: z.number().int().min(1).max(2), SoDinhDanh: z.string().regex(/^\d{9}(\d{3})?$/) });

export const LePhiSchema = z.object({
  TenPhiLePhi: z.string(),
  MaPhiLePhi: z.string(),
  HinhThucThu: z.number().int(),
  Gia: z.number().nonnegative(),
  LoaiPhiLePhi: z.number().int(),
});

export const GiayToKetQuaSchema = z.object({
  TenGiayTo: z.string(),
  MaThanhPhanHoSo: z.string(),
  GiayToId: SHA256,
  DuongDanTepTinKetQua: z.string(),
  MaGiayToKetQua: z.string(),
  KichThuocTep: z.number().int().nonnegative(),
});

/** One dossier as DongBoHoSoMC carries it. */
export const ProvincialDossierSchema = z.object({
  MaHoSo: z.string().min(1).max(64),
  MaTTHC: z.string().min(1).max(64),
  TenTTHC: z.string().max(500),
  MaLinhVuc: z.string().max(64).default(''),
  TenLinhVuc: z.string().max(255).default(''),
  KenhThucHien: z.number().int().default(1),
  ChuHoSo: z.string().min(1).max(255),
  LoaiDoiTuong: z.number().int().min(1).max(4),
  MaDoiTuong: z.string().max(64).default(''),
  SoGiayToChuHoSo: z.string().max(32).default(''),
  DinhDanhCHS: z.array(DinhDanhSchema).default([]),
  Email: z.string().max(255).default(''),
  SoDienThoai: z.string().max(32).default(''),
  TrichYeuHoSo: z.string().max(2000).default(''),
  NgayTiepNhan: ProvincialDateSchema,
  NgayHenTra: ProvincialDateSchema,
  TrangThaiHoSo: TrangThaiHoSoSchema,
  NgayTra: ProvincialDateSchema.optional(),
  ThongTinTra: z.string().optional(),
  HinhThuc: z.number().int().min(0).max(1).default(0),
  NgayKetThucXuLy: ProvincialDateSchema.optional(),
  DonViXuLy: z.string().max(255).default(''),
  GhiChu: z.string().max(2000).default(''),
  HoSoCoThanhPhanSoHoa: z.number().int().min(0).max(1).default(0),
  TaiLieuNop: z.array(TaiLieuNopSchema).default([]),
  DanhSachLePhi: z.array(LePhiSchema).default([]),
  DanhSachGiayToKetQua: z.array(GiayToKetQuaSchema).default([]),
});
export type ProvincialDossier = z.infer<typeof ProvincialDossierSchema>;
export type ProvincialDossierInput = z.input<typeof ProvincialDossierSchema>;

/** One progress step as CapNhatTienDoHoSoMC carries it. */
export const ProvincialProgressSchema = z.object({
  MaHoSo: z.string().min(1).max(64),
  NguoiXuLy: z.string().max(255),
  ChucDanh: z.string().max(255).default(''),
  ThoiDiemXuLy: ProvincialDateSchema,
  PhongBanXuLy: z.string().max(255).default(''),
  NoiDungXuLy: z.string().max(2000).default(''),
  TrangThai: TrangThaiHoSoSchema,
  NgayBatDau: ProvincialDateSchema,
  NgayKetThucTheoQuyDinh: ProvincialDateSchema,
});
export type ProvincialProgress = z.infer<typeof ProvincialProgressSchema>;

/** Every file a dossier payload names (attachments and result documents). */
export function filesOf(dossier: ProvincialDossier): { sha256: string; size: number; name: string }[] {
  const seen = new Map<string, { sha256: string; size: number; name: string }>();
  for (const t of dossier.TaiLieuNop) if (!t.IsDeleted) seen.set(t.TepDinhKemId, { sha256: t.TepDinhKemId, size: t.KichThuocTep, name: t.TenTepDinhKem });
  for (const g of dossier.DanhSachGiayToKetQua) seen.set(g.GiayToId, { sha256: g.GiayToId, size: g.KichThuocTep, name: g.TenGiayTo });
  return [...seen.values()];
}

// ---- the wire: answers, error codes, the status feed ----

/** `error_code` values the sync engine understands (0 = ok, as on the portal). */
export const PROVINCIAL_ERROR = {
  ok: 0,
  /** Session missing or expired: authenticate again. */
  session: 1,
  /** DongBoHoSoMC of a MaHoSo the province already holds ("đã tồn tại"): send an update instead. */
  exists: 2,
  /** The data will never be accepted as sent. */
  invalid: 3,
  /** A file the dossier names has not been received (yet). */
  missingFile: 4,
  notFound: 5,
  /** An update for a MaHoSo the province does not hold. */
  unknownDossier: 6,
} as const;

export const ProvincialAnswerSchema = z.object({ error_code: z.number().int(), message: z.string().default('') }).passthrough();
export type ProvincialAnswer = z.infer<typeof ProvincialAnswerSchema>;

export const StatusChangeSchema = z.object({
  seq: z.number().int(),
  MaHoSo: z.string(),
  TrangThaiHoSo: TrangThaiHoSoSchema,
  ThoiDiem: ProvincialDateSchema,
});
export type StatusChange = z.infer<typeof StatusChangeSchema>;

export const FileStatusSchema = z.object({ sha256: SHA256, size: z.number().int(), received: z.number().int(), complete: z.boolean() });
export type FileStatus = z.infer<typeof FileStatusSchema>;

// ---- offline bundle (USB stick) ----

export const BundleItemSchema = z.object({
  idempotencyKey: z.string().min(1).max(128),
  kind: z.enum(['dossier', 'progress']),
  MaHoSo: z.string(),
  payload: z.unknown(),
});
export type BundleItem = z.infer<typeof BundleItemSchema>;

export const BundleManifestSchema = z.object({
  format: z.literal('motcua-sync-bundle/1'),
  bundleId: z.string().min(1),
  madonvi: z.string(),
  createdAt: ProvincialDateSchema,
  /** Ed25519 public key of the installation (SPKI DER, base64). */
  publicKey: z.string(),
  items: z.array(BundleItemSchema),
  /** Files in the order their bytes follow the manifest. */
  files: z.array(z.object({ sha256: SHA256, size: z.number().int().nonnegative() })),
});
export type BundleManifest = z.infer<typeof BundleManifestSchema>;

export const BundleAckSchema = z.object({
  format: z.literal('motcua-sync-ack/1'),
  bundleId: z.string(),
  receivedAt: ProvincialDateSchema,
  acknowledged: z.array(z.object({ idempotencyKey: z.string(), MaHoSo: z.string(), error_code: z.number().int(), message: z.string() })),
  files: z.array(z.object({ sha256: SHA256, stored: z.boolean() })),
});
export type BundleAck = z.infer<typeof BundleAckSchema>;

// ---- dates ----

const VN_OFFSET_MS = 7 * 3600 * 1000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A moment as `yyyyMMddHHmmss` in Vietnam time (UTC+7, no daylight saving). */
export function toProvincialDate(date: Date): string {
  const d = new Date(date.getTime() + VN_OFFSET_MS);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

/** Inverse of {@link toProvincialDate}; null when the text is not a valid date. */
export function fromProvincialDate(text: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s) - VN_OFFSET_MS;
  const back = new Date(utc);
  return toProvincialDate(back) === text ? back : null;
}
