/**
 * The one clock: Vietnam local time (UTC+7, no daylight saving since 1975).
 * Every offset, parse and format of Vietnam wall-clock time is here, once;
 * working-time arithmetic (working days and hours) builds on it in
 * shared/domain/calendar/working-time.ts. Instants are written as ISO 8601
 * with seconds and the +07:00 offset, which sorts as text.
 */

export const VN_OFFSET_MINUTES = 7 * 60;
const OFFSET_MS = VN_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;
const ZONE = /(Z|[+-]\d{2}:?\d{2})$/;

/** Days since 1970-01-01 of a calendar date (no time zone involved). */
export function dayNumber(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function fromIsoDate(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`not a yyyy-MM-dd date: ${iso}`);
  return dayNumber(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function toIsoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Epoch milliseconds of a moment. Text with an offset or Z is exact; text
 * without one is Vietnam wall-clock time, and a bare date is its midnight.
 */
export function vnEpochMs(moment: Date | number | string): number {
  const ms =
    typeof moment === 'number'
      ? moment
      : typeof moment === 'string'
        ? Date.parse(ZONE.test(moment) ? moment : `${moment}${moment.length <= 10 ? 'T00:00' : ''}+07:00`)
        : moment.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a date-time: ${String(moment)}`);
  return ms;
}

/** A moment as ISO 8601 in Vietnam time with seconds: 2026-02-13T10:05:09+07:00. */
export function vnIso(moment: Date | number | string): string {
  return `${new Date(vnEpochMs(moment) + OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}

/**
 * A moment as ISO 8601 in Vietnam time with milliseconds: 2026-02-13T10:05:09.120+07:00. The stored
 * form of every instant whose order within a second matters (queue timeline, sync schedule, sessions);
 * it shares vnIso's prefix, so both sort as text and compare correctly with each other.
 */
export function vnIsoMs(moment: Date | number | string): string {
  return `${new Date(vnEpochMs(moment) + OFFSET_MS).toISOString().slice(0, 23)}+07:00`;
}

/** The Vietnam calendar date of a moment, yyyy-MM-dd. */
export function vnDay(moment: Date | number | string): string {
  return vnIso(moment).slice(0, 10);
}

/** Vietnam wall-clock parts of a moment. */
export function vnParts(moment: Date | number | string): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
} {
  const local = new Date(vnEpochMs(moment) + OFFSET_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** A local moment: day number + minutes since Vietnam midnight (what working-time arithmetic counts in). */
export interface LocalTime {
  day: number;
  minute: number;
}

export function toLocal(moment: Date | number | string): LocalTime {
  const localMinutes = Math.floor(vnEpochMs(moment) / 60_000) + VN_OFFSET_MINUTES;
  return { day: Math.floor(localMinutes / 1440), minute: ((localMinutes % 1440) + 1440) % 1440 };
}

/** ISO 8601 with the +07:00 offset, e.g. 2026-02-23T10:00:00+07:00. */
export function fromLocal(t: LocalTime): string {
  return `${toIsoDate(t.day)}T${hhmm(t.minute)}:00+07:00`;
}

/** Minutes since midnight of HH:mm (strict: 0–24 h, 0–59 min). */
export function parseHm(hm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hm);
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59) throw new RangeError(`not HH:mm: ${hm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** HH:mm of minutes since midnight. */
export function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** dd/MM/yyyy, the way officers read dates, of a day number. */
export function formatVnDate(day: number): string {
  const [y, m, d] = toIsoDate(day).split('-');
  return `${d}/${m}/${y}`;
}

/** dd/MM/yyyy of a moment, on Vietnam's calendar (a certificate's expiry, a signing day). */
export function vnDateText(moment: Date | number | string): string {
  return formatVnDate(fromIsoDate(vnDay(moment)));
}

/** dd/MM/yyyy HH:mm, 24-hour, on Vietnam's clock: how officers read a moment. */
export function vnDateTimeText(moment: Date | number | string): string {
  const { hour, minute } = vnParts(moment);
  return `${vnDateText(moment)} ${hhmm(hour * 60 + minute)}`;
}

/** Weekday names, Sunday first (Date#getUTCDay order), as the hall board and the calendar write them. */
export const VN_WEEKDAY_NAMES = ['Chủ Nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'] as const;

/** The Vietnamese weekday of a moment, on Vietnam's calendar: "Thứ Ba". */
export function vnWeekday(moment: Date | number | string): string {
  return VN_WEEKDAY_NAMES[new Date(fromIsoDate(vnDay(moment)) * DAY_MS).getUTCDay()] ?? '';
}

/** HH:mm:ss, 24-hour, on Vietnam's clock. */
export function vnTimeText(moment: Date | number | string, withSeconds = false): string {
  const { hour, minute, second } = vnParts(moment);
  return withSeconds ? `${hhmm(hour * 60 + minute)}:${String(second).padStart(2, '0')}` : hhmm(hour * 60 + minute);
}
