/**
 * Page analysis for scanned pages: blank-page detection with two tunable
 * thresholds (as NAPS2: how dark a pixel must be to count as ink, and how much
 * ink a page needs not to be blank) and a thumbnail. Pixel rules are pure.
 */
import sharp from 'sharp';

export interface BlankThresholds {
  /** A pixel darker than this (0–255 grey) counts as ink. */
  darkLevel: number;
  /** Below this share of ink pixels (percent) the page is blank. */
  coveragePercent: number;
  /** Border ignored on each side (percent of the side), where scanners leave shadows. */
  marginPercent: number;
}

export const DEFAULT_BLANK_THRESHOLDS: BlankThresholds = { darkLevel: 180, coveragePercent: 0.2, marginPercent: 4 };

/** Share (percent) of ink pixels inside the margins of a greyscale raster. */
export function inkCoverage(pixels: Uint8Array, width: number, height: number, t: BlankThresholds): number {
  const mx = Math.floor((width * t.marginPercent) / 100);
  const my = Math.floor((height * t.marginPercent) / 100);
  let ink = 0;
  let total = 0;
  for (let y = my; y < height - my; y++) {
    for (let x = mx; x < width - mx; x++) {
      total += 1;
      if ((pixels[y * width + x] ?? 255) < t.darkLevel) ink += 1;
    }
  }
  return total === 0 ? 0 : (100 * ink) / total;
}

/**
 * Skew of a text page in degrees by projection profiles: ink pixels are binned
 * along lines of slope tan(θ); text lines give the sharpest profile (largest
 * variance) at the page's skew. Positive = the content turns counter-clockwise.
 */
export function estimateSkew(
  pixels: Uint8Array,
  width: number,
  height: number,
  darkLevel = 160,
  maxDegrees = 6,
  stepDegrees = 0.25,
): number {
  const ink: number[] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if ((pixels[y * width + x] ?? 255) < darkLevel) ink.push(x, y);
  if (ink.length < 40) return 0;
  let best = 0;
  let bestScore = -1;
  const bins = new Float64Array(height + width * 2 + 2);
  for (let deg = -maxDegrees; deg <= maxDegrees + 1e-9; deg += stepDegrees) {
    const t = Math.tan((deg * Math.PI) / 180);
    bins.fill(0);
    for (let i = 0; i < ink.length; i += 2) {
      // Row of the pixel once the page is turned back by `deg`: y + x·tan(θ) (image y grows downwards).
      const b = Math.round((ink[i + 1] as number) + (ink[i] as number) * t) + width;
      bins[b] = (bins[b] ?? 0) + 1;
    }
    let score = 0;
    for (const v of bins) score += v * v;
    if (score > bestScore + 1e-6) {
      bestScore = score;
      best = deg;
    }
  }
  return Math.round(best * 100) / 100;
}

export function isBlank(coveragePercent: number, t: BlankThresholds): boolean {
  return coveragePercent < t.coveragePercent;
}

export interface PageAnalysis {
  blank: boolean;
  coveragePercent: number;
  /** Estimated skew in degrees (0 for blank pages). */
  skewDegrees: number;
  width: number;
  height: number;
  /** JPEG, 200 px wide. */
  thumbnail: Uint8Array;
}

export async function analyzePage(image: Uint8Array, t: BlankThresholds = DEFAULT_BLANK_THRESHOLDS): Promise<PageAnalysis> {
  const input = sharp(image, { failOn: 'error' });
  const meta = await input.metadata();
  const { data, info } = await sharp(image)
    .greyscale()
    .resize({ width: 400, withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const grey = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const coveragePercent = inkCoverage(grey, info.width, info.height, t);
  const blank = isBlank(coveragePercent, t);
  const thumbnail = await sharp(image).resize({ width: 200, withoutEnlargement: true }).jpeg({ quality: 70 }).toBuffer();
  return {
    blank,
    coveragePercent,
    skewDegrees: blank ? 0 : estimateSkew(grey, info.width, info.height),
    width: meta.width ?? 0,
    height: meta.height ?? 0,
    thumbnail: new Uint8Array(thumbnail),
  };
}

/** Turns a page image back by its skew (re-encodes it: only when the officer asks to deskew). */
export async function deskewImage(
  image: Uint8Array,
  skewDegrees: number,
  quality = 90,
): Promise<{ bytes: Uint8Array; width: number; height: number }> {
  // sharp turns clockwise for positive angles; the estimate is counter-clockwise positive.
  const { data, info } = await sharp(image)
    .rotate(skewDegrees, { background: '#ffffff' })
    .jpeg({ quality })
    .toBuffer({ resolveWithObject: true });
  return { bytes: new Uint8Array(data), width: info.width, height: info.height };
}
