/**
 * Adds a signature field with a placeholder to a PDF as an incremental update:
 * the original bytes stay untouched (so earlier signatures stay valid) and the
 * new and changed objects are appended with their own cross-reference section
 * (a classic table or an xref stream, matching the original) pointing back
 * with /Prev to where the newest section really is. When the file's own table
 * is broken beyond a small repair, the update carries a complete table built
 * the way readers repair such a file, so every reader sees the same document.
 * pdf-lib parses the document and serializes single objects; it cannot write
 * incremental updates itself.
 */
import { createHash } from 'node:crypto';
import {
  CustomFontSubsetEmbedder,
  EncryptedPDFError,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFFont,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFPage,
  PDFRef,
  PDFStream,
  PDFString,
  beginText,
  concatTransformationMatrix,
  drawObject,
  endText,
  moveText,
  popGraphicsState,
  pushGraphicsState,
  setFillingGrayscaleColor,
  setFontAndSize,
  showText,
  type PDFObject,
} from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { PdfInputError } from './pdf-input-errors';
import { hasObjectStreams, classicTableHolds, locateXref, scanObjects, trailerSizeAt, type XrefLocation } from './pdf-xref';
import { subsetFontName } from '../pdf/font-subset-tag';
import {
  DEFAULT_MEDIA_BOX,
  appearanceMatrix,
  clampedAt,
  freeTopRightSlot,
  intersect,
  normaliseBox,
  normaliseRotation,
  userToVisualRect,
  visualToUserRect,
  type Box,
  type PageFrame,
} from './stamp-geometry';

/** The placeholder for the three unknown ByteRange numbers (filled by `fillSignature`). */
export const BYTE_RANGE_PLACEHOLDER = '**********';

export interface VisibleAppearance {
  /** 0-based page index. */
  page: number;
  /**
   * Where on the page as displayed: `top-right` (the first free slot there, clear of
   * earlier signatures), an explicit rectangle [x1, y1, x2, y2] in points, or the
   * widget's bottom-left corner `{ x, y }` in points (the size follows the content).
   */
  position: 'top-right' | [number, number, number, number] | { x: number; y: number };
  lines: string[];
  fontBytes: Uint8Array;
  fontSize: number;
  /**
   * On an original document (NĐ 30/2020): the signer's image (transparent PNG) above the text, and the
   * seal image (PNG) overlapping the signature image by a third on its left.
   */
  signerImage?: Uint8Array;
  sealImage?: Uint8Array;
  /** Height of the images in points (default 60). */
  imageHeight?: number;
}

export interface PlaceholderOptions {
  /** Bytes reserved for the CMS (hex doubles it in the file). */
  signatureBytes: number;
  signingTime: Date;
  name?: string;
  reason?: string;
  location?: string;
  appearance?: VisibleAppearance;
}

function text(value: string): PDFHexString {
  return PDFHexString.fromText(value);
}

/**
 * One object as chunks: a stream's contents are referenced, never copied byte by
 * byte (pdf-lib's own writer loops over every byte of a 16 MB scan in JavaScript).
 */
