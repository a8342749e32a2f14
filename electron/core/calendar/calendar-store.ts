/**
 * The installation's working calendar: the per-year overrides (announced days
 * off, worked Saturdays, each with the document that announced it) and the
 * working hours, stored in the database and editable by the supervisor. The
 * shipped announcements are merged in by migrations; a supervisor imports
 * later years from a file (`calendar.importAnnouncements`, CLI `calendar import`).
 */
import fs from 'node:fs';
import { z } from 'zod';
import {
  DEFAULT_WORKING_HOURS,
  WorkCalendar,
  formatVnDate,
  fromIsoDate,
  isWeekend,
  specialDays,
  toIsoDate,
  workingHoursError,
  type AnnouncingDocument,
  type CalendarOverride,
  type WorkingHours,
} from '../../../shared/domain/calendar';
import { AnnouncementFileSchema, AppError, type Announcement } from '../../../shared/contract';
import { vnParts } from '../../../shared/vn-time';
import type { Db, Migration } from '../db/database';
import type { HealthSource } from '../devices/health';
import { resourcePath } from '../resources';

/** Vietnamese, one line per problem: the first few issues of a zod error with where they are in the file. */
function describeIssues(error: z.ZodError): string {
  const lines = error.issues.slice(0, 5).map((issue) => {
    const where = issue.path
      .map((p) => (typeof p === 'number' ? `[${p + 1}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '');
    return where ? `${where}: ${issue.message}` : issue.message;
  });
  return lines.join('; ');
}

/** The rule's non-weekend days off of a year, computed once per file. */
type RuleDays = (year: number) => Set<string>;

function ruleDaysCache(): RuleDays {
  const years = new Map<number, Set<string>>();
  return (year) => {
    let set = years.get(year);
    if (!set) {
      set = new Set(specialDays(year).map((s) => s.date));
      years.set(year, set);
    }
    return set;
  };
}

/** Checks a day against the rules: a day off must fall on a working day, a worked day on a day off. Vietnamese or null. */
function dayError(day: Announcement['days'][number], ruleDays: RuleDays): string | null {
  let n: number;
  try {
    n = fromIsoDate(day.date);
  } catch {
    return `Ngày không hợp lệ: ${day.date}`;
  }
  if (toIsoDate(n) !== day.date) return `Ngày không có trong lịch: ${day.date}`;
  const year = Number(day.date.slice(0, 4));
  if (year < 2000 || year > 2199) return `Năm ngoài phạm vi 2000–2199: ${day.date}`;
  const ruleOff = isWeekend(n) || ruleDays(year).has(day.date);
  if (day.kind === 'off' && isWeekend(n))
    return `${formatVnDate(n)} là ngày nghỉ cuối tuần: ngày nghỉ theo thông báo phải là ngày làm việc thường.`;
  if (day.kind === 'work' && !ruleOff)
    return `${formatVnDate(n)} vốn là ngày làm việc: "work" chỉ dùng cho ngày nghỉ được chuyển thành ngày làm việc (làm bù).`;
  return null;
}

/** Parses and checks a calendar file (JSON). Throws AppError('invalid_input') with a Vietnamese message; nothing is half-read. */
export function parseAnnouncementFile(text: string): CalendarOverride[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid_input', 'Tệp lịch nghỉ không phải JSON hợp lệ.', [(error as Error).message]);
  }
  const parsed = AnnouncementFileSchema.safeParse(json);
  if (!parsed.success) throw new AppError('invalid_input', `Tệp lịch nghỉ không hợp lệ: ${describeIssues(parsed.error)}`);
  const seen = new Set<string>();
  const ruleDays = ruleDaysCache();
  const overrides: CalendarOverride[] = [];
  for (const a of parsed.data.announcements) {
    if (a.document.date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(a.document.date))
      throw new AppError('invalid_input', `Ngày văn bản không hợp lệ: ${a.document.date}`);
    for (const day of a.days) {
      const error = dayError(day, ruleDays);
      if (error) throw new AppError('invalid_input', `Thông báo ${a.document.number}: ${error}`);
      if (seen.has(day.date)) throw new AppError('invalid_input', `Ngày ${day.date} xuất hiện hai lần trong tệp.`);
      seen.add(day.date);
      overrides.push({ date: day.date, kind: day.kind, reason: day.reason, document: a.document });
    }
  }
  return overrides;
}

export function shippedOverrides(): CalendarOverride[] {
  return parseAnnouncementFile(fs.readFileSync(resourcePath('calendar', 'vn-announced.json'), 'utf8'));
}

const UPSERT = `INSERT INTO calendar_overrides (date, kind, reason, document_type, document_number, document_date, document_issuer)
  VALUES (@date, @kind, @reason, @type, @number, @docDate, @issuer)`;

function params(o: CalendarOverride) {
  const d = o.document ?? null;
  return {
    date: o.date,
    kind: o.kind,
    reason: o.reason,
    type: d?.type ?? null,
    number: d?.number ?? null,
    docDate: d?.date ?? null,
    issuer: d?.issuer ?? null,
  };
}

/**
 * Merges the shipped announcements into an installation's table: new dates are
 * added; a date the installation already has with the same kind gets the
 * document attached; a date it set the other way stays its own choice.
 */
export function mergeShipped(db: Db, overrides: readonly CalendarOverride[] = shippedOverrides()): void {
  const insert = db.prepare(
    `${UPSERT} ON CONFLICT(date) DO UPDATE SET document_type = excluded.document_type, document_number = excluded.document_number,
       document_date = excluded.document_date, document_issuer = excluded.document_issuer
     WHERE calendar_overrides.kind = excluded.kind AND calendar_overrides.document_number IS NULL`,
  );
  for (const o of overrides) insert.run(params(o));
}

export const calendarMigrations: Migration[] = [
  {
    id: 'dossier/001-calendar',
    up: (db) => {
      db.exec(`
        CREATE TABLE calendar_overrides (
          date TEXT PRIMARY KEY,
          kind TEXT NOT NULL CHECK (kind IN ('off', 'work')),
          reason TEXT NOT NULL
        );
        CREATE TABLE dossier_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      `);
    },
  },
  {
    id: 'dossier/010-calendar-announcements',
    up: (db) => {
      db.exec(`
        ALTER TABLE calendar_overrides ADD COLUMN document_type TEXT;
        ALTER TABLE calendar_overrides ADD COLUMN document_number TEXT;
        ALTER TABLE calendar_overrides ADD COLUMN document_date TEXT;
        ALTER TABLE calendar_overrides ADD COLUMN document_issuer TEXT;
      `);
      mergeShipped(db);
    },
  },
  {
    // 2020 shipped after 010 had run on some installations. Only that year is merged again: a shipped
    // day of another year that a supervisor deleted on purpose must not come back.
    id: 'calendar/011-shipped-2020',
    up: (db) =>
      mergeShipped(
        db,
        shippedOverrides().filter((o) => o.date.startsWith('2020-')),
      ),
  },
];

const OverrideRow = z.object({
  date: z.string(),
  kind: z.enum(['off', 'work']),
  reason: z.string(),
  document_type: z.string().nullable(),
  document_number: z.string().nullable(),
  document_date: z.string().nullable(),
  document_issuer: z.string().nullable(),
});

function toOverride(raw: unknown): CalendarOverride {
  const r = OverrideRow.parse(raw);
  const document: AnnouncingDocument | null =
    r.document_number === null
      ? null
      : { type: r.document_type ?? 'Văn bản', number: r.document_number, date: r.document_date, issuer: r.document_issuer ?? '' };
  return { date: r.date, kind: r.kind, reason: r.reason, document };
}

/** Whether this database's days off carry their announcing document yet (a data directory from before that migration does not). */
export function overridesHaveDocuments(db: Db): boolean {
  const columns: unknown[] = db.prepare("SELECT name FROM pragma_table_info('calendar_overrides')").pluck().all();
  return columns.includes('document_number');
}

export function readOverrides(db: Db): CalendarOverride[] {
  return db.prepare('SELECT * FROM calendar_overrides ORDER BY date').all().map(toOverride);
}

const HoursSchema = z.object({ periods: z.array(z.object({ start: z.string(), end: z.string() })).min(1) });

export function readHours(db: Db): WorkingHours {
  const raw: unknown = db.prepare("SELECT value FROM dossier_settings WHERE key = 'working_hours'").pluck().get();
  if (typeof raw !== 'string') return DEFAULT_WORKING_HOURS;
  const parsed = HoursSchema.safeParse(JSON.parse(raw));
  return parsed.success && !workingHoursError(parsed.data) ? parsed.data : DEFAULT_WORKING_HOURS;
}

/** Writes a supervisor's import: every day of the file, replacing what the installation had for those dates, in one transaction. */
export function importOverrides(db: Db, overrides: readonly CalendarOverride[]): { imported: number; years: number[] } {
  const upsert = db.prepare(
    `${UPSERT} ON CONFLICT(date) DO UPDATE SET kind = excluded.kind, reason = excluded.reason, document_type = excluded.document_type,
       document_number = excluded.document_number, document_date = excluded.document_date, document_issuer = excluded.document_issuer`,
  );
  db.transaction(() => {
    for (const o of overrides) upsert.run(params(o));
  })();
  const years = [...new Set(overrides.map((o) => Number(o.date.slice(0, 4))))].sort((a, b) => a - b);
  return { imported: overrides.length, years };
}

export class CalendarStore {
  private calendar: WorkCalendar | null = null;

  constructor(private readonly db: Db) {}

  get(): WorkCalendar {
    this.calendar ??= new WorkCalendar(readOverrides(this.db), readHours(this.db));
    return this.calendar;
  }

  overrides(): CalendarOverride[] {
    return readOverrides(this.db);
  }

  saveOverride(o: CalendarOverride): CalendarOverride[] {
    this.db
      .prepare(
        `${UPSERT} ON CONFLICT(date) DO UPDATE SET kind = excluded.kind, reason = excluded.reason, document_type = excluded.document_type,
           document_number = excluded.document_number, document_date = excluded.document_date, document_issuer = excluded.document_issuer`,
      )
      .run(params(o));
    this.calendar = null;
    return this.overrides();
  }

  /** A calendar file's announcements (JSON text): checked in full, then written in one transaction. */
  importAnnouncements(text: string): { imported: number; years: number[]; overrides: CalendarOverride[] } {
    const result = importOverrides(this.db, parseAnnouncementFile(text));
    this.calendar = null;
    return { ...result, overrides: this.overrides() };
  }

  deleteOverride(date: string): CalendarOverride[] {
    const { changes } = this.db.prepare('DELETE FROM calendar_overrides WHERE date = ?').run(date);
    if (changes === 0) throw new AppError('not_found', `Không có ngày điều chỉnh ${date}.`);
    this.calendar = null;
    return this.overrides();
  }

  saveHours(hours: WorkingHours): WorkingHours {
    const error = workingHoursError(hours);
    if (error) throw new AppError('invalid_input', error);
    this.db
      .prepare(
        "INSERT INTO dossier_settings (key, value) VALUES ('working_hours', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      )
      .run(JSON.stringify(hours));
    this.calendar = null;
    return hours;
  }
}

/** For `doctor`: warns when the coming year has no announced days yet (the rules alone then decide Tết). */
export function calendarHealth(store: CalendarStore, now: () => Date = () => new Date()): HealthSource {
  return {
    id: 'calendar',
    check: () => {
      const year = vnParts(now()).year;
      const years = new Set(store.overrides().map((o) => Number(o.date.slice(0, 4))));
      const hours = store
        .get()
        .hours.periods.map((p) => `${p.start}–${p.end}`)
        .join(', ');
      const missing = [year, year + 1].filter((y) => !years.has(y));
      return {
        id: 'calendar',
        name: 'Lịch làm việc',
        status: missing.length === 0 ? 'ok' : 'warn',
        detail:
          missing.length === 0
            ? `Giờ làm việc ${hours}; đã có lịch nghỉ theo thông báo cho ${year} và ${year + 1}.`
            : `Giờ làm việc ${hours}. Chưa nhập lịch nghỉ theo thông báo của Chính phủ cho năm ${missing.join(', ')}: ngày hẹn trả đang theo quy tắc Bộ luật Lao động (Giám sát → Lịch làm việc → Nhập tệp lịch nghỉ).`,
      };
    },
  };
}
