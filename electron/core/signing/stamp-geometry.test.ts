import { describe, expect, test } from 'vitest';
import {
  appearanceMatrix,
  freeTopRightSlot,
  normaliseRotation,
  toUser,
  toVisual,
  userToVisualRect,
  visualSize,
  visualToUserRect,
  type Box,
  type PageFrame,
} from './stamp-geometry';

const frame = (rotate: PageFrame['rotate']): PageFrame => ({ crop: [30, 40, 565, 802], rotate });

describe('rotation and crop offset', () => {
  test.each([0, 90, 180, 270] as const)('/Rotate %i: visual ↔ user space round-trips', (rotate) => {
    const f = frame(rotate);
    for (const [vx, vy] of [
      [0, 0],
      [10, 20],
      [100, 7],
    ] as const) {
      const [x, y] = toUser(f, vx, vy);
      expect(toVisual(f, x, y).map((n) => Math.round(n * 1e6) / 1e6)).toEqual([vx, vy]);
    }
    const r: Box = [5, 6, 50, 30];
    expect(userToVisualRect(f, visualToUserRect(f, r))).toEqual(r);
  });

  test('the top-right corner as displayed, per rotation, in user space', () => {
    // A page turned clockwise by 90 shows its user-space top-left corner at the top right.
    const tr = (rotate: PageFrame['rotate']) => {
      const f = frame(rotate);
      const { width, height } = visualSize(f);
      return toUser(f, width, height);
    };
    expect(tr(0)).toEqual([565, 802]);
    expect(tr(90)).toEqual([30, 802]);
    expect(tr(180)).toEqual([30, 40]);
    expect(tr(270)).toEqual([565, 40]);
  });

  test('visual size swaps for quarter turns', () => {
    expect(visualSize(frame(90))).toEqual({ width: 762, height: 535 });
    expect(visualSize(frame(0))).toEqual({ width: 535, height: 762 });
  });

  test.each([
    [-90, 270],
    [450, 90],
    [45, 0],
    [undefined, 0],
  ])('/Rotate %s counts as %i', (raw, expected) => expect(normaliseRotation(raw)).toBe(expected));

  test('the appearance matrix turns with the page', () => {
    expect(appearanceMatrix(90)).toEqual([0, 1, -1, 0, 0, 0]);
    expect(appearanceMatrix(0)).toEqual([1, 0, 0, 1, 0, 0]);
  });
});

describe('free slot', () => {
  const f: PageFrame = { crop: [0, 0, 595, 842], rotate: 0 };
  test('top right when the page is free', () => expect(freeTopRightSlot(f, 200, 60, [])).toEqual([377, 764, 577, 824]));
  test('under an earlier stamp, with a gap', () =>
    expect(freeTopRightSlot(f, 200, 60, [[377, 764, 577, 824]])).toEqual([377, 698, 577, 758]));
  test('next column to the left when the right column is full', () => {
    const column: Box[] = Array.from({ length: 12 }, (_, i) => [377, 824 - (i + 1) * 66 + 6, 577, 824 - i * 66] as Box);
    const slot = freeTopRightSlot(f, 200, 60, column) as Box;
    expect(slot[2]).toBeLessThanOrEqual(377 - 6);
    expect(slot[3]).toBe(824);
  });
  test('no slot on a full page', () => expect(freeTopRightSlot(f, 200, 60, [[0, 0, 595, 842]])).toBeUndefined());
});
