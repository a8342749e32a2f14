/**
 * Hand-written PDFs for the defect cases other writers produce and ours must
 * survive: odd generation numbers, a wrong startxref, a page tree without
 * /MediaBox or with a page written directly into /Kids, a `%PDF-X.Y` header,
 * inherited /Rotate and CropBox. The cross-reference table is computed from
 * the real offsets, then the defect is applied.
 */

export interface RawObject {
  num: number;
  gen?: number;
  body: string;
}

export interface BuildOptions {
  header?: string;
  root?: string;
  /** Added to the true startxref (a writer's off-by-few). */
  startxrefDelta?: number;
  /** Written instead of the true startxref. */
  startxrefOverride?: number;
  /** Added to every offset in the table (a table that no longer matches its file). */
  entryDelta?: number;
}

export function buildPdf(objects: RawObject[], options: BuildOptions = {}): Uint8Array {
  let out = `${options.header ?? '%PDF-1.7'}\n%\xe2\xe3\xcf\xd3\n`;
  const offsets = new Map<number, { offset: number; gen: number }>();
  for (const o of objects) {
    offsets.set(o.num, { offset: out.length, gen: o.gen ?? 0 });
    out += `${o.num} ${o.gen ?? 0} obj\n${o.body}\nendobj\n`;
  }
  const size = Math.max(...objects.map((o) => o.num)) + 1;
  const xrefAt = out.length;
  out += `xref\n0 ${size}\n0000000000 65535 f \n`;
  for (let n = 1; n < size; n++) {
    const e = offsets.get(n);
    out += e
      ? `${String(e.offset + (options.entryDelta ?? 0)).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n \n`
      : '0000000000 00001 f \n';
  }
  const startxref = options.startxrefOverride ?? xrefAt + (options.startxrefDelta ?? 0);
  out += `trailer\n<< /Size ${size} /Root ${options.root ?? '1 0 R'} >>\nstartxref\n${startxref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

function stream(content: string): string {
  return `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
}

const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
const CONTENT = 'BT /F1 24 Tf 72 720 Td (Trang mot) Tj ET 0.8 g 100 100 200 100 re f';

/** One page, Helvetica text; the page tree and page entries are given as text so each case changes only what it tests. */
export function onePage(pages: string, page: string, catalogGen = 0): RawObject[] {
  return [
    { num: 1, gen: catalogGen, body: '<< /Type /Catalog /Pages 2 0 R >>' },
    { num: 2, body: pages },
    { num: 3, body: page },
    { num: 4, body: stream(CONTENT) },
    { num: 5, body: FONT },
  ];
}

export const PAGE = '<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>';
export const PAGES_A4 = '<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>';

export const DEFECTS: Record<string, () => Uint8Array> = {
  /** minimal-with-orphaned-xrefs: the catalog is `1 9 obj`. */
  'generation-9': () => buildPdf(onePage(PAGES_A4, PAGE, 9), { root: '1 9 R' }),
  /** minimal-startxref-obo2: startxref two bytes past the table. */
  'startxref-off-by-2': () => buildPdf(onePage(PAGES_A4, PAGE), { startxrefDelta: 2 }),
  'startxref-off-by-minus-3': () => buildPdf(onePage(PAGES_A4, PAGE), { startxrefDelta: -3 }),
  /** minimal-startxref-hopeless: startxref points into the first object. */
  'startxref-hopeless': () => buildPdf(onePage(PAGES_A4, PAGE), { startxrefOverride: 30 }),
  /** A table whose every offset is 7 bytes off (minimal-badxref): readers rebuild it by scanning. */
  'xref-offsets-wrong': () => buildPdf(onePage(PAGES_A4, PAGE), { entryDelta: 7 }),
  /** no-mediabox: no /MediaBox anywhere in the page tree (readers assume US Letter). */
  'no-mediabox': () => buildPdf(onePage('<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE)),
  /** page-tree-direct-kid: the page dictionary written into /Kids itself. */
  'direct-kid': () =>
    buildPdf(
      onePage(
        '<< /Type /Pages /Count 1 /MediaBox [0 0 595 842] /Kids [<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>] >>',
        '<< >>',
      ),
    ),
  /** minimal-illegal-header: `%PDF-X.Y`. */
  'header-X.Y': () => buildPdf(onePage(PAGES_A4, PAGE), { header: '%PDF-X.Y' }),
  /** MediaBox, CropBox and Rotate inherited from the page tree. */
  'inherited-rotate-cropbox': () =>
    buildPdf(onePage('<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] /CropBox [40 50 555 800] /Rotate 90 >>', PAGE)),
};

/** A page with the given /Rotate and a CropBox away from the origin. */
export function rotatedPage(rotate: number, crop = '[30 40 565 802]'): Uint8Array {
  return buildPdf(
    onePage(
      PAGES_A4,
      `<< /Type /Page /Parent 2 0 R /Rotate ${rotate} /CropBox ${crop} /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>`,
    ),
  );
}
