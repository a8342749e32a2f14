import { describe, expect, it } from 'vitest';
import { STATUS_CODES, STATUS_NAMES, canTransition, isFinal, transitionError, type DossierStatus } from './status';

// The full matrix: every (from, to) pair, with the legal ones listed here independently of TRANSITIONS.
const LEGAL: readonly string[] = [
  '1→2',
  '1→3',
  '1→7',
  '2→4',
  '2→5',
  '2→6',
  '2→7',
  '2→8',
  '2→9',
  '4→5',
  '4→6',
  '4→7',
  '4→8',
  '4→9',
  '5→4',
  '5→7',
  '5→8',
  '6→4',
  '6→7',
  '6→8',
  '6→9',
  '9→10',
];

const PAIRS = STATUS_CODES.flatMap((from) => STATUS_CODES.map((to) => [from, to] as [DossierStatus, DossierStatus]));

describe('status transitions', () => {
  it.each(PAIRS)('%d → %d', (from, to) => {
    const legal = LEGAL.includes(`${from}→${to}`);
    expect(canTransition(from, to)).toBe(legal);
    expect(transitionError(from, to) === null).toBe(legal);
  });

  it.each([
    [3, true],
    [7, true],
    [8, true],
    [10, true],
    [1, false],
    [2, false],
    [4, false],
    [5, false],
    [6, false],
    [9, false],
  ] as [DossierStatus, boolean][])('status %d final: %s', (status, final) => {
    expect(isFinal(status)).toBe(final);
  });

  it('names every status in Vietnamese, with the portal codes 1–10', () => {
    expect(STATUS_CODES).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(STATUS_NAMES[10]).toBe('Đã trả kết quả');
    expect(transitionError(10, 4)).toContain('trạng thái cuối');
    expect(transitionError(2, 10)).toBe('Không được chuyển hồ sơ từ "Được tiếp nhận" sang "Đã trả kết quả".');
  });
});
