/**
 * The installation's working calendar: the per-year overrides (announced days
 * off, worked Saturdays) and the working hours, stored in the database and
 * editable by the supervisor. The shipped announcements are loaded once by the
 * migration; after that the table is the installation's own.
 */
import fs from 'node:fs';
import { z } from 'zod';
import {
  DEFAULT_WORKING_HOURS,
  WorkCalendar,
  workingHoursError,
  type CalendarOverride,
  type WorkingHours,
} from '../../../shared/domain/calendar';
import { AppError } from '../../../shared/contract';
import type { Db, Migration } from '../db/database';
import type { HealthSource } from '../devices/health';
import { resourcePath } from '../resources';

const AnnouncedSchema = z.object({
  overrides: z.array(z.object({ date: z.string(), kind: z.enum(['off', 'work']), reason: z.string() })),
});

export function shippedOverrides(): CalendarOverride[] {
  return AnnouncedSchema.parse(JSON.parse(fs.readFileSync(resourcePath('calendar', 'vn-announced.json'), 'utf8'))).overrides;
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
      const insert = db.prepare('INSERT INTO calendar_overrides (date, kind, reason) VALUES (?, ?, ?)');
      for (const o of shippedOverrides()) insert.run(o.date, o.kind, o.reason);
    },
  },
];

const HoursSchema = z.object({ periods: z.array(z.object({ start: z.string(), end: z.string() })).min(1) });

export function readOverrides(db: Db): CalendarOverride[] {
  return db.prepare('SELECT date, kind, reason FROM calendar_overrides ORDER BY date').all() as CalendarOverride[];
}

export function readHours(db: Db): WorkingHours {
  const raw = db.prepare("SELECT value FROM dossier_settings WHERE key = 'working_hours'").pluck().get() as string | undefined;
  if (!raw) return DEFAULT_WORKING_HOURS;
  const parsed = HoursSchema.safeParse(JSON.parse(raw));
  return parsed.success && !workingHoursError(parsed.data) ? parsed.data : DEFAULT_WORKING_HOURS;
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
      .prepare('INSERT INTO calendar_overrides (date, kind, reason) VALUES (?, ?, ?) ON CONFLICT(date) DO UPDATE SET kind = excluded.kind, reason = excluded.reason')
      .run(o.date, o.kind, o.reason);
    this.calendar = null;
    return this.overrides();
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
      .prepare("INSERT INTO dossier_settings (key, value) VALUES ('working_hours', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
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
      const year = new Date(now().getTime() + 7 * 3600_000).getUTCFullYear();
      const years = new Set(store.overrides().map((o) => Number(o.date.slice(0, 4))));
      const hours = store.get().hours.periods.map((p) => `${p.start}–${p.end}`).join(', ');
      const missing = [year, year + 1].filter((y) => !years.has(y));
      return {
        id: 'calendar',
        name: 'Lịch làm việc',
        status: missing.length === 0 ? 'ok' : 'warn',
        detail:
          missing.length === 0
            ? `Giờ làm việc ${hours}; đã có lịch nghỉ theo thông báo cho ${year} và ${year + 1}.`
            : `Giờ làm việc ${hours}. Chưa nhập lịch nghỉ theo thông báo của Chính phủ cho năm ${missing.join(', ')}: ngày hẹn trả đang theo quy tắc Bộ luật Lao động (Giám sát → Lịch làm việc).`,
      };
    },
  };
}
