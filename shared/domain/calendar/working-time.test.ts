import { describe, expect, it } from 'vitest';
import announced from '../../../resources/calendar/vn-announced.json';
import { AnnouncementFileSchema } from '../../contract';
import { fromIsoDate } from './dates';
import type { CalendarOverride } from './holidays';
import { WorkCalendar, toLocal, workingHoursError } from './working-time';

/** The shipped announcements as overrides (the store does the same with its own checks). */
export function shippedOverrides(): CalendarOverride[] {
  return AnnouncementFileSchema.parse(announced).announcements.flatMap((a) => a.days.map((d) => ({ ...d, document: a.document })));
}

const calendar = new WorkCalendar(shippedOverrides());

// Hand-worked appointment dates. Working hours 07:00–11:30, 13:30–17:00 (8 h a day).
// 2025: Tết off 27/1–31/1 (announced), back Mon 3/2; 30/4–2/5 off, Sat 26/4 worked.
// 2026: Tết off Mon 16/2 (29 Chạp) – Fri 20/2; Hùng Kings Sun 26/4 made up Mon 27/4; 30/4 Thu, 1/5 Fri.
// 2027: Tết Sat 6/2: off Fri 5/2 – Tue 9/2, Sat/Sun made up Wed 10/2, Thu 11/2; 1/5 Sat made up Mon 3/5.
const CASES: [string, string, { unit: 'days' | 'hours'; value: number }, string, string?][] = [
  ['2025 before Tết: Thu 10:00 + 3 days skips the Tết week', '2025-01-23T10:00', { unit: 'days', value: 3 }, '2025-02-04T10:00:00+07:00'],
  ['2025 Friday before Tết 16:00 + 1 day', '2025-01-24T16:00', { unit: 'days', value: 1 }, '2025-02-03T16:00:00+07:00'],
  ['2025 Friday before Tết after closing + 2 days', '2025-01-24T17:30', { unit: 'days', value: 2 }, '2025-02-04T17:00:00+07:00'],
  ['2025 Friday before Tết 15:00 + 4 hours', '2025-01-24T15:00', { unit: 'hours', value: 4 }, '2025-02-03T09:00:00+07:00'],
  ['2025 before 30/4: the worked Saturday 26/4 counts', '2025-04-25T09:00', { unit: 'days', value: 3 }, '2025-04-29T09:00:00+07:00'],
  ['2025 Tue 29/4 14:00 + 2 days skips 30/4–4/5', '2025-04-29T14:00', { unit: 'days', value: 2 }, '2025-05-06T14:00:00+07:00'],
  ['2025 Tue 29/4 16:00 + 3 hours', '2025-04-29T16:00', { unit: 'hours', value: 3 }, '2025-05-05T09:00:00+07:00'],
  ['2026 before Tết: Fri 13/2 10:00 + 2 days', '2026-02-13T10:00', { unit: 'days', value: 2 }, '2026-02-24T10:00:00+07:00'],
  ['2026 before Tết: Thu 12/2 11:00 + 5 days', '2026-02-12T11:00', { unit: 'days', value: 5 }, '2026-02-26T11:00:00+07:00'],
  [
    '2026 before 30/4: Fri 24/4 + 3 days skips Hùng Kings make-up and 30/4–1/5',
    '2026-04-24T10:00',
    { unit: 'days', value: 3 },
    '2026-05-04T10:00:00+07:00',
  ],
  ['2026 Wed 29/4 after closing + 1 day', '2026-04-29T17:05', { unit: 'days', value: 1 }, '2026-05-04T17:00:00+07:00'],
  ['2026 Wed 29/4 lunch break + 8 hours', '2026-04-29T12:00', { unit: 'hours', value: 8 }, '2026-05-04T11:30:00+07:00'],
  ['2027 before Tết: Thu 4/2 10:00 + 2 days', '2027-02-04T10:00', { unit: 'days', value: 2 }, '2027-02-15T10:00:00+07:00'],
  ['2027 before Tết: Wed 3/2 16:30 + 1 day', '2027-02-03T16:30', { unit: 'days', value: 1 }, '2027-02-04T16:30:00+07:00'],
  ['2027 before 30/4: Thu 29/4 11:00 + 2 days', '2027-04-29T11:00', { unit: 'days', value: 2 }, '2027-05-05T11:00:00+07:00'],
  ['2027 received on the 30/4 holiday + 1 day', '2027-04-30T09:00', { unit: 'days', value: 1 }, '2027-05-04T17:00:00+07:00'],
  [
    'certification: before the 15:00 cut-off, same day',
    '2026-02-12T14:59',
    { unit: 'days', value: 0 },
    '2026-02-12T17:00:00+07:00',
    '15:00',
  ],
  [
    'certification: after the cut-off, next working day',
    '2026-02-12T15:00',
    { unit: 'days', value: 0 },
    '2026-02-13T17:00:00+07:00',
    '15:00',
  ],
  [
    'certification: Friday before Tết after the cut-off',
    '2026-02-13T15:30',
    { unit: 'days', value: 0 },
    '2026-02-23T17:00:00+07:00',
    '15:00',
  ],
  ['an offset other than +07:00 is converted', '2026-03-02T03:00:00Z', { unit: 'days', value: 1 }, '2026-03-03T10:00:00+07:00'],
  ['Saturday receipt counts from Monday', '2026-03-07T09:00', { unit: 'hours', value: 2 }, '2026-03-09T09:00:00+07:00'],
];

