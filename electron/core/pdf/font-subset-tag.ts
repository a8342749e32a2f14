/**
 * Names for embedded font subsets. ISO 32000-1 §9.6.4 asks a subset's
 * BaseFont/FontName to be a tag of exactly six uppercase letters, "+", then
 * the PostScript name (e.g. "KFQZBM+LiberationSerif"); PDF/A validators and
 * `pdffonts` (column `sub`) read it. pdf-lib instead appends a random number
 * ("LiberationSerif-7012"), so every PDF we write names its subsets here.
 *
 * The tag is derived from the PostScript name and a key that is unique within
 * the document (e.g. "form-regular", "stamp-2"): the same input gives the same
 * bytes, and two subsets in one file never share a tag.
 */
import fontkit from '@pdf-lib/fontkit';
import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFName, type PDFDocument, type PDFFont } from 'pdf-lib';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Six uppercase letters from a hash of (postscriptName, key). */
export function subsetTag(postscriptName: string, key: string): string {
  const digest = createHash('sha256').update(`${postscriptName}\u0000${key}`).digest();
  let tag = '';
  for (let i = 0; i < 6; i++) tag += LETTERS[digest[i]! % 26];
  return tag;
}

/** "ABCDEF+PostScriptName". */
export function subsetFontName(postscriptName: string, key: string): string {
  return `${subsetTag(postscriptName, key)}+${postscriptName}`;
}

/** True for a name of the tagged form, e.g. from `pdffonts` or a parsed BaseFont. */
export function isTaggedSubsetName(name: string): boolean {
  return /^[A-Z]{6}\+./.test(name);
}

const postscriptNames = new WeakMap<Uint8Array, string>();

function postscriptNameOf(bytes: Uint8Array): string {
  let name = postscriptNames.get(bytes);
  if (name === undefined) {
    name = fontkit.create(bytes).postscriptName || 'Font';
    postscriptNames.set(bytes, name);
  }
  return name;
}

/** Embeds a TrueType font as a subset named with its tag. Pass the same Uint8Array each time: its name is parsed once. */
export async function embedTaggedSubset(doc: PDFDocument, bytes: Uint8Array, key: string): Promise<PDFFont> {
  return doc.embedFont(bytes, { subset: true, customName: subsetFontName(postscriptNameOf(bytes), key) });
}

const FONT_FILES = ['FontFile', 'FontFile2', 'FontFile3'].map((k) => PDFName.of(k));

function descriptorOf(font: PDFDict, doc: PDFDocument): PDFDict | undefined {
  const own = doc.context.lookup(font.get(PDFName.of('FontDescriptor')));
  if (own instanceof PDFDict) return own;
  const descendants = doc.context.lookup(font.get(PDFName.of('DescendantFonts')));
  const first = descendants instanceof PDFArray ? doc.context.lookup(descendants.get(0)) : undefined;
  return first instanceof PDFDict ? descriptorOf(first, doc) : undefined;
}

/**
 * Tags the embedded fonts of a document that lack the subset tag (Tesseract's
 * text layer embeds a one-glyph "GlyphLessFont" without it). A Type0 font, its
 * descendant and their descriptor get the same tag, as the name is the same.
 */
export function tagEmbeddedFonts(doc: PDFDocument): void {
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict)) continue;
    const type = obj.get(PDFName.of('Type'));
    const key = type === PDFName.of('FontDescriptor') ? 'FontName' : type === PDFName.of('Font') ? 'BaseFont' : undefined;
    if (!key) continue;
    const descriptor = key === 'FontName' ? obj : descriptorOf(obj, doc);
    if (!descriptor || !FONT_FILES.some((f) => descriptor.has(f))) continue;
    const name = obj.get(PDFName.of(key));
    if (!(name instanceof PDFName) || /^[A-Z]{6}\+/.test(name.decodeText())) continue;
    obj.set(PDFName.of(key), PDFName.of(subsetFontName(name.decodeText(), 'embedded')));
  }
}
