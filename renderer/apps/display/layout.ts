/** At most this many counters share the screen (numbers stay ~80 px high on 1080 px); more go page by page. */
export const PAGE_SIZE = 16;
/** How long each page stays up when there are more counters than PAGE_SIZE. */
export const PAGE_SECONDS = 8;

export interface GridShape {
  columns: number;
  rows: number;
}

/**
 * Columns and rows for `count` cells in a region `aspect` times wider than high, so the cells stay
 * close to a 2:1 shape and together fill the region (at 2.7: 3 counters 2×2, 6 → 3×2, 20 → 5×4).
 */
export function gridShape(count: number, aspect: number): GridShape {
  const n = Math.max(1, count);
  const columns = Math.min(n, Math.max(1, Math.round(Math.sqrt((n * aspect) / 2))));
  return { columns, rows: Math.ceil(n / columns) };
}

/** Splits the counters into pages of at most PAGE_SIZE, balanced (40 → 14, 14, 12 rather than 16, 16, 8). */
export function paginate<T>(items: readonly T[]): T[][] {
  if (items.length <= PAGE_SIZE) return [items.slice()];
  const pages = Math.ceil(items.length / PAGE_SIZE);
  const per = Math.ceil(items.length / pages);
  return Array.from({ length: pages }, (_, i) => items.slice(i * per, (i + 1) * per));
}