describe('appointment dates', () => {
  it.each(CASES)('%s', (_label, received, processing, due, cutoff) => {
    expect(calendar.dueDate(received, processing, { sameDayCutoff: cutoff ?? null })).toBe(due);
  });
});

describe('working days', () => {
  it.each([
    ['2025-01-27', 'Tết Nguyên đán Ất Tỵ'],
    ['2025-02-03', null],
    ['2025-04-26', null],
    ['2025-05-02', 'Nghỉ hoán đổi'],
    ['2025-09-01', 'Quốc khánh (ngày liền kề trước 2/9)'],
    ['2026-02-16', 'Tết Nguyên đán Bính Ngọ: nghỉ trước Tết'],
    ['2026-02-20', 'Tết Nguyên đán Bính Ngọ (mùng 4)'],
    ['2026-02-23', null],
    ['2026-04-27', 'Nghỉ bù Giỗ Tổ Hùng Vương'],
    ['2026-09-01', 'Quốc khánh (ngày liền kề trước 2/9)'],
    ['2027-02-10', 'Nghỉ bù Tết Nguyên đán'],
    ['2027-02-11', 'Nghỉ bù Tết Nguyên đán'],
    ['2027-02-12', null],
    ['2027-04-16', 'Giỗ Tổ Hùng Vương'],
    ['2027-05-03', 'Nghỉ bù Ngày Quốc tế Lao động'],
    ['2027-09-03', 'Quốc khánh (ngày liền kề sau 2/9)'],
    ['2026-03-07', 'Nghỉ cuối tuần'],
  ])('%s → %s', (date, reason) => {
    const actual = calendar.dayOffReason(fromIsoDate(date));
    if (reason === null) expect(actual).toBeNull();
    else expect(actual).toContain(reason);
  });

  it('a supervisor override moves a day', () => {
    const custom = new WorkCalendar([
      { date: '2026-11-24', kind: 'off', reason: 'Ngày Văn hóa Việt Nam' },
      { date: '2026-11-28', kind: 'work', reason: 'Làm bù' },
    ]);
    expect(custom.isWorkingDay(fromIsoDate('2026-11-24'))).toBe(false);
    expect(custom.isWorkingDay(fromIsoDate('2026-11-28'))).toBe(true);
    expect(custom.dueDate('2026-11-23T10:00', { unit: 'days', value: 1 })).toBe('2026-11-25T10:00:00+07:00');
  });

  it('custom working hours', () => {
    const custom = new WorkCalendar([], {
      periods: [
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '17:00' },
      ],
    });
    expect(custom.dayMinutes).toBe(480);
    expect(custom.dueDate('2026-03-02T07:00', { unit: 'hours', value: 5 })).toBe('2026-03-02T14:00:00+07:00');
  });

  it.each([
    [{ periods: [] }, 'ít nhất một ca'],
    [{ periods: [{ start: '11:00', end: '10:00' }] }, 'sau giờ bắt đầu'],
    [
      {
        periods: [
          { start: '07:00', end: '12:00' },
          { start: '11:00', end: '17:00' },
        ],
      },
      'không chồng',
    ],
    [{ periods: [{ start: '7h', end: '12:00' }] }, 'HH:mm'],
  ])('rejects working hours %j', (hours, message) => {
    expect(workingHoursError(hours)).toContain(message);
  });

  it('counts working minutes between two moments (for overdue lists)', () => {
    expect(calendar.workingMinutesBetween('2026-02-13T16:00', '2026-02-23T08:00')).toBe(120);
    expect(calendar.workingMinutesBetween('2026-02-23T08:00', '2026-02-13T16:00')).toBe(-120);
    expect(toLocal('2026-02-13T16:00')).toEqual({ day: fromIsoDate('2026-02-13'), minute: 960 });
  });
});
