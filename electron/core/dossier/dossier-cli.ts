/**
 * IT staff commands that check a counter's set-up with the app's own code:
 *   calendar <year> · calendar import <file> · due --received <ISO> --days N | --hours N · parse-qr '<text>'
 * They read the installation's calendar overrides and working hours from the
 * data directory (--data DIR, default ./data) without changing it (except
 * `calendar import`); with no database yet, the shipped announcements and
 * default hours apply.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract';
import { parseCccdQr } from '../../../shared/domain/cccd';
import {
  DEFAULT_WORKING_HOURS,
  WEEKDAY_NAMES,
  WorkCalendar,
  dayNumber,
  documentLabel,
  formatVnDate,
  isWeekend,
  toIsoDate,
  weekday as weekdayOf,
  type SpecialDay,
} from '../../../shared/domain/calendar';
import { databasePath } from '../db/database';
import { parseCliOptions, type CliCommand } from '../cli/command';
import {
  importOverrides,
  overridesHaveDocuments,
  parseAnnouncementFile,
  readHours,
  readOverrides,
  shippedOverrides,
} from '../calendar/calendar-store';
import { vnIso } from './vn-time';

/** The installation's calendar, read-only. */
export function installationCalendar(dataDir: string): { calendar: WorkCalendar; source: string } {
  const file = databasePath(dataDir);
  if (!fs.existsSync(file))
    return { calendar: new WorkCalendar(shippedOverrides(), DEFAULT_WORKING_HOURS), source: 'mặc định (chưa có dữ liệu)' };
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    if (!overridesHaveDocuments(db))
      return { calendar: new WorkCalendar(shippedOverrides(), DEFAULT_WORKING_HOURS), source: `mặc định (${file} chưa nâng cấp)` };
    return { calendar: new WorkCalendar(readOverrides(db), readHours(db)), source: file };
  } finally {
    db.close();
  }
}

const DATA = { data: { type: 'string' } } as const;

/** Where a day's status comes from: the announcing document, the installation's own adjustment, or the Labour Code rule. */
function origin(special: SpecialDay | undefined): string {
  if (!special) return '[quy tắc]';
  if (special.kind === 'override-off' || special.kind === 'override-work') {
    return special.document ? `[thông báo: ${documentLabel(special.document)}]` : '[điều chỉnh của đơn vị]';
  }
  return '[quy tắc BLLĐ]';
}

function printYear(calendar: WorkCalendar, year: number, all: boolean): number {
  const specials = new Map(calendar.specialDays(year).map((s) => [s.date, s]));
  let off = 0;
  for (let d = dayNumber(year, 1, 1); d <= dayNumber(year, 12, 31); d++) {
    const reason = calendar.dayOffReason(d);
    const weekday = WEEKDAY_NAMES[weekdayOf(d)]!.padEnd(8);
    const special = specials.get(toIsoDate(d));
    if (reason) {
      off++;
      if (reason !== 'Nghỉ cuối tuần' || all)
        console.log(`${formatVnDate(d)}  ${weekday}  nghỉ   ${reason}${reason === 'Nghỉ cuối tuần' ? '' : `  ${origin(special)}`}`);
    } else if (isWeekend(d) || special?.kind === 'override-work') {
      console.log(`${formatVnDate(d)}  ${weekday}  làm việc  ${special?.reason ?? ''}  ${origin(special)}`);
    }
  }
  return off;
}

/** `calendar import FILE`: a supervisor's calendar file into the installation's database (checked in full first). */
async function importFile(file: string | undefined, dataDir: string): Promise<number> {
  if (!file) throw new AppError('invalid_input', 'Cần đường dẫn tệp: npm run cli -- calendar import lich-nghi-2027.json [--data DIR]');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new AppError('invalid_input', `Không đọc được tệp ${file}.`);
  }
  const overrides = parseAnnouncementFile(text);
  const dbFile = databasePath(dataDir);
  if (!fs.existsSync(dbFile))
    throw new AppError(
      'invalid_input',
      `Chưa có cơ sở dữ liệu tại ${dbFile}: khởi động ứng dụng hoặc chạy npm run cli -- migrate --data ${dataDir} trước.`,
    );
  const db = new Database(dbFile, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    if (!overridesHaveDocuments(db))
      throw new AppError('invalid_input', `Cơ sở dữ liệu ${dbFile} chưa nâng cấp: chạy npm run cli -- migrate --data ${dataDir} trước.`);
    const { imported, years } = importOverrides(db, overrides);
    console.log(`Đã nhập ${imported} ngày theo thông báo cho năm ${years.join(', ')} vào ${dbFile}.`);
    console.log('Ứng dụng đang chạy sẽ dùng lịch mới sau khi khởi động lại (hoặc nhập qua Giám sát → Lịch làm việc để áp dụng ngay).');
    return 0;
  } finally {
    db.close();
  }
}

