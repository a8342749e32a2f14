/**
 * Reads where a PDF's newest cross-reference section really is, before an
 * incremental update chains /Prev to it. A `startxref` a few bytes off is
 * common (readers repair it silently); an update that copied the bad offset
 * into /Prev would make the same readers see a different, often empty, file.
 * Pure byte work, no PDF parser.
 */

export type XrefKind = 'classic' | 'stream';

export interface XrefLocation {
  offset: number;
  kind: XrefKind;
  /** The declared startxref, when it differs from `offset`. */
  declared?: number;
}

const latin1 = (pdf: Uint8Array, start: number, end: number) =>
  Buffer.from(pdf.buffer, pdf.byteOffset + start, Math.max(0, Math.min(end, pdf.length) - start)).toString('latin1');

/** How far around a wrong startxref the real section is looked for. */
const REPAIR_WINDOW = 512;

/** The number after the file's last `startxref`. */
export function declaredStartXref(pdf: Uint8Array): number | undefined {
  const tail = latin1(pdf, Math.max(0, pdf.length - 4096), pdf.length);
  const matches = [...tail.matchAll(/startxref\s+(\d+)/g)];
  const last = matches[matches.length - 1];
  return last?.[1] ? Number(last[1]) : undefined;
}

/** What starts at `offset` (after white space): a classic `xref` table, an xref stream object, or neither. */
export function sectionAt(pdf: Uint8Array, offset: number): XrefKind | undefined {
  if (offset < 0 || offset >= pdf.length) return undefined;
  const head = latin1(pdf, offset, offset + 400);
  if (/^\s*xref\s/.test(head)) return 'classic';
  const obj = /^\s*\d+\s+\d+\s+obj\s*<<([\s\S]*)/.exec(head);
  if (obj?.[1] && /\/Type\s*\/XRef\b/.test(obj[1])) return 'stream';
  return undefined;
}

/** `n` entries of the classic table at `offset`, as [object number, generation, offset]. */
function classicEntries(pdf: Uint8Array, offset: number): [number, number, number][] | undefined {
  const text = latin1(pdf, offset, pdf.length);
  const end = text.indexOf('trailer');
  if (end < 0) return undefined;
  const body = text.slice(text.indexOf('xref') + 4, end);
  const tokens = body.trim().split(/\s+/);
  const entries: [number, number, number][] = [];
  let i = 0;
  while (i < tokens.length) {
    const first = Number(tokens[i]);
    const count = Number(tokens[i + 1]);
    if (!Number.isInteger(first) || !Number.isInteger(count)) return undefined;
    i += 2;
    for (let k = 0; k < count; k++, i += 3) {
      const [off, gen, type] = [tokens[i], tokens[i + 1], tokens[i + 2]];
      if (type !== 'n' && type !== 'f') return undefined;
      if (type === 'n') entries.push([first + k, Number(gen), Number(off)]);
    }
  }
  return entries;
}

/** Every in-use entry of the table points at `N G obj` with its own number and generation. */
export function classicTableHolds(pdf: Uint8Array, offset: number): boolean {
  const entries = classicEntries(pdf, offset);
  if (!entries) return false;
  return entries.every(([num, gen, off]) => {
    const m = /^\s*(\d+)\s+(\d+)\s+obj\b/.exec(latin1(pdf, off, off + 40));
    return m !== null && Number(m[1]) === num && Number(m[2]) === gen;
  });
}

/** The newest section: where startxref says, or the nearest one within a few hundred bytes of it. */
export function locateXref(pdf: Uint8Array): XrefLocation | undefined {
  const declared = declaredStartXref(pdf);
  if (declared === undefined) return undefined;
  const exact = sectionAt(pdf, declared);
  if (exact) return { offset: declared, kind: exact };
  for (let delta = 1; delta <= REPAIR_WINDOW; delta++) {
    for (const at of [declared - delta, declared + delta]) {
      // Only at a token start: "startxref" also ends in "xref".
      const before = pdf[at - 1];
      if (at > 0 && before !== undefined && !/\s/.test(String.fromCharCode(before))) continue;
      const kind = sectionAt(pdf, at);
      if (kind) return { offset: at, kind, declared };
    }
  }
  return undefined;
}

export interface ScannedObject {
  offset: number;
  generation: number;
}

/** Every `N G obj` at the start of a line, the last definition of a number winning (what readers do to repair a file). */
export function scanObjects(pdf: Uint8Array): Map<number, ScannedObject> {
  const text = latin1(pdf, 0, pdf.length);
  const found = new Map<number, ScannedObject>();
  const re = /(^|[\r\n])[ \t]*(\d+)[ \t]+(\d+)[ \t]+obj\b/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const offset = m.index + (m[1]?.length ?? 0);
    found.set(Number(m[2]), { offset, generation: Number(m[3]) });
  }
  return found;
}

/** Object streams hold objects that a rebuilt classic table cannot point to. */
export function hasObjectStreams(pdf: Uint8Array): boolean {
  return /\/Type\s*\/ObjStm\b/.test(latin1(pdf, 0, pdf.length));
}

/** `/Size` of the newest trailer (or xref stream dictionary). */
export function trailerSizeAt(pdf: Uint8Array, offset: number): number {
  const text = latin1(pdf, offset, pdf.length);
  const end = text.search(/startxref|\bstream\b|endobj/);
  const section = end < 0 ? text : text.slice(0, end);
  const sizes = [...section.matchAll(/\/Size\s+(\d+)/g)].map((m) => Number(m[1]));
  return sizes.length ? Math.max(...sizes) : 0;
}
