import { describe, expect, it } from 'vitest';
import announced from '../../../resources/calendar/vn-announced.json';
import { AnnouncementFileSchema } from '../../contract';
import { fromIsoDate } from './dates';
import type { CalendarOverride } from './holidays';
import { WorkCalendar } from './working-time';

// Issue 14: the shipped file covered 2025 only, so a due date across Tết 2024 or the swapped
// Saturdays of 2026 came from the rule and was wrong. Each row below is hand-worked from the
// year's announcement (hours 07:00–11:30, 13:30–17:00, a day = 8 h); `rule` is what the rules
// alone give, kept to show the row tests an announced day and not a rule day.
const file = AnnouncementFileSchema.parse(announced);
const overrides: CalendarOverride[] = file.announcements.flatMap((a) => a.days.map((d) => ({ ...d, document: a.document })));
const withAnnouncements = new WorkCalendar(overrides);
const rulesOnly = new WorkCalendar([]);

const ONE_DAY = { unit: 'days', value: 1 } as const;

const CASES: { label: string; received: string; due: string; rule: string }[] = [
  // 2020, Công văn 4544 (Bộ LĐTBXH, 25/10/2019): Tết 23/1–29/1, back Thu 30/1 (the rule would make up mùng 1–2 on 29/1–30/1).
  {
    label: '2020 Tết Canh Tý starts Thu 23/1 (29 Chạp)',
    received: '2020-01-22T10:00',
    due: '2020-01-30T10:00:00+07:00',
    rule: '2020-01-23T10:00:00+07:00',
  },
  {
    label: '2020 Tết: Thu 30/1 is worked, not a make-up day',
    received: '2020-01-29T09:00',
    due: '2020-01-30T17:00:00+07:00',
    rule: '2020-01-31T17:00:00+07:00',
  },
  // 2020: 30/4 and 1/5 on Thursday and Friday, by the rule (no swap announced).
  { label: '2020 30/4–1/5 Thu–Fri', received: '2020-04-29T10:00', due: '2020-05-04T10:00:00+07:00', rule: '2020-05-04T10:00:00+07:00' },
  // 2020: Labour Code 2012, 2/9 alone (3/9/2020 Thursday was a working day).
  { label: '2020 Quốc khánh: 2/9 only', received: '2020-09-01T10:00', due: '2020-09-03T10:00:00+07:00', rule: '2020-09-03T10:00:00+07:00' },
  // 2021, Thông báo 4875/TB-LĐTBXH: Tết 10/2–16/2, back Wed 17/2.
  {
    label: '2021 Tết Tân Sửu starts on 29 Chạp (10/2)',
    received: '2021-02-09T10:00',
    due: '2021-02-17T10:00:00+07:00',
    rule: '2021-02-10T10:00:00+07:00',
  },
  {
    label: '2021 Tết: Wed 17/2 is worked, not a make-up day',
    received: '2021-02-16T09:00',
    due: '2021-02-17T17:00:00+07:00',
    rule: '2021-02-18T17:00:00+07:00',
  },
  { label: '2021 Quốc khánh 2/9–3/9', received: '2021-09-01T10:00', due: '2021-09-06T10:00:00+07:00', rule: '2021-09-06T10:00:00+07:00' },
  // 2022, Công văn 245/VPCP-KGVX: Tết 31/1–4/2 (the rule's days).
  {
    label: '2022 Tết Nhâm Dần 31/1–4/2',
    received: '2022-01-28T10:00',
    due: '2022-02-07T10:00:00+07:00',
    rule: '2022-02-07T10:00:00+07:00',
  },
  // 2023, Công văn 8056/VPCP-KGVX: Tết 20/1–26/1, Fri 27/1 worked; Quốc khánh 1/9–4/9.
  {
    label: '2023 Tết Quý Mão starts Fri 20/1',
    received: '2023-01-19T10:00',
    due: '2023-01-27T10:00:00+07:00',
    rule: '2023-01-20T10:00:00+07:00',
  },
  {
    label: '2023 Tết: received on a day off, counts from Fri 27/1',
    received: '2023-01-26T09:00',
    due: '2023-01-27T17:00:00+07:00',
    rule: '2023-01-30T17:00:00+07:00',
  },
  {
    label: '2023 Quốc khánh 1/9 and make-up Mon 4/9',
    received: '2023-08-31T10:00',
    due: '2023-09-05T10:00:00+07:00',
    rule: '2023-09-05T10:00:00+07:00',
  },
  // 2024, Thông báo 5015/TB-LĐTBXH: Tết 8/2–14/2, Thu 15/2 worked; Công văn 2450/VPCP-KGVX: 29/4 off, Sat 4/5 worked.
  {
    label: '2024 Tết Giáp Thìn starts Thu 8/2',
    received: '2024-02-07T10:00',
    due: '2024-02-15T10:00:00+07:00',
    rule: '2024-02-08T10:00:00+07:00',
  },
  {
    label: '2024 Tết: Thu 15/2 is worked',
    received: '2024-02-14T10:00',
    due: '2024-02-15T17:00:00+07:00',
    rule: '2024-02-16T17:00:00+07:00',
  },
  {
    label: '2024 30/4: Mon 29/4 swapped off',
    received: '2024-04-26T10:00',
    due: '2024-05-02T10:00:00+07:00',
    rule: '2024-04-29T10:00:00+07:00',
  },
  { label: '2024 30/4: Sat 4/5 worked', received: '2024-05-03T10:00', due: '2024-05-04T10:00:00+07:00', rule: '2024-05-06T10:00:00+07:00' },
  { label: '2024 Quốc khánh 2/9–3/9', received: '2024-08-30T10:00', due: '2024-09-04T10:00:00+07:00', rule: '2024-09-04T10:00:00+07:00' },
  // 2025, Thông báo 6150/TB-LĐTBXH: Tết 27/1–31/1, Mon 3/2 worked; 2/5 off, Sat 26/4 worked; Quốc khánh 1/9–2/9.
  {
    label: '2025 Tết Ất Tỵ starts Mon 27/1',
    received: '2025-01-24T10:00',
    due: '2025-02-03T10:00:00+07:00',
    rule: '2025-01-27T10:00:00+07:00',
  },
  {
    label: '2025 30/4: Sat 26/4 worked',
    received: '2025-04-25T10:00',
    due: '2025-04-26T10:00:00+07:00',
    rule: '2025-04-28T10:00:00+07:00',
  },
  {
    label: '2025 30/4: Fri 2/5 swapped off',
    received: '2025-04-29T10:00',
    due: '2025-05-05T10:00:00+07:00',
    rule: '2025-05-02T10:00:00+07:00',
  },
  { label: '2025 Quốc khánh 1/9–2/9', received: '2025-08-29T10:00', due: '2025-09-03T10:00:00+07:00', rule: '2025-09-03T10:00:00+07:00' },
  // 2026, Công văn 12729/VPCP-KGVX: 2/1 off, Sat 10/1 worked; Thông báo 9441 (Bộ Nội vụ): Tết 16/2–20/2, 31/8 off, Sat 22/8 worked.
  {
    label: '2026 Tết Dương lịch: Fri 2/1 swapped off',
    received: '2025-12-31T10:00',
    due: '2026-01-05T10:00:00+07:00',
    rule: '2026-01-02T10:00:00+07:00',
  },
  {
    label: '2026 Tết Dương lịch: Sat 10/1 worked',
    received: '2026-01-09T10:00',
    due: '2026-01-10T10:00:00+07:00',
    rule: '2026-01-12T10:00:00+07:00',
  },
  {
    label: '2026 Tết Bính Ngọ 16/2–20/2',
    received: '2026-02-13T10:00',
    due: '2026-02-23T10:00:00+07:00',
    rule: '2026-02-23T10:00:00+07:00',
  },
  {
    label: '2026 Quốc khánh: Sat 22/8 worked',
    received: '2026-08-21T10:00',
    due: '2026-08-22T10:00:00+07:00',
    rule: '2026-08-24T10:00:00+07:00',
  },
  {
    label: '2026 Quốc khánh: Mon 31/8 swapped off, 1/9–2/9',
    received: '2026-08-28T10:00',
    due: '2026-09-03T10:00:00+07:00',
    rule: '2026-08-31T10:00:00+07:00',
  },
];

