import { describe, expect, test } from 'vitest';
import { certificateStatus, cnOf, decodeKeyUsage, pinState, pinWarning, refuseReason } from './cert-rules';

const d = (s: string) => new Date(s);

describe('certificateStatus', () => {
  test.each([
    ['2026-01-01', '2027-01-01', '2026-06-01', 'valid'],
    ['2026-01-01', '2027-01-01', '2027-01-02', 'expired'],
    ['2026-01-01', '2027-01-01', '2025-12-31', 'not-yet-valid'],
    ['2026-01-01', '2027-01-01', '2026-01-01', 'valid'],
  ] as const)('%s..%s at %s → %s', (from, to, now, expected) => {
    expect(certificateStatus(d(from), d(to), d(now))).toBe(expected);
  });
  test('refuses expired and not-yet-valid only', () => {
    expect(refuseReason('valid')).toBeNull();
    expect(refuseReason('expired')).toMatch(/hết hạn/);
    expect(refuseReason('not-yet-valid')).toMatch(/chưa đến ngày/);
  });
});

describe('decodeKeyUsage', () => {
  test.each([
    [[0x80], ['digitalSignature']],
    [[0xc0], ['digitalSignature', 'nonRepudiation']],
    [[0x06], ['keyCertSign', 'cRLSign']],
    [[0x00, 0x80], ['decipherOnly']],
    [[], []],
  ])('%j → %j', (bits, expected) => {
    expect(decodeKeyUsage(Uint8Array.from(bits))).toEqual(expected);
  });
});

describe('PIN flags', () => {
  test.each([
    [0, null],
    [0x10000, /ít/],
    [0x30000, /MỘT lần/],
    [0x70000, /bị khóa/],
  ] as const)('flags %i', (flags, expected) => {
    const warning = pinWarning(pinState(flags));
    if (expected === null) expect(warning).toBeNull();
    else expect(warning).toMatch(expected);
  });
});

describe('cnOf', () => {
  test.each([
    ['CN=Nguyen Van A\nO=UBND', 'Nguyen Van A'],
    ['O=DEMO\nCN=DEMO - a\\, b', 'DEMO - a, b'],
    ['O=Only org', undefined],
  ])('%j', (dn, cn) => expect(cnOf(dn)).toBe(cn));
});
