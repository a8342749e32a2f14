/**
 * Recorded HID-POS report sequences, written byte by byte from the published
 * layouts (see hid-pos-report.ts for the sources): the Access-IS manual's own
 * two-report example, Honeywell-style AIM reports, and Newland FM430 reports.
 */
import { describe, expect, it } from 'vitest';
import { checkCccdRead } from '../../../shared/domain/code-read-check';
import { HidPosAssembler, MAX_READ_BYTES, decodeRead, encodeReports, isQrSymbology, layoutForVendor } from './hid-pos-report';

/** A 64-byte report: `fields` maps byte offsets to the bytes written there (everything else 0x00). */
function report(fields: Record<number, number[] | string>): Uint8Array {
  const bytes = new Uint8Array(64);
  for (const [offset, value] of Object.entries(fields)) {
    bytes.set(typeof value === 'string' ? Buffer.from(value, 'utf8') : value, Number(offset));
  }
  return bytes;
}

// 'ữ' of "Nữ" (3 bytes) straddles the first report boundary at data byte 56.
const CCCD = '079190001234|025123456|Trần Thị Hương|01021990|Nữ|Số 12 đường Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|15082021';

function aimReports(text: string, aim = ']Q1', code = 's'): Uint8Array[] {
  const data = Buffer.from(text, 'utf8');
  const out: Uint8Array[] = [];
  for (let offset = 0; offset < data.length; offset += 56) {
    const chunk = [...data.subarray(offset, offset + 56)];
    out.push(report({ 0: [0x02], 1: [chunk.length], 2: aim, 5: chunk, 61: code, 63: [offset + 56 < data.length ? 1 : 0] }));
  }
  return out;
}

function feed(assembler: HidPosAssembler, reports: Uint8Array[]) {
  return reports.map((r) => assembler.push(r));
}

