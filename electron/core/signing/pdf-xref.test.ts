import { describe, expect, test } from 'vitest';
import { classicTableHolds, declaredStartXref, locateXref, scanObjects } from './pdf-xref';
import { buildPdf, onePage, PAGE, PAGES_A4 } from '../../../tests/support/pdf-builder';

describe('locating the newest xref section', () => {
  const good = buildPdf(onePage(PAGES_A4, PAGE));
  const trueOffset = declaredStartXref(good) as number;

  test('where startxref says, when it is right', () => expect(locateXref(good)).toEqual({ offset: trueOffset, kind: 'classic' }));
  test.each([2, -3, 40])('startxref off by %i: the real table nearby, the declared value kept for the logs', (delta) => {
    expect(locateXref(buildPdf(onePage(PAGES_A4, PAGE), { startxrefDelta: delta }))).toEqual({
      offset: trueOffset,
      kind: 'classic',
      declared: trueOffset + delta,
    });
  });
  test('a table whose offsets do not match the objects does not hold', () => {
    const bad = buildPdf(onePage(PAGES_A4, PAGE), { entryDelta: 7 });
    expect(classicTableHolds(bad, declaredStartXref(bad) as number)).toBe(false);
    expect(classicTableHolds(good, trueOffset)).toBe(true);
  });
  test('the scan finds each object with its generation', () => {
    const objects = scanObjects(buildPdf(onePage(PAGES_A4, PAGE, 9)));
    expect(objects.get(1)?.generation).toBe(9);
    expect([...objects.keys()].sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
