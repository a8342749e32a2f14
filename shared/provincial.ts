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
 * | status                                | TrangThaiHoSo            | the same codes 1–10 as locally (`STATUS_NAMES` in shared/domain/status.ts) |
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
import { VN_OFFSET_MINUTES } from './vn-time';

const SHA256 = z.string().regex(/^[0-9a-f]{64}$/, 'Mã băm SHA-256 không hợp lệ');
/** `yyyyMMddHHmmss`, Vietnam time. */
export const ProvincialDateSchema = z.string().regex(/^\d{14}$/, 'Ngày giờ phải có dạng yyyyMMddHHmmss');

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
  Fax: z.string().max(32).default(''),
  NgayKetThucXuLy: ProvincialDateSchema.optional(),
  /** When the dossier was refused at the desk (status 3). */
  NgayTuChoi: ProvincialDateSchema.optional(),
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
  for (const t of dossier.TaiLieuNop)
    if (!t.IsDeleted) seen.set(t.TepDinhKemId, { sha256: t.TepDinhKemId, size: t.KichThuocTep, name: t.TenTepDinhKem });
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
  /** The audit chain's head when the bundle was made (issue #11): an anchor outside the database, signed with the manifest. */
  auditAnchor: z.object({ seq: z.number().int().min(1), hash: SHA256 }).optional(),
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

const VN_OFFSET_MS = VN_OFFSET_MINUTES * 60_000;
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

// ---- the DVCQG dialect: what production integrations send and read ----
//
// Facts from production clients (OpenCPS v2 DVCQGIntegrationActionImpl, a C# sync service):
// every value is a string ("1", "True"), every field is present ("" when empty), the
// session comes from a configurable auth path, services go to a configurable service
// path with `session` and `madonvi` in the body and a `dstcode` header, `error_code`
// is read as a string, an existing dossier is recognised by "đã tồn tại" in the message
// (seen with codes 0, 3 and -3), status is read back with TraCuuHoSo (`mahoso`) whose
// records come under `result[]`, and LayThuTuc (`maTTHC`) gives the catalog record
// (TENTTHC, LINHVUCTHUCHIEN[].MALINHVUC/TENLINHVUC, KETQUATHUCHIEN[].MAKETQUA/TENKETQUA).

const digits = (max: number) => z.string().regex(new RegExp(`^[0-${max}]$`), `Giá trị phải là chuỗi số 0–${max}`);
const wireDate = z.string().regex(/^(\d{14})?$/, 'Ngày giờ phải có dạng yyyyMMddHHmmss hoặc rỗng');
const bool = z.enum(['True', 'False']);
const money = z.string().regex(/^\d+(\.\d+)?$/, 'Số tiền phải là chuỗi số');

export const DvcqgTaiLieuSchema = z.strictObject({
  TepDinhKemId: z.string().min(1).max(64),
  TenTepDinhKem: z.string().min(1).max(255),
  IsDeleted: bool,
  MaThanhPhanHoSo: z.string().max(64),
  DuongDanTaiTepTin: z.string().url().max(2000),
  DuocSoHoa: digits(3),
  DuocTaiSuDung: digits(2),
});

export const DvcqgDossierSchema = z.strictObject({
  MaHoSo: z.string().min(1).max(64),
  MaTTHC: z.string().min(1).max(64),
  TenTTHC: z.string().max(500),
  MaLinhVuc: z.string().max(64),
  TenLinhVuc: z.string().max(255),
  KenhThucHien: digits(3),
  ChuHoSo: z.string().min(1).max(255),
  LoaiDoiTuong: digits(4),
  MaDoiTuong: z.string().max(64),
  ThongTinKhac: z.string().max(2000),
  Email: z.string().max(255),
  Fax: z.string().max(32),
  SoDienThoai: z.string().max(32),
  TrichYeuHoSo: z.string().max(1000),
  SoGiayToChuHoSo: z.string().max(32),
  DinhDanhCHS: z.array(z.strictObject({ LoaiDinhDanh: digits(2), SoDinhDanh: z.string().regex(/^\d{9}(\d{3})?$/) })),
  NgayTiepNhan: z.string().regex(/^\d{14}$/),
  NgayHenTra: z.string().regex(/^\d{14}$/),
  TrangThaiHoSo: z.string().regex(/^([1-9]|10)$/, 'Trạng thái phải là chuỗi 1–10'),
  NgayTra: wireDate,
  ThongTinTra: z.string().max(2000),
  HinhThuc: digits(1),
  NgayKetThucXuLy: wireDate,
  DonViXuLy: z.string().max(255),
  GhiChu: z.string().max(2000),
  NoiNopHoSo: z.string().max(255),
  NgayNopHoSo: wireDate,
  NgayTuChoi: wireDate,
  HoSoCoThanhPhanSoHoa: digits(1),
  TaiLieuNop: z.array(DvcqgTaiLieuSchema),
  DanhSachLePhi: z.array(
    z.strictObject({ TenPhiLePhi: z.string(), MaPhiLePhi: z.string(), HinhThucThu: digits(9), Gia: money, LoaiPhiLePhi: digits(9) }),
  ),
  DanhSachTepDinhKemKhac: z.array(z.strictObject({ TenGiayTo: z.string(), SoLuong: z.string(), LoaiGiayTo: z.string() })),
  DanhSachHoSoBoSung: z.array(z.record(z.string(), z.string())),
  DanhSachGiayToKetQua: z.array(
    z.strictObject({
      TenGiayTo: z.string(),
      MaThanhPhanHoSo: z.string(),
      GiayToId: z.string().min(1).max(64),
      DuongDanTepTinKetQua: z.string().url().max(2000),
      MaGiayToKetQua: z.string(),
    }),
  ),
});
export type DvcqgDossier = z.infer<typeof DvcqgDossierSchema>;

