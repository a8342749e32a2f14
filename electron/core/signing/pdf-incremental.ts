/**
 * Adds a signature field with a placeholder to a PDF as an incremental update:
 * the original bytes stay untouched (so earlier signatures stay valid) and the
 * new and changed objects are appended with their own cross-reference section
 * (a classic table or an xref stream, matching the original) pointing back
 * with /Prev. pdf-lib parses the document and serializes single objects; it
 * cannot write incremental updates itself.
 */
import { createHash } from 'node:crypto';
import {
  CustomFontSubsetEmbedder,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFFont,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
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

/** @signpdf's placeholder for the three unknown ByteRange numbers. */
export const BYTE_RANGE_PLACEHOLDER = '**********';

export interface VisibleAppearance {
  /** 0-based page index. */
  page: number;
  /**
   * Where on the page: `top-right` of the page, an explicit rectangle [x1, y1, x2, y2] in points,
   * or the widget's bottom-left corner `{ x, y }` in points (the size follows the content).
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

function findStartXref(pdf: Uint8Array): number {
  const tail = Buffer.from(pdf.subarray(Math.max(0, pdf.length - 2048))).toString('latin1');
  const matches = [...tail.matchAll(/startxref\s+(\d+)/g)];
  const last = matches[matches.length - 1];
  if (!last?.[1]) throw new Error('no startxref');
  return Number(last[1]);
}

/** /Size of the newest cross-reference section. */
export function trailerSize(pdf: Uint8Array): number {
  const section = Buffer.from(pdf.subarray(findStartXref(pdf))).toString('latin1');
  const sizes = [...section.matchAll(/\/Size\s+(\d+)/g)].map((m) => Number(m[1]));
  return sizes.length ? Math.max(...sizes) : 0;
}

function serializeObject(ref: PDFRef, obj: PDFObject): Buffer {
  const body = new Uint8Array(obj.sizeInBytes());
  obj.copyBytesInto(body, 0);
  return Buffer.concat([
    Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`, 'latin1'),
    body,
    Buffer.from('\nendobj\n', 'latin1'),
  ]);
}

/**
 * The appearance font, subset. Parsing a 400 KB TTF with fontkit costs tens of
 * milliseconds, so the worker keeps the parsed font and makes a fresh subset
 * embedder around it for each document (an embedder cannot be embedded twice).
 */
type SubsetEmbedderCtor = new (font: unknown, fontData: Uint8Array) => CustomFontSubsetEmbedder;
let fontCache: { key: string; font: unknown } | undefined;
async function appearanceFont(doc: PDFDocument, bytes: Uint8Array): Promise<PDFFont> {
  const key = createHash('sha256').update(bytes).digest('hex');
  if (fontCache?.key !== key) fontCache = { key, font: await fontkit.create(bytes) };
  // pdf-lib's `CustomFontSubsetEmbedder.for` is `new CustomFontSubsetEmbedder(await fontkit.create(bytes), bytes)`.
  const embedder = new (CustomFontSubsetEmbedder as unknown as SubsetEmbedderCtor)(fontCache.font, bytes);
  return PDFFont.of(doc.context.nextRef(), doc, embedder);
}

/** Groups sorted object numbers into contiguous runs: [[first, count], …]. */
export function contiguousRuns(numbers: number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const n of [...numbers].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === n) last[1] += 1;
    else runs.push([n, 1]);
  }
  return runs;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function appearanceRect(pageWidth: number, pageHeight: number, a: VisibleAppearance, width: number, height: number): [number, number, number, number] {
  if (Array.isArray(a.position)) return a.position;
  if (a.position !== 'top-right') {
    // Kept on the page even when placed too close to its right or top edge.
    const x = Math.max(0, Math.min(a.position.x, pageWidth - width));
    const y = Math.max(0, Math.min(a.position.y, pageHeight - height));
    return [x, y, x + width, y + height];
  }
  const margin = 18;
  return [pageWidth - margin - width, pageHeight - margin - height, pageWidth - margin, pageHeight - margin];
}

export async function addSignaturePlaceholder(pdf: Uint8Array, options: PlaceholderOptions): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const context = doc.context;
  // pdf-lib drops xref and object streams from its context, so its largest
  // number can be below theirs: never reuse a number the file already has.
  context.largestObjectNumber = Math.max(context.largestObjectNumber, trailerSize(pdf) - 1);
  const baseMax = context.largestObjectNumber;
  const changed = await addSignatureField(doc, options);
  // Everything new (number above the original's largest) or changed.
  const objects = context.enumerateIndirectObjects().filter(([ref]) => ref.objectNumber > baseMax || changed.has(ref));
  return writeIncrementalUpdate(pdf, objects, context.largestObjectNumber, context.trailerInfo);
}

/**
 * Adds the signature dictionary (with placeholders), its widget and appearance
 * to a document in memory; answers the existing objects it changed. A freshly
 * assembled document is then saved whole; an existing file gets an incremental update.
 */
export async function addSignatureField(doc: PDFDocument, options: PlaceholderOptions): Promise<Set<PDFRef>> {
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
  if (!page) throw new Error('PDF has no page');

  let rect: [number, number, number, number] = [0, 0, 0, 0];
  let apRef: PDFRef;
  if (a) {
    const font = await appearanceFont(doc, a.fontBytes);
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
    const { width: pw, height: ph } = page.getSize();
    rect = appearanceRect(pw, ph, a, width, height);
    const ops = [];
    const xobjects: Record<string, PDFRef> = {};
    const place = (name: string, ref: PDFRef, x: number, w: number) => {
      xobjects[name] = ref;
      ops.push(pushGraphicsState(), concatTransformationMatrix(w, 0, 0, imgH, padding + x, height - padding - imgH), drawObject(name), popGraphicsState());
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
    const stream = context.formXObject(ops, {
      BBox: [0, 0, rect[2] - rect[0], rect[3] - rect[1]],
      Resources: { Font: { F1: font.ref }, ...(sig || seal ? { XObject: xobjects } : {}) },
    });
    apRef = context.register(stream);
  } else {
    apRef = context.register(context.formXObject([], { BBox: [0, 0, 0, 0], Resources: {} }));
  }

  // Field name unique within the AcroForm.
  const catalogRef = context.trailerInfo.Root;
  if (!(catalogRef instanceof PDFRef)) throw new Error('PDF catalog is not an indirect object');
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
  const fieldName = `Signature${fields.size() + 1}`;

  const widgetRef = context.register(
    context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      Rect: rect,
      V: sigRef,
      T: PDFString.of(fieldName),
      F: 4,
      P: page.ref,
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
    changed.add(page.ref);
  } else {
    page.node.set(PDFName.of('Annots'), context.obj([widgetRef]));
    changed.add(page.ref);
  }

  return changed;
}

interface TrailerInfo {
  Root?: PDFObject;
  Info?: PDFObject;
  ID?: PDFObject;
}

function writeIncrementalUpdate(original: Uint8Array, objects: [PDFRef, PDFObject][], largest: number, trailer: TrailerInfo): Uint8Array {
  const prev = findStartXref(original);
  const classic = Buffer.from(original.subarray(prev, prev + 4)).toString('latin1') === 'xref';
  const chunks: Buffer[] = [Buffer.from(original)];
  let offset = original.length;
  if (original[original.length - 1] !== 0x0a) {
    chunks.push(Buffer.from('\n'));
    offset += 1;
  }
  const offsets = new Map<number, number>();
  for (const [ref, obj] of objects) {
    const bytes = serializeObject(ref, obj);
    offsets.set(ref.objectNumber, offset);
    chunks.push(bytes);
    offset += bytes.length;
  }
  if (!trailer.Root) throw new Error('PDF trailer has no /Root');
  const trailerParts = [`/Root ${trailer.Root.toString()}`];
  if (trailer.Info) trailerParts.push(`/Info ${trailer.Info.toString()}`);
  if (trailer.ID) trailerParts.push(`/ID ${trailer.ID.toString()}`);
  const xrefOffset = offset;
  if (classic) {
    const lines = ['xref'];
    for (const [first, count] of contiguousRuns([...offsets.keys()])) {
      lines.push(`${first} ${count}`);
      for (let n = first; n < first + count; n++) lines.push(`${pad(offsets.get(n) ?? 0, 10)} 00000 n `);
    }
    const size = largest + 1;
    lines.push('trailer', `<< /Size ${size} ${trailerParts.join(' ')} /Prev ${prev} >>`, 'startxref', String(xrefOffset), '%%EOF', '');
    chunks.push(Buffer.from(lines.join('\n'), 'latin1'));
  } else {
    const xrefNumber = largest + 1;
    offsets.set(xrefNumber, xrefOffset);
    const runs = contiguousRuns([...offsets.keys()]);
    const rows: number[] = [];
    for (const [first, count] of runs) for (let n = first; n < first + count; n++) rows.push(offsets.get(n) ?? 0);
    const data = Buffer.alloc(rows.length * 7);
    rows.forEach((o, i) => {
      data.writeUInt8(1, i * 7);
      data.writeUInt32BE(o, i * 7 + 1);
      data.writeUInt16BE(0, i * 7 + 5);
    });
    const dict = `<< /Type /XRef /Size ${xrefNumber + 1} /Index [${runs.map(([f, c]) => `${f} ${c}`).join(' ')}] /W [1 4 2] ${trailerParts.join(' ')} /Prev ${prev} /Length ${data.length} >>`;
    chunks.push(
      Buffer.from(`${xrefNumber} 0 obj\n${dict}\nstream\n`, 'latin1'),
      data,
      Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`, 'latin1'),
    );
  }
  return Buffer.concat(chunks);
}
