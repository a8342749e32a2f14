import { describe, expect, test } from 'vitest';
import { copySignatureLines, isoVietnamTime } from './signature-text';

describe('isoVietnamTime', () => {
  test.each([
    ['2026-11-23T12:40:12.345Z', '2026-11-23T19:40:12+07:00'],
    ['2026-12-31T17:00:00Z', '2027-01-01T00:00:00+07:00'],
    ['2026-01-01T00:00:00Z', '2026-01-01T07:00:00+07:00'],
  ])('%s → %s', (utc, expected) => {
    expect(isoVietnamTime(new Date(utc))).toBe(expected);
  });
});

describe('copySignatureLines (NĐ 30/2020)', () => {
  const time = new Date('2026-11-23T02:00:00Z');
  test.each([
    ['sao-y', false, ['SAO Y', 'UBND phường Tân Định', 'Thời gian ký: 2026-11-23T09:00:00+07:00']],
    ['trich-sao', false, ['TRÍCH SAO', 'UBND phường Tân Định', 'Thời gian ký: 2026-11-23T09:00:00+07:00']],
    [
      'so-hoa',
      true,
      [
        'DEMO — chữ ký thử nghiệm, không có giá trị pháp lý',
        'BẢN SỐ HÓA TỪ BẢN GỐC',
        'UBND phường Tân Định',
        'Thời gian ký: 2026-11-23T09:00:00+07:00',
      ],
    ],
  ] as const)('%s demo=%s', (copyType, demo, expected) => {
    expect(copySignatureLines({ copyType, agency: 'UBND phường Tân Định', time, demo })).toEqual(expected);
  });
});
