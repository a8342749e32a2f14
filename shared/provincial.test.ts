import { describe, expect, it } from 'vitest';
import { filesOf, fromProvincialDate, ProvincialDossierSchema, toProvincialDate } from './provincial';

describe('provincial dates (yyyyMMddHHmmss, Vietnam time)', () => {
  it.each([
    ['2025-11-24T00:00:00Z', '20251124070000'],
    ['2025-11-23T17:00:00Z', '20251124000000'],
    ['2025-12-31T16:59:59Z', '20251231235959'],
    ['2025-12-31T17:00:00Z', '20260101000000'],
    ['2024-02-28T17:30:05Z', '20240229003005'],
  ])('%s → %s and back', (iso, text) => {
    expect(toProvincialDate(new Date(iso))).toBe(text);
    expect(fromProvincialDate(text)?.toISOString()).toBe(new Date(iso).toISOString());
  });

  it.each(['2025112407000', '20251324070000', '20250230120000', '2025112407000a', ''])('rejects %j', (text) => {
    expect(fromProvincialDate(text)).toBeNull();
  });
});

describe('ProvincialDossier', () => {
  const sha = 'a'.repeat(64);
  const base = {
    MaHoSo: '000.00.12.H56-251124-0007',
    MaTTHC: '1.001193',
    TenTTHC: 'Đăng ký khai sinh',
    ChuHoSo: 'Nguyễn Văn An',
    LoaiDoiTuong: 1,
    NgayTiepNhan: '20251124080000',
    NgayHenTra: '20251126170000',
    TrangThaiHoSo: 2,
  };

  it('fills defaults and lists the files it names once each, skipping deleted ones', () => {
    const d = ProvincialDossierSchema.parse({
      ...base,
      TaiLieuNop: [
        { TepDinhKemId: sha, TenTepDinhKem: 'to-khai.pdf', DuongDanTaiTepTin: `sha256:${sha}`, KichThuocTep: 10 },
        { TepDinhKemId: sha, TenTepDinhKem: 'ban-sao.pdf', DuongDanTaiTepTin: `sha256:${sha}`, KichThuocTep: 10 },
        { TepDinhKemId: 'b'.repeat(64), TenTepDinhKem: 'cu.pdf', DuongDanTaiTepTin: 'x', KichThuocTep: 5, IsDeleted: true },
      ],
    });
    expect(d.DinhDanhCHS).toEqual([]);
    expect(d.HinhThuc).toBe(0);
    expect(filesOf(d)).toEqual([{ sha256: sha, size: 10, name: 'ban-sao.pdf' }]);
  });

  it.each([
    [{ TrangThaiHoSo: 11 }],
    [{ NgayTiepNhan: '24/11/2025' }],
    [{ LoaiDoiTuong: 5 }],
    [{ MaHoSo: '' }],
    [{ DinhDanhCHS: [{ LoaiDinhDanh: 1, SoDinhDanh: '12345' }] }],
  ])('refuses %j', (change) => {
    expect(ProvincialDossierSchema.safeParse({ ...base, ...change }).success).toBe(false);
  });
});
