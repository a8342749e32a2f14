import { describe, expect, it } from 'vitest';
import { DATE_FORMAT_MESSAGE, TIME_FORMAT_MESSAGE, dateText, maskDate, maskTime, parseDateText, parseTimeText } from './date-time-text';

// Issue #13 repro: native date inputs followed the browser's locale (12/01/2026 for 1 December under en-US).
describe('parseDateText', () => {
  it.each([
    ['01/12/2026', '2026-12-01'],
    ['1/12/2026', '2026-12-01'],
    ['01.12.2026', '2026-12-01'],
    ['01-12-2026', '2026-12-01'],
    ['29/02/2024', '2024-02-29'],
    ['31/12/1999', '1999-12-31'],
    [' 05/06/2026 ', '2026-06-05'],
    ['', ''],
  ])('%j is %j', (text, iso) => {
    expect(parseDateText(text)).toEqual({ ok: true, value: iso });
  });

  it.each([
    ['31/02/2026', 'Ngày 31/02/2026 không có thật: tháng 2/2026 không có ngày 31.'],
    ['29/02/2026', 'Ngày 29/02/2026 không có thật: tháng 2/2026 không có ngày 29.'],
    ['31/04/2026', 'Ngày 31/04/2026 không có thật: tháng 4/2026 không có ngày 31.'],
    ['00/01/2026', 'Ngày 00/01/2026 không có thật: tháng 1/2026 không có ngày 0.'],
    ['01/13/2026', 'Tháng 13 không có thật: tháng từ 1 đến 12.'],
    ['01/00/2026', 'Tháng 0 không có thật: tháng từ 1 đến 12.'],
    ['01/12/26', DATE_FORMAT_MESSAGE],
    ['2026-12-01', DATE_FORMAT_MESSAGE],
    ['12/01', DATE_FORMAT_MESSAGE],
    ['abc', DATE_FORMAT_MESSAGE],
  ])('%j is refused in Vietnamese', (text, message) => {
    expect(parseDateText(text)).toEqual({ ok: false, message });
  });
});

describe('dateText', () => {
  it.each([
    ['2026-12-01', '01/12/2026'],
    ['2024-02-29', '29/02/2024'],
    ['', ''],
  ])('%j is shown as %j', (iso, text) => {
    expect(dateText(iso)).toBe(text);
  });

  it('round-trips through parseDateText', () => {
    for (const iso of ['2026-01-01', '2026-12-31', '2000-02-29']) expect(parseDateText(dateText(iso))).toEqual({ ok: true, value: iso });
  });
});

describe('maskDate', () => {
  it.each([
    ['0', '0'],
    ['01', '01'],
    ['011', '01/1'],
    ['0112', '01/12'],
    ['01122026', '01/12/2026'],
    ['011220269', '01/12/2026'],
    ['01/12/2026', '01/12/2026'],
    ['1/1/2026', '1/1/2026'],
    ['01/12/2026x', '01/12/2026'],
    ['15/112026', '15/11/2026'],
    ['1/', '1/'],
    ['01/', '01/'],
    ['01//', '01/'],
    ['01.12.2026', '01/12/2026'],
    ['abc', ''],
  ])('%j becomes %j', (typed, shown) => {
    expect(maskDate(typed)).toBe(shown);
  });
});

describe('parseTimeText', () => {
  it.each([
    ['08:00', '08:00'],
    ['8:00', '08:00'],
    ['00:00', '00:00'],
    ['23:59', '23:59'],
    ['17:30', '17:30'],
    ['', ''],
  ])('%j is %j', (text, value) => {
    expect(parseTimeText(text)).toEqual({ ok: true, value });
  });

  it.each(['24:00', '12:60', '5 PM', '5:00 PM', '0800', '8', '8:0'])('%j is refused in Vietnamese', (text) => {
    expect(parseTimeText(text)).toEqual({ ok: false, message: TIME_FORMAT_MESSAGE });
  });
});

describe('maskTime', () => {
  it.each([
    ['0', '0'],
    ['08', '08'],
    ['083', '08:3'],
    ['0830', '08:30'],
    ['08301', '08:30'],
    ['8:30', '8:30'],
    ['8:30 PM', '8:30'],
    ['8h30', '8:30'],
    ['08:', '08:'],
  ])('%j becomes %j', (typed, shown) => {
    expect(maskTime(typed)).toBe(shown);
  });
});
