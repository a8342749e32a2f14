import { describe, expect, it } from 'vitest';
import { foldVietnamese, searchTokens } from './text-fold';

describe('foldVietnamese', () => {
  it.each([
    ['Nguyễn Văn An', 'nguyen van an'],
    ['ĐẶNG ĐỨC ĐẠT', 'dang duc dat'],
    ['đăng ký khai sinh', 'dang ky khai sinh'],
    ['Huỳnh Thị Ngọc Ánh', 'huynh thi ngoc anh'],
    ['Chứng thực bản sao từ bản chính', 'chung thuc ban sao tu ban chinh'],
    ['Ưu tiên Ơn', 'uu tien on'],
    ['000.00.12.H56-251124-0007', '000.00.12.h56-251124-0007'],
    // Composed and decomposed inputs fold the same.
    ['Nguye\u0302\u0303n', 'nguyen'],
  ])('%s → %s', (input, expected) => {
    expect(foldVietnamese(input)).toBe(expected);
  });

  it('splits into folded words', () => {
    expect(searchTokens('  Trần-Thị   Hà, 0912 345 678 ')).toEqual(['tran', 'thi', 'ha', '0912', '345', '678']);
  });
});
