import { describe, expect, it } from 'vitest';
import { parseCccdQr, validateIdNumber, validateTaxCode, parseDdMmYyyy } from './cccd';

const TODAY = new Date('2026-11-23T00:00:00Z');

describe('parseCccdQr: valid layouts', () => {
  it.each([
    {
      name: 'classic 7 fields with old ID',
      text: '079090001234|025123456|Nguyễn Văn An|01021990|Nam|12 Lê Lợi, Phường Bến Thành, TP. Hồ Chí Minh|15082021',
      expected: {
        idNumber: '079090001234',
        oldIdNumber: '025123456',
        fullName: 'Nguyễn Văn An',
        birthDate: '1990-02-01',
        sex: 'Nam',
        issueDate: '2021-08-15',
        extra: [],
      },
    },
    {
      name: 'empty old ID',
      text: '001305012345||Trần Thị Bình|05112005|Nữ|Thôn Đông, Xã Yên Lãng, Hà Nội|20012022',
      expected: {
        idNumber: '001305012345',
        oldIdNumber: null,
        fullName: 'Trần Thị Bình',
        birthDate: '2005-11-05',
        sex: 'Nữ',
        issueDate: '2022-01-20',
        extra: [],
      },
    },
    {
      name: 'card from 2024 with extra empty fields and a trailing Enter',
      text: '048185000111||Lê Thị Đào|30121985|Nữ|Hải Châu, Đà Nẵng|01072024||\r\n',
      expected: {
        idNumber: '048185000111',
        oldIdNumber: null,
        fullName: 'Lê Thị Đào',
        birthDate: '1985-12-30',
        sex: 'Nữ',
        issueDate: '2024-07-01',
        extra: ['', ''],
      },
    },
    {
      name: 'extra filled fields (father, mother names) are kept',
      text: '038200000777|173456789|Phạm Đức Hùng|29022000|Nam|Thanh Hóa|10102021|Phạm Văn Cha|Lê Thị Mẹ',
      expected: {
        idNumber: '038200000777',
        oldIdNumber: '173456789',
        fullName: 'Phạm Đức Hùng',
        birthDate: '2000-02-29',
        sex: 'Nam',
        issueDate: '2021-10-10',
        extra: ['Phạm Văn Cha', 'Lê Thị Mẹ'],
      },
    },
    {
      name: 'decomposed Unicode (NFD) from a scanner is normalised',
      text: '079090001234||Nguye\u0302\u0303n Va\u0306n An|01021990|Nam|TP. Hồ Chí Minh|15082021',
      expected: { fullName: 'Nguyễn Văn An', sex: 'Nam' },
    },
  ])('$name', ({ text, expected }) => {
    const result = parseCccdQr(text, { today: TODAY });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (result.ok) expect(result.applicant).toMatchObject(expected);
  });
});

describe('parseCccdQr: malformed input', () => {
  it.each([
    ['', 'Chưa có dữ liệu'],
    ['https://dichvucong.gov.vn/abc', 'cần ít nhất 7 trường'],
    ['079090001234|025123456|Nguyễn Văn An|01021990|Nam|TP HCM', 'nhận được 6'],
    ['07909000123|025123456|Nguyễn Văn An|01021990|Nam|TP HCM|15082021', 'đúng 12 chữ số'],
    ['079090001234|0251234|Nguyễn Văn An|01021990|Nam|TP HCM|15082021', 'CMND cũ'],
    ['079090001234||   |01021990|Nam|TP HCM|15082021', 'Họ và tên'],
    ['079090001234||Nguyễn Văn An|31021990|Nam|TP HCM|15082021', 'Ngày sinh "31021990"'],
    ['079090001234||Nguyễn Văn An|1990-02-01|Nam|TP HCM|15082021', 'Ngày sinh'],
    ['079090001234||Nguyễn Văn An|01021990|Male|TP HCM|15082021', 'Giới tính "Male"'],
    ['079090001234||Nguyễn Văn An|01021990|Nam||15082021', 'Nơi thường trú'],
    ['079090001234||Nguyễn Văn An|01021990|Nam|TP HCM|15132021', 'Ngày cấp'],
    ['079090001234||Nguyễn Văn An|01021990|Nam|TP HCM|15081980', 'trước ngày sinh'],
    // Structure cross-check: the ID says male born 1990, the card says female / 1991.
    ['079090001234||Nguyễn Thị An|01021990|Nữ|TP HCM|15082021', 'giới tính Nam'],
    ['079090001234||Nguyễn Văn An|01021991|Nam|TP HCM|15082021', 'năm sinh 1990'],
    ['003090001234||Nguyễn Văn An|01021990|Nam|TP HCM|15082021', 'Mã tỉnh'],
    ['079090001234||Nguyễn Văn An|01021990|Nam|TP HCM|15082021\nabc', 'ngắt dòng'],
  ])('%j is rejected', (text, message) => {
    const result = parseCccdQr(text, { today: TODAY });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });
});

describe('validateIdNumber', () => {
  it.each([
    ['079090001234', { provinceName: 'TP. Hồ Chí Minh', sex: 'Nam', birthYear: 1990 }],
    ['001185000001', { provinceName: 'Hà Nội', sex: 'Nữ', birthYear: 1985 }],
    ['096200123456', { provinceName: 'Cà Mau', sex: 'Nam', birthYear: 2000 }],
    ['048325654321', { provinceName: 'Đà Nẵng', sex: 'Nữ', birthYear: 2025 }],
    ['038099999999', { provinceName: 'Thanh Hóa', sex: 'Nam', birthYear: 1999 }],
  ])('%s is valid', (id, info) => {
    const result = validateIdNumber(id, { today: TODAY });
    expect(result).toMatchObject({ ok: true, info });
  });

  it.each([
    ['07909000123', '12 chữ số'],
    ['0790900012345', '12 chữ số'],
    ['07909000123A', 'chỉ gồm chữ số'],
    ['100090001234', 'Mã tỉnh'],
    ['079227001234', 'sau năm hiện tại'],
    ['079490001234', 'sau năm hiện tại'],
  ])('%s is rejected (%s)', (id, message) => {
    const result = validateIdNumber(id, { today: TODAY });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });

  it.each([
    [{ birthDate: '1990-05-05', sex: 'Nam' as const }, true],
    [{ birthDate: '1991-05-05', sex: 'Nam' as const }, false],
    [{ birthDate: '1990-05-05', sex: 'Nữ' as const }, false],
  ])('cross-check %j → %s', (cross, ok) => {
    expect(validateIdNumber('079090001234', { ...cross, today: TODAY }).ok).toBe(ok);
  });
});

describe('small parsers', () => {
  it.each([
    ['0101233456', true],
    ['0101233456-001', true],
    ['010123345', false],
    ['0101233456-1', false],
  ])('tax code %s → %s', (code, ok) => expect(validateTaxCode(code).ok).toBe(ok));
  it.each([
    ['29022024', '2024-02-29'],
    ['29022023', null],
    ['00012020', null],
  ])('date %s → %s', (text, iso) => expect(parseDdMmYyyy(text)).toBe(iso));
});