export const calendarCommand: CliCommand = {
  name: 'calendar',
  summary:
    'Ngày nghỉ trong năm, lý do và nguồn (thông báo/quy tắc): calendar <năm> [--all] · nhập tệp lịch nghỉ: calendar import <tệp.json> [--data DIR]',
  async run(args) {
    const { values, positionals } = parseCliOptions(args, { ...DATA, all: { type: 'boolean' } });
    const dataDir = path.resolve(values.data ?? 'data');
    if (positionals[0] === 'import') return importFile(positionals[1], dataDir);
    const year = Number(positionals[0]);
    if (!Number.isInteger(year) || year < 1900 || year > 2199)
      throw new AppError('invalid_input', 'Cần năm (1900–2199), ví dụ: npm run cli -- calendar 2026');
    const { calendar, source } = installationCalendar(dataDir);
    console.log(`Lịch làm việc năm ${year} — nguồn: ${source}`);
    console.log(`Giờ làm việc: ${calendar.hours.periods.map((p) => `${p.start}–${p.end}`).join(', ')}`);
    const off = printYear(calendar, year, values.all === true);
    const announced = calendar.specialDays(year).some((s) => s.document);
    console.log(`Tổng: ${off} ngày không làm việc (kể cả cuối tuần)${values.all ? '' : '; thêm --all để liệt kê cả thứ Bảy, Chủ nhật'}.`);
    if (!announced) console.log(`Chưa có thông báo lịch nghỉ nào cho năm ${year}: mọi ngày nghỉ theo quy tắc Bộ luật Lao động.`);
    return 0;
  },
};

export const dueCommand: CliCommand = {
  name: 'due',
  summary: 'Tính ngày hẹn trả: due --received <ISO> --days N | --hours N [--cutoff HH:mm] [--data DIR]',
  async run(args) {
    const { values } = parseCliOptions(args, {
      ...DATA,
      received: { type: 'string' },
      days: { type: 'string' },
      hours: { type: 'string' },
      cutoff: { type: 'string' },
    });
    if (!values.received) throw new AppError('invalid_input', 'Cần --received <thời điểm tiếp nhận ISO>, ví dụ 2026-02-13T10:00');
    if ((values.days === undefined) === (values.hours === undefined))
      throw new AppError('invalid_input', 'Cần đúng một trong --days N hoặc --hours N.');
    const value = Number(values.days ?? values.hours);
    if (!Number.isFinite(value) || value < 0) throw new AppError('invalid_input', `Thời hạn không hợp lệ: ${values.days ?? values.hours}`);
    if (values.cutoff && !/^([01]\d|2[0-3]):[0-5]\d$/.test(values.cutoff))
      throw new AppError('invalid_input', `Giờ chốt cần dạng HH:mm: ${values.cutoff}`);
    let received: string;
    try {
      received = vnIso(values.received);
    } catch {
      throw new AppError(
        'invalid_input',
        `Thời điểm không hợp lệ: ${values.received} (cần ISO, ví dụ 2026-02-13T10:00 hoặc 2026-02-13T10:00:00+07:00)`,
      );
    }
    const { calendar } = installationCalendar(path.resolve(values.data ?? 'data'));
    console.log(
      calendar.dueDate(received, { unit: values.days !== undefined ? 'days' : 'hours', value }, { sameDayCutoff: values.cutoff ?? null }),
    );
    return 0;
  },
};

export const parseQrCommand: CliCommand = {
  name: 'parse-qr',
  summary: "Đọc dữ liệu QR trên thẻ căn cước: parse-qr '<văn bản>' (JSON; lỗi: mã thoát 2)",
  async run(args) {
    const { positionals } = parseCliOptions(args, {});
    if (positionals.length !== 1)
      throw new AppError('invalid_input', "Cần đúng một tham số: nội dung QR trong dấu nháy, ví dụ parse-qr '0790...|...'");
    const result = parseCccdQr(positionals[0]!);
    if (!result.ok) throw new AppError('invalid_input', result.error);
    console.log(JSON.stringify(result.applicant, null, 2));
    return 0;
  },
};
