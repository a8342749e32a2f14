/**
 * Where a visible signature goes on a page as the reader shows it: inside the
 * visible area (CropBox ∩ MediaBox), upright whatever the page's /Rotate, and
 * clear of every earlier signature's widget. "Visual" coordinates are points
 * from the bottom-left of the page as displayed; the widget's /Rect is in the
 * page's user space, so every rectangle is mapped through the rotation.
 */

export type Box = [number, number, number, number];
export type Rotation = 0 | 90 | 180 | 270;

export interface PageFrame {
  /** Visible area in user space, normalised (x1 < x2, y1 < y2). */
  crop: Box;
  rotate: Rotation;
}

/** US Letter: what poppler and MuPDF assume for a page tree without any /MediaBox. */
export const DEFAULT_MEDIA_BOX: Box = [0, 0, 612, 792];
export const STAMP_MARGIN = 18;
export const STAMP_GAP = 6;

export function normaliseBox(values: readonly number[]): Box | undefined {
  const [a, b, c, d] = values;
  if (values.length !== 4 || [a, b, c, d].some((v) => v === undefined || !Number.isFinite(v))) return undefined;
  const [x1, y1, x2, y2] = [a, b, c, d] as number[] as Box;
  const box: Box = [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
  return box[2] - box[0] > 0 && box[3] - box[1] > 0 ? box : undefined;
}

export function intersect(a: Box, b: Box): Box | undefined {
  const box: Box = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
  return box[2] > box[0] && box[3] > box[1] ? box : undefined;
}

/** /Rotate as ISO 32000 allows it (any multiple of 90, negative too); anything else counts as 0. */
export function normaliseRotation(value: number | undefined): Rotation {
  if (value === undefined || !Number.isInteger(value) || value % 90 !== 0) return 0;
  return (((value % 360) + 360) % 360) as Rotation;
}

export function visualSize(f: PageFrame): { width: number; height: number } {
  const w = f.crop[2] - f.crop[0];
  const h = f.crop[3] - f.crop[1];
  return f.rotate === 90 || f.rotate === 270 ? { width: h, height: w } : { width: w, height: h };
}

/** A point as displayed → user space. */
export function toUser(f: PageFrame, vx: number, vy: number): [number, number] {
  const w = f.crop[2] - f.crop[0];
  const h = f.crop[3] - f.crop[1];
  const [u, v] = f.rotate === 90 ? [w - vy, vx] : f.rotate === 180 ? [w - vx, h - vy] : f.rotate === 270 ? [vy, h - vx] : [vx, vy];
  return [f.crop[0] + u, f.crop[1] + v];
}

/** A point in user space → as displayed. */
export function toVisual(f: PageFrame, x: number, y: number): [number, number] {
  const w = f.crop[2] - f.crop[0];
  const h = f.crop[3] - f.crop[1];
  const u = x - f.crop[0];
  const v = y - f.crop[1];
  return f.rotate === 90 ? [v, w - u] : f.rotate === 180 ? [w - u, h - v] : f.rotate === 270 ? [h - v, u] : [u, v];
}

function mapRect(r: Box, map: (x: number, y: number) => [number, number]): Box {
  const [ax, ay] = map(r[0], r[1]);
  const [bx, by] = map(r[2], r[3]);
  return [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)];
}

export const visualToUserRect = (f: PageFrame, r: Box): Box => mapRect(r, (x, y) => toUser(f, x, y));
export const userToVisualRect = (f: PageFrame, r: Box): Box => mapRect(r, (x, y) => toVisual(f, x, y));

/** The appearance's /Matrix: turns its upright content by the page's rotation so it reads upright on screen. */
export function appearanceMatrix(rotate: Rotation): [number, number, number, number, number, number] {
  if (rotate === 90) return [0, 1, -1, 0, 0, 0];
  if (rotate === 180) return [-1, 0, 0, -1, 0, 0];
  if (rotate === 270) return [0, -1, 1, 0, 0, 0];
  return [1, 0, 0, 1, 0, 0];
}

export function overlaps(a: Box, b: Box): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

/**
 * The first free slot for a `width` × `height` stamp, top right first: stacked under
 * the widgets already there, then the next column to the left. Undefined when the page is full.
 */
export function freeTopRightSlot(f: PageFrame, width: number, height: number, taken: readonly Box[]): Box | undefined {
  const page = visualSize(f);
  const margin = Math.min(STAMP_MARGIN, Math.max(0, (page.width - width) / 2), Math.max(0, (page.height - height) / 2));
  for (let x2 = page.width - margin; x2 - width >= margin - 1e-6;) {
    let y2 = page.height - margin;
    let left = x2 - width;
    while (y2 - height >= margin - 1e-6) {
      const candidate: Box = [x2 - width, y2 - height, x2, y2];
      const hits = taken.filter((t) => overlaps(t, candidate));
      if (hits.length === 0) return candidate;
      y2 = Math.min(...hits.map((t) => t[1])) - STAMP_GAP;
      left = Math.min(left, ...hits.map((t) => t[0]));
    }
    x2 = Math.min(x2 - width, left) - STAMP_GAP;
  }
  return undefined;
}

/** An officer's placement {x, y} (as displayed), kept on the page when too close to an edge. */
export function clampedAt(f: PageFrame, x: number, y: number, width: number, height: number): Box {
  const page = visualSize(f);
  const cx = Math.max(0, Math.min(x, page.width - width));
  const cy = Math.max(0, Math.min(y, page.height - height));
  return [cx, cy, cx + width, cy + height];
}
