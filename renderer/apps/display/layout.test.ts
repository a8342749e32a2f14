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

  it('pages 40 or 60 counters in balanced pages of at most 20, keeping every counter once', () => {
    const forty = Array.from({ length: 40 }, (_, i) => i);
    expect(paginate(forty).map((p) => p.length)).toEqual([20, 20]);
    const fortyOne = paginate(Array.from({ length: 41 }, (_, i) => i));
    expect(fortyOne.map((p) => p.length)).toEqual([14, 14, 13]);
    const sixty = paginate(Array.from({ length: 60 }, (_, i) => i));
    expect(sixty.flat()).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(paginate([1, 2, 3])).toEqual([[1, 2, 3]]);
  });
});
