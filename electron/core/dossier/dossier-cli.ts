/**
 * IT staff commands that check a counter's set-up with the app's own code:
 *   calendar <year> · due --received <ISO> --days N | --hours N · parse-qr '<text>'
 * They read the installation's calendar overrides and working hours from the
 * data directory (--data DIR, default ./data) without changing it; with no
 * database yet, the shipped announcements and default hours apply.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract';
import { parseCccdQr } from '../../../shared/domain/cccd';
import { DEFAULT_WORKING_HOURS, WEEKDAY_NAMES, WorkCalendar, dayNumber, formatVnDate, isWeekend, toIsoDate } from '../../../shared/domain/calendar';
import { databasePath } from '../db/database';
import { parseCliOptions, type CliCommand } from '../cli/command';
import { readHours, readOverrides, shippedOverrides } from './calendar-store';
import { vnIso } from './vn-time';

/** The installation's calendar, read-only. */
export function installationCalendar(dataDir: string): { calendar: WorkCalendar; source: string } {
  const file = databasePath(dataDir);
  if (!fs.existsSync(file)) return { calendar: new WorkCalendar(shippedOverrides(), DEFAULT_WORKING_HOURS), source: 'mặc định (chưa có dữ liệu)' };
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'calendar_overrides'").get();
    if (!hasTable) return { calendar: new WorkCalendar(shippedOverrides(), DEFAULT_WORKING_HOURS), source: `mặc định (${file} chưa nâng cấp)` };
    return { calendar: new WorkCalendar(readOverrides(db), readHours(db)), source: file };
  } finally {
    db.close();
  }
}

const DATA = { data: { type: 'string' } } as const;

export const calendarCommand: CliCommand = {
  name: 'calendar',
  summary: 'Liệt kê ngày nghỉ trong năm và lý do: calendar <năm> [--all] [--data DIR]',
  async run(args) {
    const { values, positionals } = parseCliOptions(args, { ...DATA, all: { type: 'boolean' } });
    const year = Number(positionals[0]);
    if (!Number.isInteger(year) || year < 1900 || year > 2199) throw new AppError('invalid_input', 'Cần năm (1900–2199), ví dụ: npm run cli -- calendar 2026');
    const { calendar, source } = installationCalendar(path.resolve(values.data ?? 'data'));
    console.log(`Lịch làm việc năm ${year} — nguồn: ${source}`);
    console.log(`Giờ làm việc: ${calendar.hours.periods.map((p) => `${p.start}–${p.end}`).join(', ')}`);
    let off = 0;
    for (let d = dayNumber(year, 1, 1); d <= dayNumber(year, 12, 31); d++) {
      const reason = calendar.dayOffReason(d);
      const weekday = WEEKDAY_NAMES[new Date(d * 86_400_000).getUTCDay()];
      if (reason) {
        off++;
        if (reason !== 'Nghỉ cuối tuần' || values.all) console.log(`${formatVnDate(d)}  ${weekday!.padEnd(8)}  nghỉ   ${reason}`);
      } else if (isWeekend(d)) {
        const special = calendar.specialDays(year).find((s) => s.date === toIsoDate(d));
        console.log(`${formatVnDate(d)}  ${weekday!.padEnd(8)}  làm việc  ${special?.reason ?? ''}`);
      }
    }
    console.log(`Tổng: ${off} ngày không làm việc (kể cả cuối tuần)${values.all ? '' : '; thêm --all để liệt kê cả thứ Bảy, Chủ nhật'}.`);
    return 0;
  },
};

export const dueCommand: CliCommand = {
  name: 'due',
  summary: 'Tính ngày hẹn trả: due --received <ISO> --days N | --hours N [--cutoff HH:mm] [--data DIR]',
  async run(args) {
    const { values } = parseCliOptions(args, { ...DATA, received: { type: 'string' }, days: { type: 'string' }, hours: { type: 'string' }, cutoff: { type: 'string' } });
    if (!values.received) throw new AppError('invalid_input', 'Cần --received <thời điểm tiếp nhận ISO>, ví dụ 2026-02-13T10:00');
    if ((values.days === undefined) === (values.hours === undefined)) throw new AppError('invalid_input', 'Cần đúng một trong --days N hoặc --hours N.');
    const value = Number(values.days ?? values.hours);
    if (!Number.isFinite(value) || value < 0) throw new AppError('invalid_input', `Thời hạn không hợp lệ: ${values.days ?? values.hours}`);
    if (values.cutoff && !/^([01]\d|2[0-3]):[0-5]\d$/.test(values.cutoff)) throw new AppError('invalid_input', `Giờ chốt cần dạng HH:mm: ${values.cutoff}`);
    let received: string;
    try {
      received = vnIso(values.received);
    } catch {
      throw new AppError('invalid_input', `Thời điểm không hợp lệ: ${values.received} (cần ISO, ví dụ 2026-02-13T10:00 hoặc 2026-02-13T10:00:00+07:00)`);
    }
    const { calendar } = installationCalendar(path.resolve(values.data ?? 'data'));
    console.log(calendar.dueDate(received, { unit: values.days !== undefined ? 'days' : 'hours', value }, { sameDayCutoff: values.cutoff ?? null }));
    return 0;
  },
};

export const parseQrCommand: CliCommand = {
  name: 'parse-qr',
  summary: "Đọc dữ liệu QR trên thẻ căn cước: parse-qr '<văn bản>' (JSON; lỗi: mã thoát 2)",
  async run(args) {
    const { positionals } = parseCliOptions(args, {});
    if (positionals.length !== 1) throw new AppError('invalid_input', "Cần đúng một tham số: nội dung QR trong dấu nháy, ví dụ parse-qr '0790...|...'");
    const result = parseCccdQr(positionals[0]!);
    if (!result.ok) throw new AppError('invalid_input', result.error);
    console.log(JSON.stringify(result.applicant, null, 2));
    return 0;
  },
};

