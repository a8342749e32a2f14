import { describe, expect, it } from 'vitest';
import {
  DvcqgAnswerSchema,
  DvcqgDossierSchema,
  filesOf,
  fromProvincialDate,
  ProvincialDossierSchema,
  saysExists,
  toDvcqgDossier,
  toProvincialDate,
} from './provincial';

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

describe('the DVCQG dialect', () => {
  const sha = 'c'.repeat(64);
  const local = ProvincialDossierSchema.parse({
    MaHoSo: '000.00.12.H56-251124-0001',
    MaTTHC: '1.001193',
    TenTTHC: 'Đăng ký khai sinh (tên tại đơn vị)',
    ChuHoSo: 'Nguyễn Văn An',
    LoaiDoiTuong: 1,
    TrichYeuHoSo: 'x'.repeat(1500),
    NgayTiepNhan: '20251124080000',
    NgayHenTra: '20251125080000',
    TrangThaiHoSo: 10,
    NgayTra: '20251125090000',
    ThongTinTra: 'Người nhận: Nguyễn Văn An',
    TaiLieuNop: [{ TepDinhKemId: sha, TenTepDinhKem: 'to-khai.pdf', DuongDanTaiTepTin: `sha256:${sha}`, KichThuocTep: 10, DuocSoHoa: 3 }],
    DanhSachGiayToKetQua: [
      {
        TenGiayTo: 'Giấy khai sinh',
        MaThanhPhanHoSo: '',
        GiayToId: sha,
        DuongDanTepTinKetQua: `sha256:${sha}`,
        MaGiayToKetQua: '',
        KichThuocTep: 10,
      },
    ],
  });
  const mapping = {
    localCode: '1.001193',
    portalCode: '1.001193.000.00.00.H56',
    name: 'Đăng ký khai sinh',
    fieldCode: 'G09-TP01',
    fieldName: 'Hộ tịch',
    results: [{ code: 'KQ.1', name: 'Giấy khai sinh' }],
  };

  it('writes strings only, takes codes and names from the catalog, cuts to the portal limits, and passes the strict schema', () => {
    const wire = toDvcqgDossier(local, mapping, (s) => `https://tep.example.vn/files/${s}?expires=1&sig=${'0'.repeat(64)}`);
    expect(DvcqgDossierSchema.safeParse(wire).success).toBe(true);
    expect(wire).toMatchObject({
      MaTTHC: mapping.portalCode,
      TenTTHC: 'Đăng ký khai sinh',
      MaLinhVuc: 'G09-TP01',
      TrangThaiHoSo: '10',
      LoaiDoiTuong: '1',
      NgayKetThucXuLy: '',
    });
    expect(wire.TrichYeuHoSo).toHaveLength(1000);
    expect(wire.TaiLieuNop[0]).toMatchObject({ IsDeleted: 'False', DuocSoHoa: '3', DuocTaiSuDung: '2' });
    expect(wire.DanhSachGiayToKetQua[0]!.MaGiayToKetQua).toBe('KQ.1');
  });

  it('invents no result code: none when the catalog has several and none has the name', () => {
    const several = {
      ...mapping,
      results: [
        { code: 'A', name: 'Trích lục' },
        { code: 'B', name: 'Bản sao' },
      ],
    };
    expect(toDvcqgDossier(local, several, (s) => `https://x.vn/${s}`).DanhSachGiayToKetQua[0]!.MaGiayToKetQua).toBe('');
  });

  it('refuses our numeric payload (what the motcua dialect sends)', () => {
    const wire = toDvcqgDossier(local, mapping, (s) => `https://x.vn/${s}`);
    expect(DvcqgDossierSchema.safeParse({ ...wire, TrangThaiHoSo: 10 }).success).toBe(false);
    const { Fax: _fax, ...withoutFax } = wire;
    expect(DvcqgDossierSchema.safeParse(withoutFax).success).toBe(false);
  });

  it.each([
    [{ error_code: '0', message: 'ok' }, 0],
    [{ error_code: ' -3 ', message: null }, -3],
    [{ error_code: 3 }, 3],
  ])('reads error_code %j as %i', (answer, code) => {
    expect(DvcqgAnswerSchema.parse(answer).error_code).toBe(code);
  });

  it.each([
    ['Hồ sơ 000.00.12.H56-251124-0001 đã tồn tại', true],
    ['HỒ SƠ ĐÃ TỒN TẠI TRÊN HỆ THỐNG', true],
    ['Hồ sơ không tồn tại', false],
  ])('"%s" says the dossier exists: %s', (message, exists) => {
    expect(saysExists(message)).toBe(exists);
  });
});