export const DvcqgProgressSchema = z.strictObject({
  MaHoSo: z.string().min(1).max(64),
  NguoiXuLy: z.string().max(50),
  ChucDanh: z.string().max(255),
  ThoiDiemXuLy: z.string().regex(/^\d{14}$/),
  PhongBanXuLy: z.string().max(255),
  NoiDungXuLy: z.string().max(2000),
  TrangThai: z.string().regex(/^([1-9]|10)$/),
  NgayBatDau: wireDate,
  NgayKetThucTheoQuyDinh: wireDate,
});
export type DvcqgProgress = z.infer<typeof DvcqgProgressSchema>;

/** The portal's catalog record of a procedure (LayThuTuc), the part sync uses. */
export const PortalProcedureSchema = z.object({
  MATTHC: z.string(),
  TENTTHC: z.string(),
  LINHVUCTHUCHIEN: z.array(z.object({ MALINHVUC: z.string(), TENLINHVUC: z.string() })).default([]),
  KETQUATHUCHIEN: z.array(z.object({ MAKETQUA: z.string(), TENKETQUA: z.string() })).default([]),
});
export type PortalProcedure = z.infer<typeof PortalProcedureSchema>;

/** The procedure as it is sent: the portal's code, names and result codes (catalog record, or what the supervisor set). */
export interface ProcedureMapping {
  localCode: string;
  portalCode: string;
  name: string;
  fieldCode: string;
  fieldName: string;
  results: { code: string; name: string }[];
}

const cut = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/** A result document's code in the catalog: the one of the same name, or the only one there is; never made up. */
function resultCode(name: string, results: ProcedureMapping['results']): string {
  const folded = name.trim().toLowerCase();
  const same = results.find((r) => r.name.trim().toLowerCase() === folded);
  if (same) return same.code;
  return results.length === 1 ? results[0]!.code : '';
}