function serializeObject(ref: PDFRef, obj: PDFObject): Buffer[] {
  const head = Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`, 'latin1');
  if (obj instanceof PDFStream) {
    obj.updateDict();
    const dict = Buffer.alloc(obj.dict.sizeInBytes());
    obj.dict.copyBytesInto(dict, 0);
    const contents = obj.getContents();
    return [
      head,
      dict,
      Buffer.from('\nstream\n', 'latin1'),
      Buffer.from(contents.buffer, contents.byteOffset, contents.byteLength),
      Buffer.from('\nendstream\nendobj\n', 'latin1'),
    ];
  }
  const body = Buffer.alloc(obj.sizeInBytes());
  obj.copyBytesInto(body, 0);
  return [head, body, Buffer.from('\nendobj\n', 'latin1')];
}

/**
 * The appearance font, subset. Parsing a 400 KB TTF with fontkit costs tens of
 * milliseconds, so the worker keeps the parsed font and makes a fresh subset
 * embedder around it for each document (an embedder cannot be embedded twice).
 * The subset is named with the six-letter tag ISO 32000 asks of subsets.
 */
type SubsetEmbedderCtor = new (font: unknown, fontData: Uint8Array, customName?: string) => CustomFontSubsetEmbedder;
let fontCache: { key: string; font: unknown; postscriptName: string } | undefined;
async function appearanceFont(doc: PDFDocument, bytes: Uint8Array, lines: readonly string[]): Promise<PDFFont> {
  const key = createHash('sha256').update(bytes).digest('hex');
  if (fontCache?.key !== key) {
    const font = await fontkit.create(bytes);
    fontCache = { key, font, postscriptName: font.postscriptName ?? 'Font' };
  }
  const name = subsetFontName(fontCache.postscriptName, `${key}\n${lines.join('\n')}`);
  // pdf-lib's `CustomFontSubsetEmbedder.for` is `new CustomFontSubsetEmbedder(await fontkit.create(bytes), bytes, customName)`.
  const embedder = new (CustomFontSubsetEmbedder as unknown as SubsetEmbedderCtor)(fontCache.font, bytes, name);
  return PDFFont.of(doc.context.nextRef(), doc, embedder);
}

/** Groups sorted object numbers into contiguous runs: [[first, count], …]. */
export function contiguousRuns(numbers: number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const n of [...numbers].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === n) last[1] += 1;
    else if (!last || last[0] + last[1] - 1 !== n) runs.push([n, 1]);
  }
  return runs;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function numbersOf(value: PDFObject | undefined, doc: PDFDocument): number[] | undefined {
  const v = value instanceof PDFRef ? doc.context.lookup(value) : value;
  if (!(v instanceof PDFArray)) return undefined;
  const out: number[] = [];
  for (let i = 0; i < v.size(); i++) {
    const n = doc.context.lookup(v.get(i));
    if (!(n instanceof PDFNumber)) return undefined;
    out.push(n.asNumber());
  }
  return out;
}

/** The page's visible area and rotation, inherited through the page tree, with the readers' defaults. */
export function pageFrame(page: PDFPage, doc: PDFDocument): PageFrame {
  const inherited = (key: string) => page.node.getInheritableAttribute(PDFName.of(key));
  const media = normaliseBox(numbersOf(inherited('MediaBox'), doc) ?? []) ?? DEFAULT_MEDIA_BOX;
  const crop = normaliseBox(numbersOf(inherited('CropBox'), doc) ?? []);
  const rotate = doc.context.lookup(inherited('Rotate'));
  return {
    crop: (crop && intersect(crop, media)) ?? media,
    rotate: normaliseRotation(rotate instanceof PDFNumber ? rotate.asNumber() : undefined),
  };
}

function fieldType(dict: PDFDict, doc: PDFDocument): string | undefined {
  for (let node: PDFDict | undefined = dict, depth = 0; node && depth < 32; depth++) {
    const ft = node.get(PDFName.of('FT'));
    if (ft instanceof PDFName) return ft.decodeText();
    const parent: PDFObject | undefined = doc.context.lookup(node.get(PDFName.of('Parent')));
    node = parent instanceof PDFDict ? parent : undefined;
  }
  return undefined;
}

/** Rectangles (user space) of the signature widgets already on a page, ours or another program's. */
export function signatureWidgetRects(page: PDFPage, doc: PDFDocument): Box[] {
  const annots = doc.context.lookup(page.node.get(PDFName.of('Annots')));
  if (!(annots instanceof PDFArray)) return [];
  const rects: Box[] = [];
  for (let i = 0; i < annots.size(); i++) {
    const annot = doc.context.lookup(annots.get(i));
    if (!(annot instanceof PDFDict) || fieldType(annot, doc) !== 'Sig') continue;
    const rect = normaliseBox(numbersOf(annot.get(PDFName.of('Rect')), doc) ?? []);
    if (rect) rects.push(rect);
  }
  return rects;
}

function stampRect(frame: PageFrame, a: VisibleAppearance, width: number, height: number, taken: Box[]): Box {
  if (Array.isArray(a.position)) return visualToUserRect(frame, a.position);
  if (a.position !== 'top-right') return visualToUserRect(frame, clampedAt(frame, a.position.x, a.position.y, width, height));
  const slot = freeTopRightSlot(
    frame,
    width,
    height,
    taken.map((r) => userToVisualRect(frame, r)),
  );
  if (!slot) throw new PdfInputError('pdf_no_room', 'no free slot for a visible signature on the page');
  return visualToUserRect(frame, slot);
}

/** pdf-lib reads only `%PDF-d.d`; readers accept any header (`%PDF-X.Y`). Same length, so offsets hold. */
function parsableHeader(pdf: Uint8Array): Uint8Array {
  const head = Buffer.from(pdf.buffer, pdf.byteOffset, Math.min(pdf.length, 1024)).toString('latin1');
  const at = head.indexOf('%PDF-');
  if (at < 0 || /^%PDF-\d\.\d/.test(head.slice(at))) return pdf;
  const copy = new Uint8Array(pdf);
  copy.set(Buffer.from('1.7', 'latin1'), at + 5);
  return copy;
}

/**
 * Parses a PDF for an update; each kind of unreadable input gets its own error.
 * New objects are numbered above `largestInFile` (pdf-lib does not see the numbers
 * of xref and object streams).
 */
export async function loadForUpdate(
  pdf: Uint8Array,
  largestInFile: number,
): Promise<{ doc: PDFDocument; changed: Set<PDFRef>; baseMax: number }> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(parsableHeader(pdf), { updateMetadata: false, throwOnInvalidObject: false });
  } catch (error) {
    if (error instanceof EncryptedPDFError) throw new PdfInputError('pdf_encrypted', error.message);
    throw new PdfInputError('pdf_damaged', error instanceof Error ? error.message : String(error));
  }
  doc.context.largestObjectNumber = Math.max(doc.context.largestObjectNumber, largestInFile);
  const baseMax = doc.context.largestObjectNumber;
  let pages: number;
  let changed: Set<PDFRef>;
  try {
    changed = hoistDirectKids(doc);
    pages = doc.getPageCount();
  } catch (error) {
    throw new PdfInputError('pdf_damaged', `page tree: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (pages === 0) throw new PdfInputError('pdf_damaged', 'no page');
  if (!(doc.context.trailerInfo.Root instanceof PDFRef)) throw new PdfInputError('pdf_damaged', 'no /Root in the trailer');
  return { doc, changed, baseMax };
}

