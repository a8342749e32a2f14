import { describe, expect, test } from 'vitest';
import { byteRangeProblems, decodePdfString, derLength, findSignatures, parsePdfDate } from './pdf-signatures';

describe('decodePdfString', () => {
  test.each([
    ['(Hello)', 'Hello'],
    ['(a\\(b\\)c)', 'a(b)c'],
    ['(line\\nbreak)', 'line\nbreak'],
    ['(\\101\\102)', 'AB'],
    ['<48656C6C6F>', 'Hello'],
    ['<FEFF004E0067007500791EC5006E>', 'Nguyễn'],
  ])('%s → %s', (raw, expected) => {
    expect(decodePdfString(raw)).toBe(expected);
  });
});

describe('parsePdfDate', () => {
  test.each([
    ['D:20261123124000Z', '2026-11-23T12:40:00.000Z'],
    ["D:20261123194000+07'00'", '2026-11-23T12:40:00.000Z'],
    ['D:20261123', '2026-11-23T00:00:00.000Z'],
  ])('%s', (raw, iso) => {
    expect(parsePdfDate(raw)?.toISOString()).toBe(iso);
  });
  test('rejects garbage', () => expect(parsePdfDate('yesterday')).toBeUndefined());
});

describe('byteRangeProblems', () => {
  test.each([
    [[0, 100, 200, 50], 250, true, []],
    [[10, 100, 200, 50], 250, true, ['not-from-start']],
    [[0, 100, 200, 60], 250, true, ['beyond-file']],
    [[0, 300, 200, 50], 250, true, ['overlap']],
    [[0, 100, 200, 50], 250, false, ['gap-not-contents']],
  ])('%j in %i bytes', (br, len, gap, expected) => {
    expect(byteRangeProblems(br, len, gap)).toEqual(expected);
  });
});

describe('derLength', () => {
  test.each([
    [[0x30, 0x03, 1, 2, 3, 0, 0], 5],
    [[0x30, 0x81, 0x02, 9, 9, 0, 0], 5],
    [[0x30, 0x82, 0x00, 0x01, 7, 0], 5],
  ])('%j → %i', (bytes, n) => expect(derLength(Uint8Array.from(bytes))).toBe(n));
});

test('findSignatures reads a hand-written signature dictionary', () => {
  const head = '%PDF-1.7\n1 0 obj\n<< /Type /Sig /SubFilter /ETSI.CAdES.detached /ByteRange [0 AAAA BBBB CCCC] /Contents ';
  const contents = '<3003010203000000>';
  const tail = ' /M (D:20261123124000Z) /Name <FEFF004E0067007500791EC5006E> >>\nendobj\n%%EOF\n';
  const a = head.length;
  const c = a + contents.length;
  const d = tail.length;
  const fix = (s: string) =>
    s.replace('AAAA', String(a).padStart(4)).replace('BBBB', String(c).padStart(4)).replace('CCCC', String(d).padStart(4));
  const pdf = new TextEncoder().encode(fix(head) + contents + tail);
  const [sig] = findSignatures(pdf);
  expect(sig?.byteRange).toEqual([0, a, c, d]);
  expect([...(sig?.contents ?? [])]).toEqual([0x30, 0x03, 1, 2, 3]);
  expect(sig?.subFilter).toBe('ETSI.CAdES.detached');
  expect(sig?.name).toBe('Nguyễn');
  expect(parsePdfDate(sig?.m)?.toISOString()).toBe('2026-11-23T12:40:00.000Z');
});
