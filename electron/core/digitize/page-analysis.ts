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

export function isBlank(coveragePercent: number, t: BlankThresholds): boolean {
  return coveragePercent < t.coveragePercent;
}

export interface PageAnalysis {
  blank: boolean;
  coveragePercent: number;
  width: number;
  height: number;
  /** JPEG, 200 px wide. */
  thumbnail: Uint8Array;
}

export async function analyzePage(image: Uint8Array, t: BlankThresholds = DEFAULT_BLANK_THRESHOLDS): Promise<PageAnalysis> {
  const input = sharp(image, { failOn: 'error' });
  const meta = await input.metadata();
  const { data, info } = await sharp(image).greyscale().resize({ width: 300, withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true });
  const coveragePercent = inkCoverage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), info.width, info.height, t);
  const thumbnail = await sharp(image).resize({ width: 200, withoutEnlargement: true }).jpeg({ quality: 70 }).toBuffer();
  return { blank: isBlank(coveragePercent, t), coveragePercent, width: meta.width ?? 0, height: meta.height ?? 0, thumbnail: new Uint8Array(thumbnail) };
}
