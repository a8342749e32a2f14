import { describe, expect, it } from 'vitest';
import { lunarToSolar, solarToLunar } from './lunar';

// First day of the lunar year (mùng 1 Tết) in Vietnam, from published calendars.
// 1985, 2007 and 2030 differ from the Chinese New Year (20/2/1985, 18/2/2007, 3/2/2030) because of UTC+7
// (the 2030 new moon is at 23:07 on 2/2 Vietnam time, 00:07 on 3/2 Beijing time).
const TET: [number, string][] = [
  [1985, '1985-01-21'],
  [1990, '1990-01-27'],
  [2000, '2000-02-05'],
  [2001, '2001-01-24'],
  [2002, '2002-02-12'],
  [2003, '2003-02-01'],
  [2004, '2004-01-22'],
  [2005, '2005-02-09'],
  [2006, '2006-01-29'],
  [2007, '2007-02-17'],
  [2008, '2008-02-07'],
  [2009, '2009-01-26'],
  [2010, '2010-02-14'],
  [2011, '2011-02-03'],
  [2012, '2012-01-23'],
  [2013, '2013-02-10'],
  [2014, '2014-01-31'],
  [2015, '2015-02-19'],
  [2016, '2016-02-08'],
  [2017, '2017-01-28'],
  [2018, '2018-02-16'],
  [2019, '2019-02-05'],
  [2020, '2020-01-25'],
  [2021, '2021-02-12'],
  [2022, '2022-02-01'],
  [2023, '2023-01-22'],
  [2024, '2024-02-10'],
  [2025, '2025-01-29'],
  [2026, '2026-02-17'],
  [2027, '2027-02-06'],
  [2028, '2028-01-26'],
  [2029, '2029-02-13'],
  [2030, '2030-02-02'],
];

// Giỗ Tổ Hùng Vương, 10/3 lunar.
const HUNG_KINGS: [number, string][] = [
  [2022, '2022-04-10'],
  [2023, '2023-04-29'],
  [2024, '2024-04-18'],
  [2025, '2025-04-07'],
  [2026, '2026-04-26'],
];

const iso = (d: [number, number, number] | null) =>
  d ? `${d[2]}-${String(d[1]).padStart(2, '0')}-${String(d[0]).padStart(2, '0')}` : null;

describe('lunar calendar (UTC+7)', () => {
  it.each(TET)('Tết %d falls on %s', (year, date) => {
    expect(iso(lunarToSolar(1, 1, year))).toBe(date);
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    expect(solarToLunar(d, m, y)).toEqual({ day: 1, month: 1, year, leap: false });
  });

  it.each(HUNG_KINGS)('Hùng Kings %d falls on %s', (year, date) => {
    expect(iso(lunarToSolar(10, 3, year))).toBe(date);
  });

  it.each([
    // 2023 had a leap 2nd month (tháng 2 nhuận) starting 22/3/2023; 2025 a leap 6th month from 25/7/2025.
    ['2023-03-22', { day: 1, month: 2, year: 2023, leap: true }],
    ['2025-07-25', { day: 1, month: 6, year: 2025, leap: true }],
    ['2025-06-25', { day: 1, month: 6, year: 2025, leap: false }],
    ['2026-02-16', { day: 29, month: 12, year: 2025, leap: false }],
  ] as const)('%s is %j', (date, lunar) => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    expect(solarToLunar(d, m, y)).toEqual(lunar);
    expect(iso(lunarToSolar(lunar.day, lunar.month, lunar.year, lunar.leap))).toBe(date);
  });

  it('a leap month that does not exist gives null', () => {
    expect(lunarToSolar(1, 3, 2024, true)).toBeNull();
  });
});
