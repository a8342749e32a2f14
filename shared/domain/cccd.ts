/**
 * The chip ID card (CCCD / căn cước): QR parsing and the structure of the
 * 12-digit personal ID number. Pure: used by the counter, the kiosk and the CLI.
 *
 * QR layout (UTF-8, `|`-separated): ID | old ID (may be empty) | full name |
 * birth date ddMMyyyy | sex (Nam/Nữ) | address | issue date ddMMyyyy, and on
 * cards issued from 2024 further (often empty) fields, which are kept as `extra`.
 */

export type Sex = 'Nam' | 'Nữ';

export interface CccdApplicant {
  idNumber: string;
  /** Old 9-digit CMND (or an earlier 12-digit number); null when the field is empty. */
  oldIdNumber: string | null;
  fullName: string;
  /** yyyy-MM-dd */
  birthDate: string;
  sex: Sex;
  address: string;
  /** yyyy-MM-dd */
  issueDate: string;
  /** Fields after the seventh, as printed (newer cards). */
  extra: string[];
}

export type CccdParseResult = { ok: true; applicant: CccdApplicant } | { ok: false; error: string };

/** Province (birth registration) codes of the 12-digit ID number, Thông tư 59/2021/TT-BCA. */
export const ID_PROVINCE_CODES: Readonly<Record<string, string>> = {
  '001': 'Hà Nội',
  '002': 'Hà Giang',
  '004': 'Cao Bằng',
  '006': 'Bắc Kạn',
  '008': 'Tuyên Quang',
  '010': 'Lào Cai',
  '011': 'Điện Biên',
  '012': 'Lai Châu',
  '014': 'Sơn La',
  '015': 'Yên Bái',
  '017': 'Hòa Bình',
  '019': 'Thái Nguyên',
  '020': 'Lạng Sơn',
  '022': 'Quảng Ninh',
  '024': 'Bắc Giang',
  '025': 'Phú Thọ',
  '026': 'Vĩnh Phúc',
  '027': 'Bắc Ninh',
  '030': 'Hải Dương',
  '031': 'Hải Phòng',
  '033': 'Hưng Yên',
  '034': 'Thái Bình',
  '035': 'Hà Nam',
  '036': 'Nam Định',
  '037': 'Ninh Bình',
  '038': 'Thanh Hóa',
  '040': 'Nghệ An',
  '042': 'Hà Tĩnh',
  '044': 'Quảng Bình',
  '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế',
  '048': 'Đà Nẵng',
  '049': 'Quảng Nam',
  '051': 'Quảng Ngãi',
  '052': 'Bình Định',
  '054': 'Phú Yên',
  '056': 'Khánh Hòa',
  '058': 'Ninh Thuận',
  '060': 'Bình Thuận',
  '062': 'Kon Tum',
  '064': 'Gia Lai',
  '066': 'Đắk Lắk',
  '067': 'Đắk Nông',
  '068': 'Lâm Đồng',
  '070': 'Bình Phước',
  '072': 'Tây Ninh',
  '074': 'Bình Dương',
  '075': 'Đồng Nai',
  '077': 'Bà Rịa – Vũng Tàu',
  '079': 'TP. Hồ Chí Minh',
  '080': 'Long An',
  '082': 'Tiền Giang',
  '083': 'Bến Tre',
  '084': 'Trà Vinh',
  '086': 'Vĩnh Long',
  '087': 'Đồng Tháp',
  '089': 'An Giang',
  '091': 'Kiên Giang',
  '092': 'Cần Thơ',
  '093': 'Hậu Giang',
  '094': 'Sóc Trăng',
  '095': 'Bạc Liêu',
  '096': 'Cà Mau',
};

export interface IdNumberInfo {
  provinceCode: string;
  provinceName: string;
  sex: Sex;
  birthYear: number;
}

export type IdCheckResult = { ok: true; info: IdNumberInfo } | { ok: false; error: string };

export interface IdCrossCheck {
  /** yyyy-MM-dd */
  birthDate?: string;
  sex?: Sex;
  /** For "born in the future" checks; defaults to now. */
  today?: Date;
}

