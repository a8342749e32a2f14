import { dayNumber, formatVnDate, fromIsoDate, hhmm, toIsoDate } from '../../shared/vn-time';

/**
 * What our own date and time inputs type and show (issue #13): dd/MM/yyyy and HH:mm on a 24-hour
 * clock, whatever the browser's locale. A native `<input type="date">` shows 12/01/2026 for
 * 1 December under an en-US browser; these never ask the browser.
 */

export type Parsed = { ok: true; value: string } | { ok: false; message: string };

export const DATE_FORMAT_MESSAGE = 'Nhập ngày theo dạng ngày/tháng/năm, ví dụ 01/12/2026.';
export const TIME_FORMAT_MESSAGE = 'Nhập giờ theo dạng giờ:phút (24 giờ), ví dụ 08:00 hoặc 17:30.';

/**
 * Groups of digits as typed, split where the officer typed a separator or where a group is full;
 * what does not fit is dropped. `sizes` is each group's length, the last one the longest.
 */
function groupDigits(typed: string, sizes: readonly number[], separator: RegExp): string[] {
  const groups = [''];
  for (const ch of typed) {
    const last = groups.length - 1;
    const group = groups[last] ?? '';
    const full = group.length >= (sizes[last] ?? 0);
    if (separator.test(ch)) {
      if (group !== '' && groups.length < sizes.length) groups.push('');
    } else if (/\d/.test(ch)) {
      if (!full) groups[last] = group + ch;
      else if (groups.length < sizes.length) groups.push(ch);
    }
  }
  return groups;
}

/** What is typed becomes dd/MM/yyyy as it goes: 01122026 and 01/122026 both show 01/12/2026. */
export function maskDate(typed: string): string {
  return groupDigits(typed, [2, 2, 4], /[/.-]/).join('/');
}

/** What is typed becomes HH:mm as it goes: 0830 shows 08:30. */
export function maskTime(typed: string): string {
  return groupDigits(typed, [2, 2], /[:.hg]/i).join(':');
}

/**
 * dd/MM/yyyy (also d/M/yyyy, with "." or "-") to yyyy-MM-dd. Empty text is an empty value; a date
 * the calendar does not have (31/02/2026) is refused with a message that names it.
 */
export function parseDateText(text: string): Parsed {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: '' };
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
  if (!m) return { ok: false, message: DATE_FORMAT_MESSAGE };
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return { ok: false, message: `Tháng ${month} không có thật: tháng từ 1 đến 12.` };
  const iso = toIsoDate(dayNumber(year, month, day));
  // Date.UTC rolls 31/02 over to 03/03: a date that does not come back unchanged does not exist.
  if (day < 1 || iso !== `${m[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`) {
    return { ok: false, message: `Ngày ${trimmed} không có thật: tháng ${month}/${year} không có ngày ${day}.` };
  }
  return { ok: true, value: iso };
}

/** yyyy-MM-dd to dd/MM/yyyy; an empty value is empty text. */
export function dateText(iso: string): string {
  return iso === '' ? '' : formatVnDate(fromIsoDate(iso));
}

/** HH:mm (also H:mm) on a 24-hour clock, 00:00 to 23:59, to HH:mm. Empty text is an empty value. */
export function parseTimeText(text: string): Parsed {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: '' };
  const m = /^(\d{1,2}):(\d{2})$/.exec(trimmed);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return { ok: false, message: TIME_FORMAT_MESSAGE };
  return { ok: true, value: hhmm(Number(m[1]) * 60 + Number(m[2])) };
}
