import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract';
import { fieldErrors, shownError } from './field-errors';

// Issue #13 repro: a bad phone number showed only "Dữ liệu gửi lên không hợp lệ." although details named the field.
describe('fieldErrors', () => {
  it.each([
    [['applicant.phone: Số điện thoại không hợp lệ'], 'applicant.phone', 'Số điện thoại không hợp lệ'],
    [
      ['components.1.name: Too small: expected string to have >=1 characters'],
      'components.1.name',
      'Too small: expected string to have >=1 characters',
    ],
    [['applicant.fullName: Cần họ tên người nộp', 'applicant.fullName: second'], 'applicant.fullName', 'Cần họ tên người nộp'],
  ])('maps %j', (details, path, message) => {
    expect(fieldErrors(details).get(path)).toBe(message);
  });

  it('skips lines that are not a field path', () => {
    expect([...fieldErrors(['Invalid input', 'pdf-lib: Failed to parse', 'at line 3: x']).keys()]).toEqual([]);
  });

  it('keeps the message and the fields of an invalid_input AppError only', () => {
    const invalid = shownError(
      new AppError('invalid_input', 'Dữ liệu gửi lên không hợp lệ.', ['applicant.phone: Số điện thoại không hợp lệ']),
    );
    expect(invalid.fields.get('applicant.phone')).toBe('Số điện thoại không hợp lệ');
    expect(shownError(new AppError('conflict', 'x', ['a: b'])).fields.size).toBe(0);
  });
});
