/**
 * The working-day calendar and appointment dates (ngày hẹn trả).
 *
 * Times are Vietnam local time (UTC+7, no daylight saving). A processing time
 * is counted in working time: N days = N × the length of a working day
 * (8 h by default), hours = hours, both only inside the working periods of
 * working days. So a dossier received at 10:00 on Monday with 3 days is due at
 * 10:00 on Thursday if those are working days. A receipt outside working hours
 * counts from the next opening; a per-procedure same-day cut-off (15:00 for
 * certification) moves later receipts to the next working day. A processing
 * time of 0 means "within the day": due at the day's closing time.
 */
import { fromLocal, parseHm, toLocal, type LocalTime } from '../../vn-time';
import { fromIsoDate, isWeekend, toIsoDate } from './dates';
import { specialDays, type CalendarOverride, type SpecialDay } from './holidays';

// The clock itself (offset, parsing, formatting) is shared/vn-time.ts; re-exported for the calendar's callers.
export { VN_OFFSET_MINUTES, fromLocal, parseHm, toLocal, type LocalTime } from '../../vn-time';

export interface WorkPeriod {
  /** HH:mm */
  start: string;
  end: string;
}

export interface WorkingHours {
  periods: WorkPeriod[];
}

export const DEFAULT_WORKING_HOURS: WorkingHours = {
  periods: [
    { start: '07:00', end: '11:30' },
    { start: '13:30', end: '17:00' },
  ],
};

export interface ProcessingTime {
  unit: 'days' | 'hours';
  value: number;
}

export interface DueOptions {
  /** HH:mm; receipts at or after it count from the next working day. */
  sameDayCutoff?: string | null;
}

/** Checks working hours: ordered, non-overlapping periods inside one day. Vietnamese message or null. */
export function workingHoursError(hours: WorkingHours): string | null {
  if (hours.periods.length === 0) return 'Cần ít nhất một ca làm việc.';
  let previousEnd = -1;
  for (const p of hours.periods) {
    let start: number;
    let end: number;
    try {
      start = parseHm(p.start);
      end = parseHm(p.end);
    } catch {
      return `Giờ không hợp lệ: ${p.start}–${p.end} (cần dạng HH:mm).`;
    }
    if (end <= start) return `Ca ${p.start}–${p.end}: giờ kết thúc phải sau giờ bắt đầu.`;
    if (start < previousEnd) return `Các ca làm việc phải theo thứ tự và không chồng lên nhau (${p.start}).`;
    if (end > 24 * 60) return `Ca ${p.start}–${p.end} vượt quá nửa đêm.`;
    previousEnd = end;
  }
  return null;
}

export class WorkCalendar {
  private readonly years = new Map<number, Map<string, SpecialDay>>();
  private readonly periods: { start: number; end: number }[];

  constructor(
    private readonly overrides: readonly CalendarOverride[] = [],
    readonly hours: WorkingHours = DEFAULT_WORKING_HOURS,
  ) {
    const error = workingHoursError(hours);
    if (error) throw new RangeError(error);
    this.periods = hours.periods.map((p) => ({ start: parseHm(p.start), end: parseHm(p.end) }));
  }

  /** Minutes of work in a working day. */
  get dayMinutes(): number {
    return this.periods.reduce((sum, p) => sum + p.end - p.start, 0);
  }

  specialDays(year: number): SpecialDay[] {
    return [...this.yearMap(year).values()];
  }

  private yearMap(year: number): Map<string, SpecialDay> {
    let map = this.years.get(year);
    if (!map) {
      const own = this.overrides.filter((o) => o.date.startsWith(`${year}-`));
      map = new Map(specialDays(year, own).map((s) => [s.date, s]));
      this.years.set(year, map);
    }
    return map;
  }

  /** Why a day is not a working day, or null when it is one. */
  dayOffReason(day: number): string | null {
    const iso = toIsoDate(day);
    const special = this.yearMap(Number(iso.slice(0, 4))).get(iso);
    if (special) return special.kind === 'override-work' ? null : special.reason;
    if (isWeekend(day)) return 'Nghỉ cuối tuần';
    return null;
  }

  isWorkingDay(day: number): boolean {
    return this.dayOffReason(day) === null;
  }

  nextWorkingDay(day: number): number {
    let d = day + 1;
    for (let guard = 0; !this.isWorkingDay(d); guard++, d++) {
      if (guard > 400) throw new Error('no working day within a year: check the calendar overrides');
    }
    return d;
  }

  private opening(day: number): LocalTime {
    return { day, minute: this.periods[0]!.start };
  }

  /** The first moment of working time at or after t. */
  normalize(t: LocalTime, options: DueOptions = {}): LocalTime {
    if (!this.isWorkingDay(t.day)) return this.opening(this.nextWorkingDay(t.day));
    if (options.sameDayCutoff && t.minute >= parseHm(options.sameDayCutoff)) return this.opening(this.nextWorkingDay(t.day));
    for (const p of this.periods) {
      if (t.minute < p.start) return { day: t.day, minute: p.start };
      if (t.minute < p.end) return t;
    }
    return this.opening(this.nextWorkingDay(t.day));
  }

  /** Adds working minutes to a moment. */
  addWorkingMinutes(from: LocalTime, minutes: number, options: DueOptions = {}): LocalTime {
    let t = this.normalize(from, options);
    let remaining = minutes;
    const last = this.periods[this.periods.length - 1]!;
    if (remaining === 0) return { day: t.day, minute: last.end };
    for (;;) {
      const period = this.periods.find((p) => t.minute >= p.start && t.minute < p.end);
      if (!period) {
        t = this.normalize(t);
        continue;
      }
      const available = period.end - t.minute;
      if (remaining <= available) return { day: t.day, minute: t.minute + remaining };
      remaining -= available;
      t = this.normalize({ day: t.day, minute: period.end });
    }
  }

  /** Appointment date-time (ISO, +07:00) for a receipt at `receivedIso`. */
  dueDate(receivedIso: string, processing: ProcessingTime, options: DueOptions = {}): string {
    if (!Number.isFinite(processing.value) || processing.value < 0) throw new RangeError('processing time must be ≥ 0');
    const minutes = Math.round(processing.unit === 'days' ? processing.value * this.dayMinutes : processing.value * 60);
    return fromLocal(this.addWorkingMinutes(toLocal(receivedIso), minutes, options));
  }

  /** Working minutes between two moments (negative when `to` is before `from`): for due-soon and overdue lists. */
  workingMinutesBetween(fromIso: string, toIso: string): number {
    const a = toLocal(fromIso);
    const b = toLocal(toIso);
    if (a.day > b.day || (a.day === b.day && a.minute > b.minute)) return -this.workingMinutesBetween(toIso, fromIso);
    let total = 0;
    for (let day = a.day; day <= b.day; day++) {
      if (!this.isWorkingDay(day)) continue;
      const lo = day === a.day ? a.minute : 0;
      const hi = day === b.day ? b.minute : 1440;
      for (const p of this.periods) total += Math.max(0, Math.min(hi, p.end) - Math.max(lo, p.start));
    }
    return total;
  }
}

export function dayOf(iso: string): number {
  return fromIsoDate(iso);
}