export async function addSignaturePlaceholder(pdf: Uint8Array, options: PlaceholderOptions): Promise<Uint8Array> {
  const xref = usableXref(pdf);
  const fileSize = xref ? trailerSizeAt(pdf, xref.offset) : Math.max(0, ...scanObjects(pdf).keys()) + 1;
  const { doc, changed: hoisted, baseMax } = await loadForUpdate(pdf, fileSize - 1);
  const context = doc.context;
  let changed: Set<PDFRef>;
  try {
    changed = new Set([...hoisted, ...(await addSignatureField(doc, options)).changed]);
  } catch (error) {
    if (error instanceof PdfInputError) throw error;
    throw new PdfInputError('pdf_unsupported', error instanceof Error ? error.message : String(error));
  }
  // Everything new (number above the original's largest) or changed.
  const objects = context.enumerateIndirectObjects().filter(([ref]) => ref.objectNumber > baseMax || changed.has(ref));
  return writeIncrementalUpdate(pdf, objects, context.largestObjectNumber, context.trailerInfo, xref);
}

/** The newest xref section, when it can be chained to as it is. */
function usableXref(pdf: Uint8Array): XrefLocation | undefined {
  const found = locateXref(pdf);
  if (!found) return undefined;
  if (found.kind === 'classic' && !classicTableHolds(pdf, found.offset)) return undefined;
  return found;
}

