import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { testCore } from '../../../tests/support/core';
import { COLUMNS, parseCsv, parseCsvCatalog } from './catalog-import';

const HEADER = COLUMNS.map(([name]) => name).join(',');
const CSV = [
  HEADER,
  '1.001193,Đăng ký khai sinh,Hộ tịch,Cấp xã,0,ngay,15:00,UBND cấp xã,Lệ phí: 0,TP1,Tờ khai đăng ký khai sinh,1,0,x,Mẫu tờ khai',
  '1.001193,,,,,,,,,TP2,"Giấy chứng sinh, hoặc văn bản thay thế",1,0,x,',
  '9.000001,Xác nhận thông tin cư trú,Cư trú,Cấp xã,4,gio,,Công an cấp xã,,,,,,,',
].join('\r\n');

describe('catalog import', () => {
  it('parses quoted CSV with `,` or `;` separators and a BOM', () => {
    expect(parseCsv('\uFEFFa;b\n"x;""y""";z\n')).toEqual([
      ['a', 'b'],
      ['x;"y"', 'z'],
    ]);
  });

  it('groups component rows into procedures', () => {
    const { procedures, errors } = parseCsvCatalog(CSV);
    expect(errors).toEqual([]);
    expect(procedures).toHaveLength(2);
    expect(procedures[0]).toMatchObject({
      code: '1.001193',
      processing: { unit: 'days', value: 0 },
      sameDayCutoff: '15:00',
      fees: [{ name: 'Lệ phí', amount: 0 }],
      components: [
        { code: 'TP1', required: true },
        { code: 'TP2', name: 'Giấy chứng sinh, hoặc văn bản thay thế' },
      ],
    });
    expect(procedures[1]).toMatchObject({ processing: { unit: 'hours', value: 4 }, components: [] });
  });

  it.each([
    ['ma_tthc,ten\n1.1,x', 1, 'Thiếu cột: ten_thu_tuc, thoi_han'],
    [`${HEADER}\n,Tên,Hộ tịch,,3,ngay,,UBND,,,,,,,`, 2, 'Thiếu mã thủ tục'],
    [`${HEADER}\n1.000001,Tên,Hộ tịch,,ba,ngay,,UBND,,,,,,,`, 2, 'không phải là số'],
    [`${HEADER}\n1.000001,Tên,Hộ tịch,,3,tuan,,UBND,,,,,,,`, 2, 'Đơn vị thời hạn'],
    [`${HEADER}\n1.000001,Tên,Hộ tịch,,3,ngay,3h,UBND,,,,,,,`, 2, 'HH:mm'],
    [`${HEADER}\n1.000001,Tên,Hộ tịch,,3,ngay,,UBND,Phí năm nghìn,,,,,,`, 2, 'Lệ phí'],
    [`${HEADER}\n1.000001,Tên,Hộ tịch,,3,ngay,,UBND,,TP1,Đơn,x,0,x,\n1.000001,,,,,,,,,TP2,Bản sao,1,hai,x,`, 3, 'số nguyên'],
  ])('reports bad rows with their row number: %#', (csv, row, message) => {
    const { errors } = parseCsvCatalog(csv);
    expect(errors).toEqual(expect.arrayContaining([expect.objectContaining({ row, message: expect.stringContaining(message) })]));
  });

  it('imports XLSX and JSON through the service, versioning changed procedures; a bad file imports nothing', async () => {
    const core = testCore({ seedDemo: false });
    try {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Thủ tục');
      for (const line of parseCsv(CSV)) sheet.addRow(line);
      const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
      expect(await core.catalog.import('xlsx', xlsx)).toEqual({ created: 2, updated: 0, unchanged: 0, errors: [] });
      expect(core.catalog.get('1.001193').components).toHaveLength(2);

      const changed = [{ ...core.catalog.get('1.001193'), processing: { unit: 'days', value: 1 } }].map(
        ({ version: _v, importedAt: _i, active: _a, ...p }) => p,
      );
      const report = await core.catalog.import('json', Buffer.from(JSON.stringify({ procedures: changed })));
      expect(report).toEqual({ created: 0, updated: 1, unchanged: 0, errors: [] });
      expect(core.catalog.get('1.001193').version).toBe(2);
      expect(core.catalog.get('1.001193', 1).processing.value).toBe(0);
      expect(core.catalog.search('dang ky khai').map((p) => p.code)).toEqual(['1.001193']);
      expect(core.catalog.search('1.0011').map((p) => p.code)).toEqual(['1.001193']);

      const bad = await core.catalog.import('json', Buffer.from('[{"code":"1.2"}]'));
      expect(bad.created).toBe(0);
      expect(bad.errors[0]).toMatchObject({ row: 1 });
      expect((await core.catalog.import('xlsx', Buffer.from('not a zip'))).errors[0]?.message).toContain('Không đọc được tệp XLSX');
      expect(core.catalog.search('').length).toBe(2);
    } finally {
      await core.close();
    }
  });

  it('ships a seed catalog of at least 20 commune-level procedures', async () => {
    const core = testCore();
    try {
      const all = core.catalog.search('', 500);
      expect(all.length).toBeGreaterThanOrEqual(20);
      expect(all.every((p) => p.level === 'Cấp xã')).toBe(true);
      expect(core.catalog.search('chung thuc ban sao').map((p) => p.code)).toContain('2.000815');
    } finally {
      await core.close();
    }
  });
});
