/**
 * Checks a chip ID card (CCCD) QR read on arrival, before it fills a form:
 * whichever way it came (HID-POS, serial, keyboard wedge), a read whose
 * Vietnamese letters arrived broken is refused with a plain message on how to
 * set the reader, instead of filling a wrong name. Pure: used by the main
 * process for HID-POS and serial reads, and by the counter and kiosk screens
 * for keyboard-wedge typing.
 */

export type ReadOrigin = 'hid-pos' | 'serial' | 'wedge';

export type ReadCheck = { ok: true; text: string } | { ok: false; error: string; problem: ReadProblem };

export type ReadProblem = 'replacement-char' | 'stray-mark' | 'toneless' | 'field-count' | 'control-char';

/** CCCD QR: 7 fields (cards to 2023), more on newer cards; a dozen is already far too many. */
const MIN_FIELDS = 7;
const MAX_FIELDS = 12;

/**
 * Syllables of names and addresses that are never written without a mark in
 * Vietnamese: seen in plain ASCII, the keyboard layout or the reader dropped them.
 */
const NEVER_BARE = new Set([
  'nguyen',
  'tran',
  'pham',
  'hoang',
  'huynh',
  'vu',
  'vo',
  'dang',
  'bui',
  'do',
  'ngo',
  'duong',
  'ly',
  'thi',
  'van',
  'duc',
  'huong',
  'phuong',
  'thuy',
  'dung',
  'quynh',
  'nhung',
  'tuan',
  'thanh',
  'phuc',
  'hung',
  'cuong',
  'truong',
  'dinh',
  'xa',
  'quan',
  'huyen',
  'tinh',
  'pho',
  'duong',
  'ap',
  'thon',
  'to',
  'so',
]);

/** What to tell the officer, per way the read came in. */
function advice(origin: ReadOrigin): string {
  switch (origin) {
    case 'wedge':
      return 'Máy quét đang gõ như bàn phím và làm hỏng chữ tiếng Việt. Hãy chuyển máy quét sang chế độ HID-POS (quét mã cấu hình ở trang Giám sát → Thiết bị), hoặc bật chế độ gõ Unicode của máy quét, rồi quét lại.';
    case 'hid-pos':
    case 'serial':
      return 'Máy quét không gửi dữ liệu dạng UTF-8. Hãy đặt máy quét xuất mã UTF-8 (quét mã cấu hình ở trang Giám sát → Thiết bị), rồi quét lại.';
  }
}

function refuse(problem: ReadProblem, what: string, origin: ReadOrigin): ReadCheck {
  return { ok: false, problem, error: `Không dùng được lần quét này: ${what}. ${advice(origin)}` };
}

function bareVietnamese(field: string): boolean {
  if (!/^[\x20-\x7e]*$/.test(field)) return false;
  return field
    .toLowerCase()
    .split(/[^a-z]+/)
    .some((word) => NEVER_BARE.has(word));
}

/** Checks the raw text of a CCCD QR read; answers it trimmed and in NFC when it is usable. */
export function checkCccdRead(raw: string, origin: ReadOrigin): ReadCheck {
  const text = raw
    .replace(/^\uFEFF/, '')
    .replace(/[\r\n]+$/, '')
    .normalize('NFC');
  if (text.includes('\uFFFD')) return refuse('replacement-char', 'có ký tự bị lỗi mã hóa (�)', origin);
  // After NFC every Vietnamese letter is one precomposed character: a combining mark left over stands alone.
  if (/\p{M}/u.test(text)) return refuse('stray-mark', 'có dấu thanh bị tách rời khỏi chữ', origin);
  // Control characters are exactly what this looks for (tab and line feed are allowed).
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0b-\x1f\x7f]/.test(text)) return refuse('control-char', 'có ký tự điều khiển lạ', origin);
  const fields = text.split('|');
  if (fields.length < MIN_FIELDS || fields.length > MAX_FIELDS) {
    const hint = fields.length === 1 && /[\\¦]/.test(text) ? ' (dấu "|" bị đổi thành ký tự khác)' : '';
    return refuse('field-count', `mã QR có ${fields.length} trường, thẻ căn cước có ${MIN_FIELDS}–${MAX_FIELDS}${hint}`, origin);
  }
  const name = fields[2] ?? '';
  const address = fields[5] ?? '';
  if (bareVietnamese(name) || bareVietnamese(address)) {
    return refuse('toneless', 'họ tên hoặc địa chỉ bị mất dấu tiếng Việt', origin);
  }
  return { ok: true, text };
}

/** A read that looks like a CCCD QR (fields separated by `|`), whatever symbology the reader reported. */
export function looksLikeCccd(text: string): boolean {
  return /^\s*\d{12}\|/.test(text);
}
