/** Calendar dates as day numbers (days since 1970-01-01), always Vietnam local dates. */
import { VN_WEEKDAY_NAMES, dayNumber, formatVnDate, fromIsoDate, toIsoDate } from '../../vn-time';

export { dayNumber, formatVnDate, fromIsoDate, toIsoDate };

/** 0 = Sunday … 6 = Saturday */
export function weekday(day: number): number {
  return new Date(day * 86_400_000).getUTCDay();
}

export function isWeekend(day: number): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

/** One list of weekday names, in shared/vn-time.ts. */
export const WEEKDAY_NAMES = VN_WEEKDAY_NAMES;
