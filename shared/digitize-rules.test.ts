import { describe, expect, test } from 'vitest';
import { copyRuleWarnings, moveItem, normalizeRotation, splitAt } from './digitize-rules';

describe('copyRuleWarnings (NĐ 30/2020)', () => {
  test.each([
    [200, 'color', 0],
    [300, 'color', 0],
    [150, 'color', 1],
    [200, 'gray', 1],
    [100, 'bw', 2],
  ] as const)('%i dpi %s → %i warnings', (resolution, colorMode, n) => {
    expect(copyRuleWarnings({ resolution, colorMode })).toHaveLength(n);
  });
});

describe('page list tools', () => {
  test.each([
    [[1, 2, 3, 4], 0, 2, [2, 3, 1, 4]],
    [[1, 2, 3, 4], 3, 0, [4, 1, 2, 3]],
    [[1, 2, 3], 1, 9, [1, 3, 2]],
    [[1, 2, 3], 5, 0, [1, 2, 3]],
  ])('moveItem %j %i→%i', (items, from, to, expected) => expect(moveItem(items, from, to)).toEqual(expected));

  test.each([
    [
      [1, 2, 3, 4],
      [2],
      [
        [1, 2],
        [3, 4],
      ],
    ],
    [
      [1, 2, 3, 4],
      [1, 3],
      [[1], [2, 3], [4]],
    ],
    [[1, 2, 3], [0, 3, 7], [[1, 2, 3]]],
    [
      [1, 2, 3],
      [2, 2],
      [[1, 2], [3]],
    ],
  ])('splitAt %j %j', (items, at, expected) => expect(splitAt(items, at)).toEqual(expected));

  test.each([
    [0, 0],
    [90, 90],
    [-90, 270],
    [450, 90],
    [180, 180],
  ])('rotation %i → %i', (d, e) => expect(normalizeRotation(d)).toBe(e));
});
