/** At most this many counters share the screen (numbers stay ~80 px high on 1080 px); more go page by page. */
export const PAGE_SIZE = 16;
/** How long each page stays up when there are more counters than PAGE_SIZE. */
export const PAGE_SECONDS = 8;

export interface GridShape {
  columns: number;
  rows: number;
}

/** A cell's number is sized min(44 % of its height, 26 % of its width) in display.css. */
function numberSize(columns: number, rows: number, aspect: number): number {
  return Math.min(0.44 / rows, (0.26 * aspect) / columns);
}

/**
 * Columns and rows for `count` cells in a region `aspect` times wider than high: the shape whose cells
 * show the largest number (at 3.1: 3 counters → 3×1, 6 → 3×2, 14 → 5×3, 16 → 6×3).
 */
export function gridShape(count: number, aspect: number): GridShape {
  const n = Math.max(1, count);
  let best: GridShape = { columns: n, rows: 1 };
  for (let columns = 1; columns <= n; columns++) {
    const rows = Math.ceil(n / columns);
    if (numberSize(columns, rows, aspect) > numberSize(best.columns, best.rows, aspect)) best = { columns, rows };
  }
  return best;
}

/** Splits the counters into pages of at most PAGE_SIZE, balanced (40 → 14, 14, 12 rather than 16, 16, 8). */
export function paginate<T>(items: readonly T[]): T[][] {
  if (items.length <= PAGE_SIZE) return [items.slice()];
  const pages = Math.ceil(items.length / PAGE_SIZE);
  const per = Math.ceil(items.length / pages);
  return Array.from({ length: pages }, (_, i) => items.slice(i * per, (i + 1) * per));
}
