import { describe, expect, it } from 'vitest';
import { missingMessage } from './required';

// Issue #13 repro: an empty required field raised the browser's own "Please fill out this field".
describe('missingMessage', () => {
  it.each([
    ['Tên đăng nhập', '', 'Nhập tên đăng nhập.'],
    ['Mật khẩu', '   ', 'Nhập mật khẩu.'],
    ['Tên hiển thị', '\t', 'Nhập tên hiển thị.'],
    ['Ký hiệu', '', 'Nhập ký hiệu.'],
  ])('%j left as %j says %j', (label, value, message) => {
    expect(missingMessage(label, value)).toBe(message);
  });

  it('says nothing once the field holds text', () => {
    expect(missingMessage('Tên đăng nhập', 'admin')).toBeUndefined();
  });
});