/**
 * Pages written directly into a /Kids array (legal, and qpdf and poppler read them)
 * become indirect objects, as pdf-lib and a widget's /P need; the arrays holding
 * them change. Answers the changed objects.
 */
function hoistDirectKids(doc: PDFDocument): Set<PDFRef> {
  const context = doc.context;
  const changed = new Set<PDFRef>();
  const catalog = context.lookup(context.trailerInfo.Root);
  const rootRef = catalog instanceof PDFDict ? catalog.get(PDFName.of('Pages')) : undefined;
  const visit = (nodeRef: PDFObject | undefined, depth: number, seen: Set<PDFObject>) => {
    const node = context.lookup(nodeRef);
    if (!(node instanceof PDFDict) || depth > 64 || seen.has(node)) return;
    seen.add(node);
    const kidsEntry = node.get(PDFName.of('Kids'));
    const kids = context.lookup(kidsEntry);
    if (!(kids instanceof PDFArray)) return;
    for (let i = 0; i < kids.size(); i++) {
      const kid = kids.get(i);
      if (kid instanceof PDFDict) {
        kids.set(i, context.register(kid));
        const holder = kidsEntry instanceof PDFRef ? kidsEntry : nodeRef;
        if (!(holder instanceof PDFRef)) throw new PdfInputError('pdf_unsupported', 'direct page under a direct page-tree node');
        changed.add(holder);
      }
      visit(kids.get(i), depth + 1, seen);
    }
  };
  visit(rootRef, 0, new Set());
  return changed;
}

function uniqueFieldName(fields: PDFArray, doc: PDFDocument): string {
  const taken = new Set<string>();
  for (let i = 0; i < fields.size(); i++) {
    const f = doc.context.lookup(fields.get(i));
    const t = f instanceof PDFDict ? f.get(PDFName.of('T')) : undefined;
    if (t instanceof PDFString || t instanceof PDFHexString) taken.add(t.decodeText());
  }
  let n = fields.size() + 1;
  while (taken.has(`Signature${n}`)) n++;
  return `Signature${n}`;
}

/**
 * Adds the signature dictionary (with placeholders), its widget and appearance
 * to a document in memory; answers the existing objects it changed. A freshly
 * assembled document is then saved whole; an existing file gets an incremental update.
 */
