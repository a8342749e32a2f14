import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, gridShape, paginate } from './layout';

describe('display layout', () => {
  it('fills a wide region: few counters in one row, many in a balanced grid', () => {
    expect(gridShape(3, 3.1)).toEqual({ columns: 3, rows: 1 });
    expect(gridShape(6, 3.1)).toEqual({ columns: 3, rows: 2 });
    expect(gridShape(14, 3.1)).toEqual({ columns: 5, rows: 3 });
    const sixteen = gridShape(16, 3.1);
    expect(sixteen.columns * sixteen.rows).toBeGreaterThanOrEqual(16);
    expect(sixteen.rows).toBeLessThanOrEqual(4);
  });

  it('never makes an empty row and covers every count from 1 to 60', () => {
    for (let n = 1; n <= 60; n++) {
      const { columns, rows } = gridShape(Math.min(n, PAGE_SIZE), 3.1);
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
