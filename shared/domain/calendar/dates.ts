/** Calendar dates as day numbers (days since 1970-01-01), always Vietnam local dates. */
import { dayNumber, formatVnDate, fromIsoDate, toIsoDate } from '../../vn-time';

export { dayNumber, formatVnDate, fromIsoDate, toIsoDate };

/** 0 = Sunday … 6 = Saturday */
export function weekday(day: number): number {
  return new Date(day * 86_400_000).getUTCDay();
}

export function isWeekend(day: number): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

export const WEEKDAY_NAMES = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'] as const;