export async function addSignatureField(
  doc: PDFDocument,
  options: PlaceholderOptions,
): Promise<{ changed: Set<PDFRef>; signature: PDFRef }> {
  const context = doc.context;
  const changed = new Set<PDFRef>();

  const byteRange = PDFArray.withContext(context);
  byteRange.push(PDFNumber.of(0));
  for (let i = 0; i < 3; i++) byteRange.push(PDFName.of(BYTE_RANGE_PLACEHOLDER));
  const sigEntries: Record<string, PDFObject | string> = {
    Type: PDFName.of('Sig'),
    Filter: PDFName.of('Adobe.PPKLite'),
    SubFilter: PDFName.of('ETSI.CAdES.detached'),
    ByteRange: byteRange,
    Contents: PDFHexString.of('0'.repeat(options.signatureBytes * 2)),
    M: PDFString.fromDate(options.signingTime),
  };
  if (options.name) sigEntries.Name = text(options.name);
  if (options.reason) sigEntries.Reason = text(options.reason);
  if (options.location) sigEntries.Location = text(options.location);
  const sigRef = context.register(context.obj(sigEntries));

  const pages = doc.getPages();
  const a = options.appearance;
  const page = pages[a?.page ?? 0] ?? pages[0];
  if (!page) throw new PdfInputError('pdf_damaged', 'PDF has no page');
  const pageRef = page.ref;

  let rect: Box = [0, 0, 0, 0];
  let apRef: PDFRef;
  if (a) {
    const frame = pageFrame(page, doc);
    const font = await appearanceFont(doc, a.fontBytes, a.lines);
    const lineHeight = a.fontSize * 1.25;
    const padding = 4;
    // Images row (originals): the seal on the left overlaps the signer's image by a third.
    const imgH = a.imageHeight ?? 60;
    const sig = a.signerImage ? await doc.embedPng(a.signerImage) : undefined;
    const seal = a.sealImage ? await doc.embedPng(a.sealImage) : undefined;
    const sigW = sig ? (sig.width / sig.height) * imgH : 0;
    const sealW = seal ? (seal.width / seal.height) * imgH : 0;
    const sigX = seal && sig ? Math.max(0, sealW - sigW / 3) : 0;
    const imagesW = Math.max(sig ? sigX + sigW : 0, sealW);
    const imagesH = sig || seal ? imgH : 0;
    const textW = Math.max(0, ...a.lines.map((l) => font.widthOfTextAtSize(l, a.fontSize)));
    const width = Math.ceil(Math.max(textW, imagesW) + 2 * padding);
    const height = Math.ceil(lineHeight * a.lines.length + imagesH + 2 * padding);
    rect = stampRect(frame, a, width, height, signatureWidgetRects(page, doc));
    const ops = [];
    const xobjects: Record<string, PDFRef> = {};
    const place = (name: string, ref: PDFRef, x: number, w: number) => {
      xobjects[name] = ref;
      ops.push(
        pushGraphicsState(),
        concatTransformationMatrix(w, 0, 0, imgH, padding + x, height - padding - imgH),
        drawObject(name),
        popGraphicsState(),
      );
    };
    if (sig) place('Sig', sig.ref, sigX, sigW);
    if (seal) place('Seal', seal.ref, 0, sealW);
    ops.push(pushGraphicsState(), setFillingGrayscaleColor(0), beginText(), setFontAndSize('F1', a.fontSize));
    ops.push(moveText(padding, height - padding - imagesH - a.fontSize));
    a.lines.forEach((line, i) => {
      if (i > 0) ops.push(moveText(0, -lineHeight));
      ops.push(showText(font.encodeText(line)));
    });
    ops.push(endText(), popGraphicsState());
    await font.embed();
    if (sig) await sig.embed();
    if (seal) await seal.embed();
    // Upright content in a box the stamp's size as displayed; /Matrix turns it with the page.
    const stream = context.formXObject(ops, {
      BBox: [0, 0, width, height],
      Matrix: appearanceMatrix(frame.rotate),
      Resources: { Font: { F1: font.ref }, ...(sig || seal ? { XObject: xobjects } : {}) },
    });
    apRef = context.register(stream);
  } else {
    apRef = context.register(context.formXObject([], { BBox: [0, 0, 0, 0], Resources: {} }));
  }

  const catalogRef = context.trailerInfo.Root;
  if (!(catalogRef instanceof PDFRef)) throw new PdfInputError('pdf_damaged', 'PDF catalog is not an indirect object');
  const catalog = context.lookup(catalogRef, PDFDict);
  const acroFormEntry = catalog.get(PDFName.of('AcroForm'));
  let acroForm: PDFDict;
  if (acroFormEntry instanceof PDFRef) {
    acroForm = context.lookup(acroFormEntry, PDFDict);
    changed.add(acroFormEntry);
  } else if (acroFormEntry instanceof PDFDict) {
    acroForm = acroFormEntry;
    changed.add(catalogRef);
  } else {
    acroForm = context.obj({ Fields: [] });
    catalog.set(PDFName.of('AcroForm'), context.register(acroForm));
    changed.add(catalogRef);
  }
  const fieldsEntry = acroForm.get(PDFName.of('Fields'));
  let fields: PDFArray;
  if (fieldsEntry instanceof PDFRef) {
    fields = context.lookup(fieldsEntry, PDFArray);
    changed.add(fieldsEntry);
  } else if (fieldsEntry instanceof PDFArray) {
    fields = fieldsEntry;
  } else {
    fields = context.obj([]);
    acroForm.set(PDFName.of('Fields'), fields);
  }

  const widgetRef = context.register(
    context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      Rect: rect,
      V: sigRef,
      T: PDFString.of(uniqueFieldName(fields, doc)),
      F: 4,
      P: pageRef,
      AP: { N: apRef },
    }),
  );
  fields.push(widgetRef);
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(3));

  const annotsEntry = page.node.get(PDFName.of('Annots'));
  if (annotsEntry instanceof PDFRef) {
    context.lookup(annotsEntry, PDFArray).push(widgetRef);
    changed.add(annotsEntry);
  } else if (annotsEntry instanceof PDFArray) {
    annotsEntry.push(widgetRef);
    changed.add(pageRef);
  } else {
    page.node.set(PDFName.of('Annots'), context.obj([widgetRef]));
    changed.add(pageRef);
  }

  return { changed, signature: sigRef };
}

