import { describe, expect, it } from 'vitest';
import {
  fromIsoDate,
  fromLocal,
  hhmm,
  parseHm,
  toLocal,
  vnDateText,
  vnDateTimeText,
  vnDay,
  vnEpochMs,
  vnIso,
  vnIsoMs,
  vnParts,
  vnTimeText,
  vnWeekday,
} from './vn-time';

describe('the one clock (Vietnam time, UTC+7)', () => {
  it.each([
    ['2026-02-13T10:05:09+07:00', '2026-02-13T10:05:09+07:00'],
    ['2026-02-13T10:05', '2026-02-13T10:05:00+07:00'],
    ['2026-02-13', '2026-02-13T00:00:00+07:00'],
    ['2026-02-13T17:30:00Z', '2026-02-14T00:30:00+07:00'],
    ['2026-02-13T10:00:00+0900', '2026-02-13T08:00:00+07:00'],
  ])('vnIso(%s) = %s', (input, expected) => {
    expect(vnIso(input)).toBe(expected);
  });

  it('reads Date and epoch milliseconds the same way, and refuses what is not a moment', () => {
    const at = new Date('2026-12-31T17:00:00Z');
    expect(vnIso(at)).toBe('2027-01-01T00:00:00+07:00');
    expect(vnIso(at.getTime())).toBe(vnIso(at));
    expect(vnDay(at)).toBe('2027-01-01');
    expect(vnParts(at)).toEqual({ year: 2027, month: 1, day: 1, hour: 0, minute: 0, second: 0 });
    expect(() => vnEpochMs('hôm qua')).toThrow(RangeError);
    expect(() => vnIso(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('local moments round-trip, before and after the UTC date line', () => {
    expect(toLocal('2026-02-13T16:00')).toEqual({ day: fromIsoDate('2026-02-13'), minute: 960 });
    expect(toLocal('2026-02-13T20:00:00Z')).toEqual({ day: fromIsoDate('2026-02-14'), minute: 180 });
    for (const iso of ['2026-02-13T00:00:00+07:00', '2026-02-13T06:59:00+07:00', '2026-02-13T23:59:00+07:00'])
      expect(fromLocal(toLocal(iso))).toBe(iso);
  });

  it('HH:mm both ways, strictly', () => {
    expect(parseHm('07:30')).toBe(450);
    expect(parseHm('24:00')).toBe(1440);
    expect(hhmm(450)).toBe('07:30');
    for (const bad of ['7h30', '25:00', '07:60', '']) expect(() => parseHm(bad)).toThrow(RangeError);
  });
});

describe('vnDateText', () => {
  // Repro (issue 13): a certificate date showed as 2036-11-20; late evening UTC is the next day in Vietnam.
  it('writes dd/MM/yyyy on Vietnam’s calendar', () => {
    expect(vnDateText('2036-11-20T03:00:00Z')).toBe('20/11/2036');
    expect(vnDateText('2036-11-20T18:30:00Z')).toBe('21/11/2036');
  });
});

describe('vnDateTimeText', () => {
  it.each([
    ['2026-12-01T11:48:04Z', '01/12/2026 18:48'],
    ['2026-12-31T17:05:00Z', '01/01/2027 00:05'],
    ['2026-03-09T00:00:59+07:00', '09/03/2026 00:00'],
    [Date.UTC(2026, 0, 2, 9, 7), '02/01/2026 16:07'],
  ])('%s reads %s, 24-hour on Vietnam’s clock', (moment, text) => {
    expect(vnDateTimeText(moment)).toBe(text);
  });
});

// Issue #13 "one clock": the hall board formatted its weekday and clock with its own Intl + time zone.
describe('vnWeekday', () => {
  it.each([
    ['2026-11-30T10:00:00+07:00', 'Thứ Hai'],
    ['2026-12-01T10:00:00+07:00', 'Thứ Ba'],
    ['2026-12-02T10:00:00+07:00', 'Thứ Tư'],
    ['2026-12-03T10:00:00+07:00', 'Thứ Năm'],
    ['2026-12-04T10:00:00+07:00', 'Thứ Sáu'],
    ['2026-12-05T10:00:00+07:00', 'Thứ Bảy'],
    ['2026-12-06T10:00:00+07:00', 'Chủ Nhật'],
    // 18:00 UTC on a Saturday is already Sunday in Vietnam.
    ['2026-12-05T18:00:00Z', 'Chủ Nhật'],
  ])('%s is %s', (moment, name) => {
    expect(vnWeekday(moment)).toBe(name);
  });
});

describe('vnTimeText', () => {
  it.each([
    ['2026-12-01T02:05:09Z', false, '09:05'],
    ['2026-12-01T02:05:09Z', true, '09:05:09'],
    ['2026-12-01T16:59:59Z', true, '23:59:59'],
    ['2026-12-01T17:00:00Z', false, '00:00'],
  ] as const)('%s (seconds: %s) reads %s', (moment, seconds, text) => {
    expect(vnTimeText(moment, seconds)).toBe(text);
  });
});

describe('vnIsoMs (stored instants, issue 12)', () => {
  it('keeps milliseconds, and sorts with vnIso text as the instants do', () => {
    expect(vnIsoMs('2026-02-13T03:05:09.120Z')).toBe('2026-02-13T10:05:09.120+07:00');
    expect(vnIsoMs(Date.UTC(2026, 1, 12, 17, 0, 0, 5))).toBe('2026-02-13T00:00:00.005+07:00');
    const moments = [
      '2026-02-13T10:05:09.500+07:00',
      vnIso('2026-02-13T03:05:09Z'),
      vnIsoMs('2026-02-13T03:05:08.999Z'),
      vnIso('2026-02-13T03:05:10Z'),
    ];
    expect([...moments].sort()).toEqual([...moments].sort((a, b) => vnEpochMs(a) - vnEpochMs(b)));
  });
});
