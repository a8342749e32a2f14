/**
 * Pure rules for scan profiles and digitized copies (NĐ 30/2020 Phụ lục I:
 * PDF 1.4 or later, colour, at least 200 dpi, 100 % scale).
 */

export const COLOR_MODES = ['color', 'gray', 'bw'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];
export const PAPER_SOURCES = ['flatbed', 'feeder', 'duplex'] as const;
export type PaperSource = (typeof PAPER_SOURCES)[number];
export const PAGE_SIZES = { A4: [210, 297], A5: [148, 210], Letter: [216, 279], Legal: [216, 356] } as const;
export type PageSize = keyof typeof PAGE_SIZES;

export interface ScanProfile {
  resolution: number;
  colorMode: ColorMode;
  source: PaperSource;
  pageSize: PageSize;
  /** JPEG quality of scanned pages (NAPS2's default is 75; we keep more). */
  jpegQuality: number;
}

export const DEFAULT_PROFILE: ScanProfile = { resolution: 200, colorMode: 'color', source: 'flatbed', pageSize: 'A4', jpegQuality: 85 };

export const MIN_COPY_DPI = 200;

/** Vietnamese warnings when a profile would break the rule for digitized copies. */
export function copyRuleWarnings(profile: Pick<ScanProfile, 'resolution' | 'colorMode'>): string[] {
  const warnings: string[] = [];
  if (profile.resolution < MIN_COPY_DPI)
    warnings.push(`Độ phân giải ${profile.resolution} dpi thấp hơn mức tối thiểu ${MIN_COPY_DPI} dpi cho bản số hóa.`);
  if (profile.colorMode !== 'color') warnings.push('Bản số hóa phải là ảnh màu; chế độ quét hiện tại không phải màu.');
  return warnings;
}

/** Moves item `from` to position `to` (drag and drop of pages). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const out = [...items];
  if (from < 0 || from >= out.length) return out;
  const [item] = out.splice(from, 1);
  out.splice(Math.max(0, Math.min(to, out.length)), 0, item as T);
  return out;
}

/** Splits a list at the given start indices: split([a,b,c,d], [2]) → [[a,b],[c,d]]. */
export function splitAt<T>(items: readonly T[], starts: readonly number[]): T[][] {
  const cuts = [...new Set(starts.filter((i) => i > 0 && i < items.length))].sort((a, b) => a - b);
  const parts: T[][] = [];
  let prev = 0;
  for (const c of [...cuts, items.length]) {
    parts.push(items.slice(prev, c));
    prev = c;
  }
  return parts;
}

export function normalizeRotation(degrees: number): 0 | 90 | 180 | 270 {
  return ((((Math.round(degrees / 90) * 90) % 360) + 360) % 360) as 0 | 90 | 180 | 270;
}