/** Our dossier in the DVCQG dialect. `fileUrl` signs a fetchable URL for a file (by SHA-256). */
export function toDvcqgDossier(
  d: ProvincialDossier,
  procedure: ProcedureMapping | null,
  fileUrl: (sha256: string) => string,
): DvcqgDossier {
  return {
    MaHoSo: d.MaHoSo,
    MaTTHC: procedure?.portalCode ?? d.MaTTHC,
    TenTTHC: procedure?.name ?? d.TenTTHC,
    MaLinhVuc: procedure?.fieldCode ?? d.MaLinhVuc,
    TenLinhVuc: procedure?.fieldName ?? d.TenLinhVuc,
    KenhThucHien: String(d.KenhThucHien),
    ChuHoSo: d.ChuHoSo,
    LoaiDoiTuong: String(d.LoaiDoiTuong),
    MaDoiTuong: d.MaDoiTuong,
    ThongTinKhac: '',
    Email: d.Email,
    Fax: d.Fax,
    SoDienThoai: d.SoDienThoai,
    TrichYeuHoSo: cut(d.TrichYeuHoSo, 1000),
    SoGiayToChuHoSo: d.SoGiayToChuHoSo,
    DinhDanhCHS: d.DinhDanhCHS.map((i) => ({ LoaiDinhDanh: String(i.LoaiDinhDanh), SoDinhDanh: i.SoDinhDanh })),
    NgayTiepNhan: d.NgayTiepNhan,
    NgayHenTra: d.NgayHenTra,
    TrangThaiHoSo: String(d.TrangThaiHoSo),
    NgayTra: d.NgayTra ?? '',
    ThongTinTra: d.ThongTinTra ?? '',
    HinhThuc: String(d.HinhThuc),
    NgayKetThucXuLy: d.NgayKetThucXuLy ?? '',
    DonViXuLy: d.DonViXuLy,
    GhiChu: d.GhiChu,
    // Received at the desk: handed in where it was received, when it was received.
    NoiNopHoSo: d.KenhThucHien === 1 ? d.DonViXuLy : '',
    NgayNopHoSo: d.NgayTiepNhan,
    NgayTuChoi: d.NgayTuChoi ?? '',
    HoSoCoThanhPhanSoHoa: String(d.HoSoCoThanhPhanSoHoa),
    TaiLieuNop: d.TaiLieuNop.map((t) => ({
      TepDinhKemId: t.TepDinhKemId,
      TenTepDinhKem: t.TenTepDinhKem,
      IsDeleted: t.IsDeleted ? 'True' : 'False',
      MaThanhPhanHoSo: t.MaThanhPhanHoSo,
      DuongDanTaiTepTin: fileUrl(t.TepDinhKemId),
      DuocSoHoa: String(t.DuocSoHoa),
      // 0 new, 1 reused from a component, 2 reused from a result (local DuocSoHoa 2/3 say which).
      DuocTaiSuDung: t.DuocSoHoa === 3 ? '2' : t.DuocSoHoa === 2 || t.DuocTaiSuDung === 1 ? '1' : '0',
    })),
    DanhSachLePhi: d.DanhSachLePhi.map((f) => ({
      TenPhiLePhi: f.TenPhiLePhi,
      MaPhiLePhi: f.MaPhiLePhi,
      HinhThucThu: String(f.HinhThucThu),
      Gia: String(f.Gia),
      LoaiPhiLePhi: String(f.LoaiPhiLePhi),
    })),
    DanhSachTepDinhKemKhac: [],
    DanhSachHoSoBoSung: [],
    DanhSachGiayToKetQua: d.DanhSachGiayToKetQua.map((g) => ({
      TenGiayTo: g.TenGiayTo,
      MaThanhPhanHoSo: g.MaThanhPhanHoSo,
      GiayToId: g.GiayToId,
      DuongDanTepTinKetQua: fileUrl(g.GiayToId),
      MaGiayToKetQua: resultCode(g.TenGiayTo, procedure?.results ?? []),
    })),
  };
}

export function toDvcqgProgress(p: ProvincialProgress): DvcqgProgress {
  return {
    MaHoSo: p.MaHoSo,
    NguoiXuLy: cut(p.NguoiXuLy, 50),
    ChucDanh: p.ChucDanh,
    ThoiDiemXuLy: p.ThoiDiemXuLy,
    PhongBanXuLy: p.PhongBanXuLy,
    NoiDungXuLy: p.NoiDungXuLy,
    TrangThai: String(p.TrangThai),
    NgayBatDau: p.NgayBatDau,
    NgayKetThucTheoQuyDinh: p.NgayKetThucTheoQuyDinh,
  };
}

/** `error_code` as production clients read it: a number or a string of digits. */
const WireCodeSchema = z
  .union([
    z.number().int(),
    z
      .string()
      .trim()
      .regex(/^-?\d+$/),
  ])
  .transform(Number);

export const DvcqgAnswerSchema = z
  .object({
    error_code: WireCodeSchema,
    message: z
      .string()
      .nullish()
      .transform((m) => m ?? ''),
    result: z.unknown().optional(),
    session: z.string().optional(),
  })
  .passthrough();
export type DvcqgAnswer = z.infer<typeof DvcqgAnswerSchema>;

/** "Đã tồn tại" is read from the message, whatever the code (0, 3 and -3 are seen). */
export function saysExists(message: string): boolean {
  return message.normalize('NFC').toLowerCase().includes('đã tồn tại');
}

/** One TraCuuHoSo record: the keys production clients read, and the status under the names portals use. */
export const DvcqgLookupRecordSchema = z
  .object({
    mahoso: z.string(),
    maTTHC: z.string().optional(),
    TrangThaiHoSo: z.union([z.string(), z.number()]).optional(),
    trangThaiHoSo: z.union([z.string(), z.number()]).optional(),
  })
  .passthrough();

/** The status a TraCuuHoSo record carries, or null when it has none we can read. */
export function lookupStatus(record: z.infer<typeof DvcqgLookupRecordSchema>): number | null {
  const raw = record.TrangThaiHoSo ?? record.trangThaiHoSo;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 10 ? n : null;
}