/** Checks a 12-digit personal ID number's structure, and optionally that it agrees with a birth date and sex. */
export function validateIdNumber(raw: string, cross: IdCrossCheck = {}): IdCheckResult {
  const id = raw.trim();
  if (!/^\d+$/.test(id)) return { ok: false, error: 'Số định danh chỉ gồm chữ số.' };
  if (id.length !== 12) return { ok: false, error: `Số định danh phải có 12 chữ số (đang có ${id.length}).` };
  const provinceCode = id.slice(0, 3);
  const provinceName = ID_PROVINCE_CODES[provinceCode];
  if (!provinceName) return { ok: false, error: `Mã tỉnh nơi đăng ký khai sinh "${provinceCode}" không tồn tại.` };
  const genderDigit = Number(id[3]);
  const sex: Sex = genderDigit % 2 === 0 ? 'Nam' : 'Nữ';
  const birthYear = 1900 + Math.floor(genderDigit / 2) * 100 + Number(id.slice(4, 6));
  const today = cross.today ?? new Date();
  if (birthYear > today.getUTCFullYear()) {
    return { ok: false, error: `Số định danh cho năm sinh ${birthYear}, sau năm hiện tại: kiểm tra chữ số thứ 4–6.` };
  }
  if (cross.birthDate) {
    const year = Number(cross.birthDate.slice(0, 4));
    if (year !== birthYear) {
      return { ok: false, error: `Số định danh ghi năm sinh ${birthYear} nhưng ngày sinh là năm ${year}.` };
    }
  }
  if (cross.sex && cross.sex !== sex) {
    return { ok: false, error: `Số định danh ghi giới tính ${sex} nhưng giới tính khai là ${cross.sex}.` };
  }
  return { ok: true, info: { provinceCode, provinceName, sex, birthYear } };
}

/** Organisation tax code (mã số thuế): 10 digits, or 10 digits + "-" + 3 digits for a branch. Format only. */
export function validateTaxCode(raw: string): { ok: true } | { ok: false; error: string } {
  return /^\d{10}(-\d{3})?$/.test(raw.trim())
    ? { ok: true }
    : { ok: false, error: 'Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu "-" và 3 chữ số (chi nhánh).' };
}

/** ddMMyyyy → yyyy-MM-dd, or null when it is not a real calendar date. */
export function parseDdMmYyyy(text: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(text);
  if (!m) return null;
  const [, dd, mm, yyyy] = m as unknown as [string, string, string, string];
  const d = new Date(Date.UTC(Number(yyyy), Number(mm) - 1, Number(dd)));
  if (d.getUTCFullYear() !== Number(yyyy) || d.getUTCMonth() !== Number(mm) - 1 || d.getUTCDate() !== Number(dd)) return null;
  return `${yyyy}-${mm}-${dd}`;
}

function parseSex(text: string): Sex | null {
  const t = text.normalize('NFC').trim().toLowerCase();
  if (t === 'nam') return 'Nam';
  if (t === 'nữ' || t === 'nu') return 'Nữ';
  return null;
}

/**
 * Parses the text a scanner reads from the card's QR (a keyboard-wedge scanner
 * types it and usually ends with Enter). Never throws: a malformed text gives a
 * Vietnamese message naming the field at fault.
 */
export function parseCccdQr(text: string, options: { today?: Date } = {}): CccdParseResult {
  const cleaned = text
    .normalize('NFC')
    .replace(/^\uFEFF/, '')
    .replace(/[\r\n]+$/g, '')
    .trim();
  if (cleaned === '') return { ok: false, error: 'Chưa có dữ liệu từ mã QR.' };
  if (/[\r\n]/.test(cleaned)) return { ok: false, error: 'Dữ liệu QR bị ngắt dòng giữa chừng: hãy quét lại.' };
  const fields = cleaned.split('|').map((f) => f.trim());
  if (fields.length < 7) {
    return {
      ok: false,
      error: `Mã QR không phải của thẻ căn cước: cần ít nhất 7 trường ngăn bởi "|", nhận được ${fields.length}.`,
    };
  }
  const [idNumber, oldId, fullName, dob, sexText, address, issued, ...extra] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    ...string[],
  ];
  if (!/^\d{12}$/.test(idNumber)) return { ok: false, error: `Số định danh "${idNumber}" phải gồm đúng 12 chữ số.` };
  if (oldId !== '' && !/^(\d{9}|\d{12})$/.test(oldId)) {
    return { ok: false, error: `Số CMND cũ "${oldId}" phải gồm 9 (hoặc 12) chữ số.` };
  }
  if (fullName === '' || /\d/.test(fullName)) return { ok: false, error: 'Họ và tên trong mã QR bị trống hoặc có chữ số.' };
  const birthDate = parseDdMmYyyy(dob);
  if (!birthDate) return { ok: false, error: `Ngày sinh "${dob}" không hợp lệ (cần dạng ngàythángnăm, ví dụ 01021990).` };
  const sex = parseSex(sexText);
  if (!sex) return { ok: false, error: `Giới tính "${sexText}" không hợp lệ (Nam hoặc Nữ).` };
  if (address === '') return { ok: false, error: 'Nơi thường trú trong mã QR bị trống.' };
  const issueDate = parseDdMmYyyy(issued);
  if (!issueDate) return { ok: false, error: `Ngày cấp "${issued}" không hợp lệ (cần dạng ngàythángnăm).` };
  if (issueDate < birthDate) return { ok: false, error: 'Ngày cấp trước ngày sinh: dữ liệu QR sai.' };
  const check = validateIdNumber(idNumber, { birthDate, sex, today: options.today });
  if (!check.ok) return { ok: false, error: check.error };
  return {
    ok: true,
    applicant: { idNumber, oldIdNumber: oldId === '' ? null : oldId, fullName, birthDate, sex, address, issueDate, extra },
  };
}