interface TrailerInfo {
  Root?: PDFObject;
  Info?: PDFObject;
  ID?: PDFObject;
}

function trailerEntries(trailer: TrailerInfo): string {
  if (!trailer.Root) throw new PdfInputError('pdf_damaged', 'PDF trailer has no /Root');
  const parts = [`/Root ${trailer.Root.toString()}`];
  if (trailer.Info) parts.push(`/Info ${trailer.Info.toString()}`);
  if (trailer.ID) parts.push(`/ID ${trailer.ID.toString()}`);
  return parts.join(' ');
}

interface XrefEntry {
  offset: number;
  generation: number;
}

/** A classic table: one subsection per run of numbers (object 0 heads the free list when `withFreeHead`). */
function classicTable(entries: Map<number, XrefEntry>, withFreeHead: boolean): string[] {
  const lines = ['xref'];
  if (withFreeHead) {
    entries.delete(0);
    lines.push('0 1', '0000000000 65535 f ');
  }
  for (const [first, count] of contiguousRuns([...entries.keys()])) {
    lines.push(`${first} ${count}`);
    for (let n = first; n < first + count; n++) {
      const e = entries.get(n)!;
      lines.push(`${pad(e.offset, 10)} ${pad(e.generation, 5)} n `);
    }
  }
  return lines;
}

