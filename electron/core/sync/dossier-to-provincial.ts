/**
 * The bridge from local dossiers to the provincial outbox: every dossier
 * change becomes a full DongBoHoSoMC payload (and a CapNhatTienDoHoSoMC step for
 * status changes), enqueued inside the dossier's own write transaction. The
 * field-by-field table is in shared/provincial.ts; this is its code.
 */
import type { Dossier, StatusChange } from '../../../shared/contract';
import { toProvincialDate, type ProvincialDossierInput, type ProvincialProgress } from '../../../shared/provincial';
import type { AgencyConfig } from '../config';
import type { DossierChangeListener } from '../dossier/dossier-service';
import type { FileStore } from '../files/file-store';
import { syncDossierListener } from './outbox';

export function toProvincialDossier(dossier: Dossier, agency: AgencyConfig, files: FileStore): ProvincialDossierInput {
  const a = dossier.applicant;
  const ids = [
    ...(a.idNumber ? [{ LoaiDinhDanh: 1, SoDinhDanh: a.idNumber }] : []),
    ...(a.oldIdNumber && a.oldIdNumber.length === 9 ? [{ LoaiDinhDanh: 2, SoDinhDanh: a.oldIdNumber }] : []),
  ];
  const attached = dossier.components.flatMap((c) => (c.sha256 === null ? [] : [{ ...c, sha256: c.sha256 }]));
  // The last time the dossier entered a status: processing finished (9), refused at the desk (3).
  const enteredAt = (status: number) => dossier.history.filter((h) => h.to === status).at(-1)?.at;
  const finishedAt = enteredAt(9);
  const refusedAt = dossier.status === 3 ? (enteredAt(3) ?? dossier.receivedAt) : undefined;
  const results = (dossier.result?.documents ?? []).flatMap((d) => (d.sha256 === null ? [] : [{ ...d, sha256: d.sha256 }]));
  return {
    MaHoSo: dossier.code,
    MaTTHC: dossier.procedureCode,
    TenTTHC: dossier.procedureName,
    TenLinhVuc: dossier.field,
    KenhThucHien: 1,
    ChuHoSo: a.kind === 'organization' ? (a.organizationName ?? a.fullName) : a.fullName,
    LoaiDoiTuong: a.kind === 'organization' ? 2 : 1,
    SoGiayToChuHoSo: a.kind === 'organization' ? (a.taxCode ?? '') : (a.idNumber ?? ''),
    DinhDanhCHS: ids,
    Email: a.email,
    SoDienThoai: a.phone,
    TrichYeuHoSo: `${dossier.procedureName} — ${a.fullName}`,
    NgayTiepNhan: toProvincialDate(new Date(dossier.receivedAt)),
    NgayHenTra: toProvincialDate(new Date(dossier.dueAt)),
    TrangThaiHoSo: dossier.status,
    ...(dossier.result
      ? { NgayTra: toProvincialDate(new Date(dossier.result.returnedAt)), ThongTinTra: `Người nhận: ${dossier.result.collectedBy}` }
      : {}),
    HinhThuc: dossier.delivery === 'post' ? 1 : 0,
    ...(finishedAt ? { NgayKetThucXuLy: toProvincialDate(new Date(finishedAt)) } : {}),
    ...(refusedAt ? { NgayTuChoi: toProvincialDate(new Date(refusedAt)) } : {}),
    DonViXuLy: agency.name,
    GhiChu: dossier.notes,
    HoSoCoThanhPhanSoHoa: attached.length > 0 ? 1 : 0,
    TaiLieuNop: attached.map((c) => ({
      TepDinhKemId: c.sha256,
      TenTepDinhKem: c.fileName ?? `${c.code}.pdf`,
      MaThanhPhanHoSo: c.code,
      DuongDanTaiTepTin: `sha256:${c.sha256}`,
      DuocSoHoa: c.digitization,
      DuocTaiSuDung: c.reusedFrom ? 1 : 0,
      KichThuocTep: files.size(c.sha256),
    })),
    // No fee codes are made up: the local catalog has none (the portal's PHILEPHI codes are not mapped yet).
    DanhSachLePhi: dossier.fees.map((f) => ({ TenPhiLePhi: f.name, MaPhiLePhi: '', HinhThucThu: 1, Gia: f.amount, LoaiPhiLePhi: 1 })),
    DanhSachGiayToKetQua: results.map((d) => ({
      TenGiayTo: d.name,
      MaThanhPhanHoSo: '',
      GiayToId: d.sha256,
      DuongDanTepTinKetQua: `sha256:${d.sha256}`,
      // The portal's result code comes from its catalog at the adapter edge (toDvcqgDossier), never invented here.
      MaGiayToKetQua: '',
      KichThuocTep: files.size(d.sha256),
    })),
  };
}

export function toProvincialProgress(dossier: Dossier, change: StatusChange, agency: AgencyConfig): ProvincialProgress {
  return {
    MaHoSo: dossier.code,
    NguoiXuLy: change.by,
    ChucDanh: '',
    ThoiDiemXuLy: toProvincialDate(new Date(change.at)),
    PhongBanXuLy: agency.name,
    NoiDungXuLy: change.note,
    TrangThai: change.to,
    NgayBatDau: toProvincialDate(new Date(dossier.receivedAt)),
    NgayKetThucTheoQuyDinh: toProvincialDate(new Date(dossier.dueAt)),
  };
}

/**
 * The dossier service's change listener that fills the outbox. `load` reads the
 * dossier through the same connection, inside the transaction, so it sees the
 * change being made.
 */
export function dossierOutboxListener(load: (code: string) => Dossier, agency: AgencyConfig, files: FileStore): DossierChangeListener {
  return (db, change) => {
    const dossier = change.type === 'received' ? change.dossier : load(change.code);
    const progress = change.type === 'status-changed' ? toProvincialProgress(dossier, change.change, agency) : undefined;
    syncDossierListener(db, { dossier: toProvincialDossier(dossier, agency, files), ...(progress ? { progress } : {}) });
  };
}
