/**
 * Public holidays of the Labour Code 2019, art. 112, for any year, plus the
 * compensatory days of art. 111(3) and per-year overrides (the government's
 * announced days off and worked Saturdays), which are data, not code.
 */
import { dayNumber, fromIsoDate, isWeekend, toIsoDate, weekday } from './dates';
import { lunarToSolar } from './lunar';

export type DayKind = 'holiday' | 'compensatory' | 'override-off' | 'override-work';

/** The Government document that announced a day off or a worked day. */
export interface AnnouncingDocument {
  /** Thông báo, Công văn, Quyết định, Công điện … */
  type: string;
  /** As printed, e.g. "5015/TB-LĐTBXH". */
  number: string;
  /** yyyy-MM-dd of signature; null where only the number could be confirmed. */
  date: string | null;
  issuer: string;
}

export interface CalendarOverride {
  /** yyyy-MM-dd */
  date: string;
  /** `off`: an extra day off (announced swap, Tết days moved); `work`: a working day (worked Saturday, rule day cancelled). */
  kind: 'off' | 'work';
  reason: string;
  /** Null for the installation's own adjustments. */
  document?: AnnouncingDocument | null;
}

export interface SpecialDay {
  date: string;
  kind: DayKind;
  reason: string;
  /** Set on overrides that came from an announcement. */
  document?: AnnouncingDocument | null;
}

/** "Thông báo 5015/TB-LĐTBXH ngày 22/11/2023 (Bộ Lao động - Thương binh và Xã hội)": for lists and the CLI. */
export function documentLabel(d: AnnouncingDocument): string {
  const date = d.date ? ` ngày ${d.date.split('-').reverse().join('/')}` : '';
  return `${d.type} ${d.number}${date} (${d.issuer})`;
}

/** The Labour Code 2019 (in force 1/1/2021) added the day next to 2/9; the 2012 Code had 2/9 alone. */
const NATIONAL_DAY_PAIR_FROM = 2021;

function lunarDay(day: number, month: number, year: number): number {
  const solar = lunarToSolar(day, month, year);
  if (!solar) throw new Error(`no lunar date ${day}/${month}/${year}`);
  return dayNumber(solar[2], solar[1], solar[0]);
}

/**
 * The statutory holidays of a year by rule:
 * 1/1; Tết: the last day of the lunar year and mùng 1–4; 10/3 lunar; 30/4; 1/5;
 * 2/9 plus one adjacent day (the Prime Minister picks it each year; the default
 * is the day that joins the holiday to a weekend). Before 2021 (Labour Code
 * 2012, art. 115) 2/9 stood alone; years before 2013 are not modelled.
 */
export function statutoryHolidays(year: number): { day: number; reason: string }[] {
  const list: { day: number; reason: string }[] = [{ day: dayNumber(year, 1, 1), reason: 'Tết Dương lịch' }];
  const tet = lunarDay(1, 1, year);
  list.push({ day: tet - 1, reason: 'Tết Nguyên đán (ngày cuối năm âm lịch)' });
  for (let i = 0; i < 4; i++) list.push({ day: tet + i, reason: `Tết Nguyên đán (mùng ${i + 1})` });
  list.push({ day: lunarDay(10, 3, year), reason: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' });
  list.push({ day: dayNumber(year, 4, 30), reason: 'Ngày Chiến thắng (30/4)' });
  list.push({ day: dayNumber(year, 5, 1), reason: 'Ngày Quốc tế Lao động (1/5)' });
  const national = dayNumber(year, 9, 2);
  list.push({ day: national, reason: 'Quốc khánh (2/9)' });
  if (year < NATIONAL_DAY_PAIR_FROM) return list.sort((a, b) => a.day - b.day);
  // Mon→3/9, Tue→1/9, Wed→1/9, Thu→3/9, Fri→1/9, Sat→1/9 (Fri), Sun→3/9 (Mon).
  const after = [1, 4, 0].includes(weekday(national));
  list.push({ day: national + (after ? 1 : -1), reason: `Quốc khánh (ngày liền kề ${after ? 'sau' : 'trước'} 2/9)` });
  return list.sort((a, b) => a.day - b.day);
}

/**
 * Every special day of a year: holidays, compensatory days (a holiday on a
 * Saturday or Sunday is made up on the next working day), then the overrides.
 * Weekends are not listed (they are implied).
 */
export function specialDays(year: number, overrides: readonly CalendarOverride[] = []): SpecialDay[] {
  const map = new Map<number, SpecialDay>();
  // Holidays near the year's edges (Tết's eve can be in the previous solar year) come from both years.
  const holidays = [...statutoryHolidays(year - 1), ...statutoryHolidays(year), ...statutoryHolidays(year + 1)];
  const holidaySet = new Set(holidays.map((h) => h.day));
  const taken = new Set<number>();
  for (const h of holidays) {
    if (!map.has(h.day)) map.set(h.day, { date: toIsoDate(h.day), kind: 'holiday', reason: h.reason });
    if (!isWeekend(h.day)) continue;
    let d = h.day + 1;
    while (isWeekend(d) || holidaySet.has(d) || taken.has(d)) d++;
    taken.add(d);
    map.set(d, {
      date: toIsoDate(d),
      kind: 'compensatory',
      reason: `Nghỉ bù ${h.reason} (rơi vào ${toIsoDate(h.day).split('-').reverse().join('/')})`,
    });
  }
  for (const o of overrides) {
    const d = fromIsoDate(o.date);
    map.set(d, { date: o.date, kind: o.kind === 'off' ? 'override-off' : 'override-work', reason: o.reason, document: o.document ?? null });
  }
  const first = dayNumber(year, 1, 1);
  const last = dayNumber(year, 12, 31);
  return [...map.entries()]
    .filter(([d]) => d >= first && d <= last)
    .sort((a, b) => a[0] - b[0])
    .map(([, s]) => s);
}