function xrefStream(entries: Map<number, XrefEntry>, xrefNumber: number, xrefOffset: number, trailer: string, prev: number): Buffer[] {
  entries.set(xrefNumber, { offset: xrefOffset, generation: 0 });
  const runs = contiguousRuns([...entries.keys()]);
  const rows: XrefEntry[] = [];
  for (const [first, count] of runs) for (let n = first; n < first + count; n++) rows.push(entries.get(n)!);
  const data = Buffer.alloc(rows.length * 7);
  rows.forEach((e, i) => {
    data.writeUInt8(1, i * 7);
    data.writeUInt32BE(e.offset, i * 7 + 1);
    data.writeUInt16BE(e.generation, i * 7 + 5);
  });
  const dict = `<< /Type /XRef /Size ${xrefNumber + 1} /Index [${runs.map(([f, c]) => `${f} ${c}`).join(' ')}] /W [1 4 2] ${trailer} /Prev ${prev} /Length ${data.length} >>`;
  return [
    Buffer.from(`${xrefNumber} 0 obj\n${dict}\nstream\n`, 'latin1'),
    data,
    Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`, 'latin1'),
  ];
}

function writeIncrementalUpdate(
  original: Uint8Array,
  objects: [PDFRef, PDFObject][],
  largest: number,
  trailer: TrailerInfo,
  xref: XrefLocation | undefined,
): Uint8Array {
  if (!xref && hasObjectStreams(original))
    throw new PdfInputError('pdf_unsupported', 'broken cross-reference with object streams: cannot rebuild a classic table');
  const chunks: Buffer[] = [Buffer.from(original.buffer, original.byteOffset, original.byteLength)];
  let offset = original.length;
  if (original[original.length - 1] !== 0x0a) {
    chunks.push(Buffer.from('\n'));
    offset += 1;
  }
  // A rebuilt table starts from every object the file holds, as a repairing reader finds them.
  const entries = new Map<number, XrefEntry>(
    xref ? [] : [...scanObjects(original)].map(([n, o]) => [n, { offset: o.offset, generation: o.generation }]),
  );
  for (const [ref, obj] of objects) {
    const parts = serializeObject(ref, obj);
    entries.set(ref.objectNumber, { offset, generation: ref.generationNumber });
    chunks.push(...parts);
    offset += parts.reduce((n, b) => n + b.length, 0);
  }
  const trailerText = trailerEntries(trailer);
  const xrefOffset = offset;
  if (xref?.kind === 'stream') {
    chunks.push(...xrefStream(entries, largest + 1, xrefOffset, trailerText, xref.offset));
  } else {
    const size = Math.max(largest, ...entries.keys()) + 1;
    const prev = xref ? ` /Prev ${xref.offset}` : '';
    const lines = [
      ...classicTable(entries, !xref),
      'trailer',
      `<< /Size ${size} ${trailerText}${prev} >>`,
      'startxref',
      String(xrefOffset),
      '%%EOF',
      '',
    ];
    chunks.push(Buffer.from(lines.join('\n'), 'latin1'));
  }
  return Buffer.concat(chunks);
}

/** A whole document as parts to write one after the other: `tail` is small, `body` holds the scans. */
export interface DocumentParts {
  body: Buffer[];
  tail: Buffer;
}

/**
 * A document still in memory written whole (classic table, no object streams),
 * streams referenced rather than copied: the same bytes pdf-lib's `save` would
 * give in structure, several times faster on scans. `trailing` (the signature
 * dictionary) is written last, in `tail` with the table and trailer: then the
 * SHA-256 over the scans, taken once, serves both the signature's digest and
 * the file's content address (see `signParts`), and the placeholder is found
 * without searching the scans.
 */
export async function wholeDocumentParts(doc: PDFDocument, trailing?: PDFRef): Promise<DocumentParts> {
  await doc.flush();
  const context = doc.context;
  // The header ends with a binary comment: the first object must start on a line of its own, or a reader that
  // parses from the top (pdf-lib does) takes it for part of the comment.
  const header = Buffer.alloc(context.header.sizeInBytes() + 1, '\n');
  context.header.copyBytesInto(header, 0);
  const body: Buffer[] = [header];
  const tail: Buffer[] = [];
  let offset = header.length;
  const entries = new Map<number, XrefEntry>();
  const objects = context.enumerateIndirectObjects();
  const last = objects.filter(([ref]) => ref === trailing);
  for (const [ref, obj] of [...objects.filter(([ref]) => ref !== trailing), ...last]) {
    const parts = serializeObject(ref, obj);
    entries.set(ref.objectNumber, { offset, generation: ref.generationNumber });
    (ref === trailing ? tail : body).push(...parts);
    offset += parts.reduce((n, b) => n + b.length, 0);
  }
  const size = context.largestObjectNumber + 1;
  const lines = [
    ...classicTable(entries, true),
    'trailer',
    `<< /Size ${size} ${trailerEntries(context.trailerInfo)} >>`,
    'startxref',
    String(offset),
    '%%EOF',
    '',
  ];
  tail.push(Buffer.from(lines.join('\n'), 'latin1'));
  return { body, tail: Buffer.concat(tail) };
}

interface Placeholder {
  /** The ByteRange array's brackets. */
  open: number;
  close: number;
  /** The /Contents hex string's angle brackets. */
  lt: number;
  gt: number;
}

/**
 * The signature placeholder in `buf`, searched forward from `from`: searching a
 * 16 MB scan backwards cost more than hashing it.
 */
function findPlaceholder(buf: Buffer, from: number): Placeholder {
  // The third of the three placeholder names ends the ByteRange array.
  let marker = from - 1;
  for (let i = 0; i < 3 && (i === 0 || marker >= 0); i++) marker = buf.indexOf(`/${BYTE_RANGE_PLACEHOLDER}`, marker + 1, 'latin1');
  const open = buf.lastIndexOf('[', marker, 'latin1');
  const close = buf.indexOf(']', marker, 'latin1');
  const contentsKey = buf.indexOf('/Contents', close, 'latin1');
  const lt = buf.indexOf('<', contentsKey, 'latin1');
  const gt = buf.indexOf('>', lt, 'latin1');
  if (marker < 0 || open < 0 || close < 0 || contentsKey < 0 || lt < 0 || gt < 0) throw new Error('no signature placeholder');
  return { open, close, lt, gt };
}

/** Writes the ByteRange around /Contents; `base` is where `buf` starts in a file of `total` bytes. */
function writeByteRange(buf: Buffer, at: Placeholder, base: number, total: number): void {
  const c = base + at.gt + 1;
  const range = `[0 ${base + at.lt} ${c} ${total - c}]`;
  if (range.length > at.close + 1 - at.open) throw new Error('ByteRange placeholder too short');
  buf.write(range.padEnd(at.close + 1 - at.open, ' '), at.open, 'latin1');
}

function writeContents(buf: Buffer, at: Placeholder, cms: Uint8Array): void {
  if (cms.length * 2 > at.gt - at.lt - 1) throw new Error(`signature of ${cms.length} bytes exceeds the placeholder`);
  buf.write(Buffer.from(cms).toString('hex'), at.lt + 1, 'latin1');
}

/**
 * Fills the placeholder in place: the ByteRange around /Contents, then the CMS
 * over the digest of those ranges. No copy of the file is made. The placeholder
 * is searched forward from `from` (the original's length for an incremental
 * update).
 */
export async function fillSignature(
  pdf: Uint8Array,
  cmsForDigest: (digest: Uint8Array) => Promise<Uint8Array>,
  from = 0,
): Promise<Uint8Array> {
  const buf = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const at = findPlaceholder(buf, from);
  writeByteRange(buf, at, 0, buf.length);
  const digest = createHash('sha256')
    .update(buf.subarray(0, at.lt))
    .update(buf.subarray(at.gt + 1))
    .digest();
  writeContents(buf, at, await cmsForDigest(digest));
  return pdf;
}

/**
 * Signs a document in parts (from `wholeDocumentParts`, the signature
 * dictionary in the tail), filling the tail in place, and returns the SHA-256
 * of the whole signed file. The hash over the body is taken once: its state is
 * copied before the /Contents hole, one copy finishes the signature's digest,
 * the other goes on over the filled signature to the file's hash.
 */
export async function signParts(parts: DocumentParts, cmsForDigest: (digest: Uint8Array) => Promise<Uint8Array>): Promise<string> {
  const base = parts.body.reduce((n, b) => n + b.length, 0);
  const at = findPlaceholder(parts.tail, 0);
  writeByteRange(parts.tail, at, base, base + parts.tail.length);
  const file = createHash('sha256');
  for (const b of parts.body) file.update(b);
  file.update(parts.tail.subarray(0, at.lt));
  const digest = file
    .copy()
    .update(parts.tail.subarray(at.gt + 1))
    .digest();
  writeContents(parts.tail, at, await cmsForDigest(digest));
  return file.update(parts.tail.subarray(at.lt)).digest('hex');
}

/** The SHA-256 of a document in parts (unsigned). */
export function hashParts(parts: DocumentParts): string {
  const file = createHash('sha256');
  for (const b of parts.body) file.update(b);
  return file.update(parts.tail).digest('hex');
}
