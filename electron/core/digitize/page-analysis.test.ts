import sharp from 'sharp';
import { describe, expect, test } from 'vitest';
import { DEFAULT_BLANK_THRESHOLDS, analyzePage, deskewImage, estimateSkew, inkCoverage, isBlank } from './page-analysis';

function raster(width: number, height: number, ink: (x: number, y: number) => boolean): Uint8Array {
  const px = new Uint8Array(width * height).fill(250);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (ink(x, y)) px[y * width + x] = 20;
  return px;
}

describe('blank-page rule', () => {
  test.each([
    ['white page', () => false, true],
    ['scanner shadow in the margin only', (x: number) => x < 2, true],
    ['one text line', (_x: number, y: number) => y >= 40 && y < 43, false],
    ['a speck', (x: number, y: number) => x === 50 && y === 50, true],
  ])('%s', (_name, ink, blank) => {
    const px = raster(100, 100, ink);
    expect(isBlank(inkCoverage(px, 100, 100, DEFAULT_BLANK_THRESHOLDS), DEFAULT_BLANK_THRESHOLDS)).toBe(blank);
  });
});

describe('estimateSkew', () => {
  // Text-like lines at a known slope (image y grows downwards).
  test.each([0, 2, -3, 4.5])('lines turned %s°', (deg) => {
    const t = Math.tan((deg * Math.PI) / 180);
    const px = raster(300, 300, (x, y) => {
      const yy = y + x * t;
      return x > 20 && x < 280 && Math.round(yy) % 20 < 3 && y > 20 && y < 280;
    });
    expect(Math.abs(estimateSkew(px, 300, 300) - deg)).toBeLessThanOrEqual(0.25);
  });
});

test('deskew straightens a turned page image', async () => {
  const lines = Array.from({ length: 14 }, (_, i) => `<rect x="60" y="${60 + i * 40}" width="480" height="10" fill="#222"/>`).join('');
  const straight = await sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="700"><rect width="600" height="700" fill="#fff"/>${lines}</svg>`,
    ),
  )
    .jpeg()
    .toBuffer();
  const turned = await sharp(straight).rotate(3, { background: '#fff' }).jpeg().toBuffer();
  const before = await analyzePage(turned);
  expect(Math.abs(before.skewDegrees)).toBeGreaterThan(2);
  const fixed = await deskewImage(turned, before.skewDegrees);
  const after = await analyzePage(fixed.bytes);
  expect(Math.abs(after.skewDegrees)).toBeLessThanOrEqual(0.5);
});
