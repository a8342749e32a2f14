import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, gridShape, paginate } from './layout';

describe('display layout', () => {
  it('fills a wide region: few counters in one row, many in a balanced grid', () => {
    expect(gridShape(3, 2.7)).toEqual({ columns: 2, rows: 2 });
    expect(gridShape(6, 2.7)).toEqual({ columns: 3, rows: 2 });
    const twenty = gridShape(20, 2.7);
    expect(twenty.columns * twenty.rows).toBeGreaterThanOrEqual(20);
    expect(twenty.rows).toBeLessThanOrEqual(4);
  });

  it('never makes an empty row and covers every count from 1 to 60', () => {
    for (let n = 1; n <= 60; n++) {
      const { columns, rows } = gridShape(Math.min(n, PAGE_SIZE), 2.7);
      expect(columns * rows).toBeGreaterThanOrEqual(Math.min(n, PAGE_SIZE));
      expect(columns * (rows - 1)).toBeLessThan(Math.min(n, PAGE_SIZE));
    }
  });

  it('pages 40 or 60 counters in balanced pages of at most 16, keeping every counter once', () => {
    const forty = Array.from({ length: 40 }, (_, i) => i);
    expect(paginate(forty).map((p) => p.length)).toEqual([14, 14, 12]);
    expect(paginate(Array.from({ length: 16 }, (_, i) => i)).map((p) => p.length)).toEqual([16]);
    expect(paginate(Array.from({ length: 60 }, (_, i) => i)).every((p) => p.length <= PAGE_SIZE)).toBe(true);
    const sixty = paginate(Array.from({ length: 60 }, (_, i) => i));
    expect(sixty.flat()).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(paginate([1, 2, 3])).toEqual([[1, 2, 3]]);
  });
});
