/**
 * ISO 32000-1 §9.6.4: a font subset's name starts with a tag of six upper-case
 * letters and a plus sign (`ABCDEF+LiberationSerif`), so readers and PDF/A
 * validators know the program is partial. The tag is derived from what the
 * subset holds, so the same text gives the same name and different subsets differ.
 */
import { createHash } from 'node:crypto';

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
