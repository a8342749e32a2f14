import { describe, expect, it } from 'vitest';
import { abbreviateName, maskIdNumber } from './mask';

describe('maskIdNumber', () => {
  it.each([
    ['001203004567', '••••••••4567'],
    ['123456789', '•••••6789'],
    ['0012 0300 4567', '••••••••4567'],
    ['B1234567', '••••4567'],
    ['1234', '••••'],
    ['12', '••'],
    ['', ''],
    [null, ''],
    [undefined, ''],
  ])('%s → %s', (input, expected) => {
    expect(maskIdNumber(input)).toBe(expected);
  });

  it('never leaks more than the last four digits', () => {
    const masked = maskIdNumber('079301000123');
    expect(masked).not.toContain('0793');
    expect(masked.endsWith('0123')).toBe(true);
    expect([...masked]).toHaveLength(12);
  });
});

describe('abbreviateName', () => {
  it.each([
    ['Nguyễn Văn An', 'Nguyễn V. A.'],
    ['Đặng thị Ánh Tuyết', 'Đặng T. Á. T.'],
    ['Lan', 'Lan'],
    ['  ', ''],
    [null, ''],
  ])('%s → %s', (input, expected) => {
    expect(abbreviateName(input)).toBe(expected);
  });
});
