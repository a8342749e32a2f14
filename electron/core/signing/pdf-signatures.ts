/**
 * Finds the signatures in a PDF's raw bytes (pure, no crypto): each signature
 * dictionary's /ByteRange, its /Contents hex, and the few entries the
 * verification view shows. Works on incrementally updated files, where the
 * dictionaries are plain objects (a signed PDF keeps them out of object streams).
 */

export interface RawSignature {
  /** Pairs of (start, length): two in the usual case, any number in a legal one. */
  byteRange: number[];
  /** DER of the CMS (trailing zero padding removed). */
  contents: Uint8Array;
  subFilter?: string;
  /** /M as written, e.g. D:20261123124000Z. */
  m?: string;
  name?: string;
  reason?: string;
}

export type ByteRangeProblem = 'not-from-start' | 'gap-not-contents' | 'beyond-file' | 'overlap';

const latin1 = (bytes: Uint8Array, start = 0, end = bytes.length) =>
  Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');

/** Decodes a PDF literal string body (with escapes) or hex string into text (PDFDocEncoding ≈ latin1, or UTF-16BE with BOM). */
export function decodePdfString(raw: string): string {
  let bytes: number[];
  if (raw.startsWith('<')) {
    const hex = raw.slice(1, -1).replace(/\s+/g, '');
    bytes = [];
    for (let i = 0; i < hex.length; i += 2) bytes.push(parseInt(hex.slice(i, i + 2).padEnd(2, '0'), 16));
  } else {
    const body = raw.slice(1, -1);
    bytes = [];
    for (let i = 0; i < body.length; i++) {
      const c = body[i] as string;
      if (c !== '\\') {
        bytes.push(c.charCodeAt(0) & 0xff);
        continue;
      }
      const n = body[++i] ?? '';
      const simple: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
      if (n in simple) bytes.push(simple[n] as number);
      else if (/[0-7]/.test(n)) {
        let oct = n;
        while (oct.length < 3 && /[0-7]/.test(body[i + 1] ?? '')) oct += body[++i];
        bytes.push(parseInt(oct, 8) & 0xff);
      }
    }
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    let s = '';
    for (let i = 2; i + 1 < bytes.length; i += 2) s += String.fromCharCode(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
    return s;
  }
  return String.fromCharCode(...bytes);
}

/** A string value `/Key (…)` or `/Key <…>` inside a dictionary text. */
function stringEntry(dict: string, key: string): string | undefined {
  const m = new RegExp(`/${key}\\s*(\\((?:\\\\.|[^\\\\)])*\\)|<[0-9A-Fa-f\\s]*>)`).exec(dict);
  return m?.[1] ? decodePdfString(m[1]) : undefined;
}

/** Length of a DER TLV at the start of `bytes`, or the whole length when malformed. */
export function derLength(bytes: Uint8Array): number {
  if (bytes.length < 2) return bytes.length;
  const first = bytes[1] ?? 0;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n === 0 || n > 4) return bytes.length;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + (bytes[2 + i] ?? 0);
  return Math.min(bytes.length, 2 + n + len);
}

export function findSignatures(pdf: Uint8Array): RawSignature[] {
  const text = latin1(pdf);
  const found: RawSignature[] = [];
  const re = /\/ByteRange\s*\[([\d\s]+)\]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const byteRange = (m[1] ?? '').trim().split(/\s+/).map(Number);
    // The dictionary around it: from the last "obj" before to the first "endobj" after.
    const start = text.lastIndexOf(' obj', m.index);
    const endObj = text.indexOf('endobj', m.index);
    const dictText = text.slice(start < 0 ? m.index : start, endObj < 0 ? undefined : endObj);
    // /Contents is read from the dictionary itself: an unusual ByteRange need not border it.
    const hex = /\/Contents\s*<([0-9A-Fa-f\s]*)>/.exec(dictText)?.[1]?.replace(/\s+/g, '') ?? '';
    const der = Buffer.from(hex, 'hex');
    const contents = new Uint8Array(der.subarray(0, derLength(der)));
    // Skip the Contents hex itself when reading other entries (it can be huge).
    const dictWithoutContents = dictText.replace(/\/Contents\s*<[0-9A-Fa-f\s]*>/, '');
    found.push({
      byteRange,
      contents,
      subFilter: /\/SubFilter\s*\/([A-Za-z0-9.]+)/.exec(dictWithoutContents)?.[1],
      m: stringEntry(dictWithoutContents, 'M'),
      name: stringEntry(dictWithoutContents, 'Name'),
      reason: stringEntry(dictWithoutContents, 'Reason'),
    });
  }
  return found;
}

export function byteRangeProblems(br: readonly number[], fileLength: number, gapIsContents: boolean): ByteRangeProblem[] {
  const [a = -1, b = -1, c = -1, d = -1] = br;
  const problems: ByteRangeProblem[] = [];
  if (a !== 0) problems.push('not-from-start');
  if (c < a + b) problems.push('overlap');
  if (c + d > fileLength) problems.push('beyond-file');
  if (!gapIsContents) problems.push('gap-not-contents');
  return problems;
}

/** Parses /M (D:YYYYMMDDHHmmSS with offset) into a Date. */
export function parsePdfDate(value: string | undefined): Date | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?/.exec(value ?? '');
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = sign === '+' || sign === '-' ? (sign === '+' ? 1 : -1) * (Number(oh) * 60 + Number(om)) : 0;
  return new Date(utc - offset * 60_000);
}