describe('due dates across each announced year', () => {
  it.each(CASES)('$label', ({ received, due, rule }) => {
    expect(withAnnouncements.dueDate(received, ONE_DAY)).toBe(due);
    expect(rulesOnly.dueDate(received, ONE_DAY)).toBe(rule);
  });
});

describe('the shipped announcements', () => {
  it('cover every year from 2020 to 2026, each day with the number of its document', () => {
    const years = new Set(overrides.map((o) => Number(o.date.slice(0, 4))));
    expect([...years].sort()).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const o of overrides) {
      expect(o.document?.number, o.date).toMatch(/^\d+/);
      expect(o.document?.issuer, o.date).toBeTruthy();
    }
    // Only 4875/TB-LĐTBXH (2021) is shipped without a confirmed signature date.
    expect(file.announcements.filter((a) => a.document.date === null).map((a) => a.document.number)).toEqual(['4875/TB-LĐTBXH']);
  });

  it('mark their days as announced, with the document, in the year list', () => {
    const days = withAnnouncements.specialDays(2024);
    expect(days.find((d) => d.date === '2024-02-08')).toMatchObject({
      kind: 'override-off',
      document: { number: '5015/TB-LĐTBXH', date: '2023-11-22' },
    });
    expect(days.find((d) => d.date === '2024-05-04')).toMatchObject({ kind: 'override-work', document: { number: '2450/VPCP-KGVX' } });
    const rule = days.find((d) => d.date === '2024-04-18');
    expect(rule?.kind).toBe('holiday');
    expect(rule?.document ?? null).toBeNull();
  });

  it('leave 24/11 (Ngày Văn hóa Việt Nam) a working day until it is announced', () => {
    expect(withAnnouncements.isWorkingDay(fromIsoDate('2026-11-24'))).toBe(true);
  });
});
