/**
 * ISO 32000-1 §9.6.4: a font subset's name starts with a tag of six upper-case
 * letters and a plus sign (`ABCDEF+LiberationSerif`), so readers and PDF/A
 * validators know the program is partial. The tag is derived from what the
 * subset holds, so the same text gives the same name and different subsets differ.
 */
import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFName, type PDFDocument } from 'pdf-lib';

export function subsetTag(content: string): string {
  const digest = createHash('sha256').update(content).digest();
  let tag = '';
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(0x41 + ((digest[i] ?? 0) % 26));
  return tag;
}

/** `TAG+PostScriptName`, the name without characters PDF names would need escaping for. */
export function subsetFontName(postscriptName: string, content: string): string {
  const base = postscriptName.replace(/^[A-Z]{6}\+/, '').replace(/[^A-Za-z0-9_.-]/g, '') || 'Font';
  return `${subsetTag(content)}+${base}`;
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
    obj.set(PDFName.of(key), PDFName.of(subsetFontName(name.decodeText(), name.decodeText())));
  }
}