describe('HID-POS report reassembly (AIM layout: Honeywell, Access-IS)', () => {
  it('the Access-IS manual example: 56 bytes with "data continued", then 4 bytes', () => {
    const data = 'M1GATHERGOOD/MICHAEL YABCDEF LHRDURAK 3542 052Y003D23   ';
    expect(data).toHaveLength(0x38);
    const first = report({ 0: [0x02], 1: [0x38], 2: ']Q0', 5: data, 61: 's', 62: [0x00], 63: [0x01] });
    const second = report({ 0: [0x02], 1: [0x04], 2: ']Q0', 5: ' 100', 61: 's', 63: [0x00] });
    const a = new HidPosAssembler('aim');
    expect(a.push(first)).toBeNull();
    expect(a.pending).toBe(true);
    const out = a.push(second);
    expect(out).toMatchObject({ kind: 'read', reports: 2, symbology: { aim: ']Q0', vendorCode: 's' } });
    expect(out?.kind === 'read' && decodeRead(out.bytes)).toBe('M1GATHERGOOD/MICHAEL YABCDEF LHRDURAK 3542 052Y003D23    100');
  });

  it('a single-report Code 128 read (a receipt’s dossier code) is not a QR', () => {
    const a = new HidPosAssembler('aim');
    const out = a.push(report({ 0: [0x02], 1: [22], 2: ']C0', 5: '000.00.12.H56-260105-0001'.slice(0, 22), 61: 'j', 63: [0] }));
    expect(out).toMatchObject({ kind: 'read', reports: 1 });
    if (out?.kind !== 'read') throw new Error('no read');
    expect(isQrSymbology(out.symbology, 'aim')).toBe(false);
    expect(decodeRead(out.bytes)).toBe('000.00.12.H56-260105-0');
  });

  it('a CCCD QR over several reports, with a Vietnamese letter split between two reports, decodes intact', () => {
    const data = Buffer.from(CCCD, 'utf8');
    // Find a multi-byte letter crossing a 56-byte boundary, so the test proves the split case.
    const boundaries = [56, 112, 168];
    const split = boundaries.some((b) => (data[b]! & 0xc0) === 0x80);
    expect(split).toBe(true);
    const a = new HidPosAssembler('aim');
    const outputs = feed(a, aimReports(CCCD));
    const last = outputs.at(-1);
    expect(outputs.slice(0, -1).every((o) => o === null)).toBe(true);
    if (last?.kind !== 'read') throw new Error('no read');
    expect(isQrSymbology(last.symbology, 'aim')).toBe(true);
    expect(decodeRead(last.bytes)).toBe(CCCD);
    expect(checkCccdRead(decodeRead(last.bytes), 'hid-pos')).toMatchObject({ ok: true });
  });

  it('Honeywell code ID "s" marks a QR when the AIM identifier is off (bytes 2–4 zero)', () => {
    const a = new HidPosAssembler('aim');
    const out = a.push(report({ 0: [0x02], 1: [5], 5: 'HELLO', 61: 's', 63: [0] }));
    if (out?.kind !== 'read') throw new Error('no read');
    expect(out.symbology).toEqual({ aim: null, vendorCode: 's' });
    expect(isQrSymbology(out.symbology, 'aim')).toBe(true);
  });

  it.each([
    ['length byte beyond the 56-byte data field', report({ 0: [0x02], 1: [57], 2: ']Q1', 63: [0] }), /length byte 57/],
    ['a report shorter than 64 bytes', new Uint8Array([0x02, 3, 0x5d, 0x51, 0x31, 0x41, 0x42, 0x43]), /8 bytes/],
    ['"continued" with no data', report({ 0: [0x02], 1: [0], 2: ']Q1', 63: [1] }), /without data/],
  ])('garbage: %s is refused, not delivered', (_what, bytes, reason) => {
    const out = new HidPosAssembler('aim').push(bytes);
    expect(out).toMatchObject({ kind: 'garbage' });
    expect(out?.kind === 'garbage' && out.reason).toMatch(reason);
  });

  it('reports of another ID (attributes, a keyboard collection) are ignored and do not disturb a read', () => {
    const a = new HidPosAssembler('aim');
    const [first, second] = aimReports('A'.repeat(60));
    expect(a.push(first!)).toBeNull();
    expect(a.push(report({ 0: [0x01], 1: [0x05] }))).toBeNull();
    expect(a.push(new Uint8Array(0))).toBeNull();
    expect(a.push(second!)).toMatchObject({ kind: 'read', reports: 2 });
  });

  it('a symbology that changes in the middle of a read drops it', () => {
    const a = new HidPosAssembler('aim');
    const [first] = aimReports('B'.repeat(60));
    a.push(first!);
    expect(a.push(report({ 0: [0x02], 1: [4], 2: ']C0', 5: 'BBBB', 63: [0] }))).toMatchObject({
      kind: 'garbage',
      reason: expect.stringContaining('symbology'),
    });
    // The next read starts clean.
    expect(a.push(report({ 0: [0x02], 1: [2], 2: ']C0', 5: 'OK', 63: [0] }))).toMatchObject({ kind: 'read', reports: 1 });
  });

  it('truncated: a read whose last report never comes is abandoned with a reason', () => {
    const a = new HidPosAssembler('aim');
    a.push(aimReports(CCCD)[0]!);
    expect(a.abandon()).toMatchObject({ kind: 'garbage', reason: expect.stringContaining('cut off after 1') });
    expect(a.pending).toBe(false);
    expect(a.abandon()).toBeNull();
  });

  it('a stuck reader that never clears "continued" is cut at the size bound', () => {
    const a = new HidPosAssembler('aim');
    const stuck = report({ 0: [0x02], 1: [56], 2: ']Q1', 5: 'X'.repeat(56), 63: [1] });
    let out = null;
    for (let i = 0; i < MAX_READ_BYTES / 56 + 2 && !out; i++) out = a.push(stuck);
    expect(out).toMatchObject({ kind: 'garbage', reason: expect.stringContaining('longer than') });
  });

  it('bytes that are not UTF-8 (a reader set to a code page) decode to U+FFFD, which the read check refuses', () => {
    const latin1 = Buffer.from(CCCD.replace('Trần Thị Hương', 'Tr\u00e2n Thi Hu\u00f4ng'), 'latin1');
    const a = new HidPosAssembler('aim');
    const reports: Uint8Array[] = [];
    for (let offset = 0; offset < latin1.length; offset += 56) {
      const chunk = [...latin1.subarray(offset, offset + 56)];
      reports.push(report({ 0: [0x02], 1: [chunk.length], 2: ']Q1', 5: chunk, 63: [offset + 56 < latin1.length ? 1 : 0] }));
    }
    const out = feed(a, reports).at(-1);
    if (out?.kind !== 'read') throw new Error('no read');
    const text = decodeRead(out.bytes);
    expect(text).toContain('\uFFFD');
    expect(checkCccdRead(text, 'hid-pos')).toMatchObject({ ok: false, problem: 'replacement-char' });
  });
});

describe('HID-POS report reassembly (Newland layout)', () => {
  it('vendor 0x1EAB reads as Newland: data from byte 2, symbology ID at byte 62', () => {
    expect(layoutForVendor(0x1eab)).toBe('newland');
    expect(layoutForVendor(0x0c2e)).toBe('aim');
    const data = Buffer.from(CCCD, 'utf8');
    const reports: Uint8Array[] = [];
    for (let offset = 0; offset < data.length; offset += 56) {
      const chunk = [...data.subarray(offset, offset + 56)];
      reports.push(report({ 0: [0x02], 1: [chunk.length], 2: chunk, 62: 'Q', 63: [offset + 56 < data.length ? 1 : 0] }));
    }
    const a = new HidPosAssembler('newland');
    const out = feed(a, reports).at(-1);
    if (out?.kind !== 'read') throw new Error('no read');
    expect(out.symbology).toEqual({ aim: null, vendorCode: 'Q' });
    expect(isQrSymbology(out.symbology, 'newland')).toBe(true);
    expect(decodeRead(out.bytes)).toBe(CCCD);
  });

  it('the encoder used by the simulated reader and the fuzz target agrees with the recorded layout', () => {
    const data = Buffer.from(CCCD, 'utf8');
    expect(encodeReports(data, 'aim')).toEqual(aimReports(CCCD));
    const a = new HidPosAssembler('newland');
    const out = feed(a, encodeReports(data, 'newland', { aim: null, vendorCode: 'Q' })).at(-1);
    expect(out?.kind === 'read' && decodeRead(out.bytes)).toBe(CCCD);
  });
});
