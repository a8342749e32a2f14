import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LEASE_POLICY,
  MAX_HALL_STATIONS,
  SEQUENCE_MAX,
  addDays,
  formatDossierCode,
  grantBlock,
  isValidHallStation,
  leaseRemaining,
  leaseRequests,
  nextLeasedSequence,
  nextSequence,
  parseDossierCode,
  stationBlock,
} from './dossier-code';

describe('formatDossierCode', () => {
  it.each([
    ['000.00.12.H56', '2025-11-24', 7, '000.00.12.H56-251124-0007'],
    ['000.00.00.H29', '2026-01-01', 1, '000.00.00.H29-260101-0001'],
    ['000.00.12.H56', '2027-12-31', 9999, '000.00.12.H56-271231-9999'],
    ['000.12.34.H56', '2026-02-16', 2001, '000.12.34.H56-260216-2001'],
  ])('%s %s #%d → %s', (agency, date, seq, code) => {
    expect(formatDossierCode(agency, date, seq)).toBe(code);
    expect(parseDossierCode(code)).toMatchObject({ agencyCode: agency, date, sequence: seq });
  });

  it.each([
    ['bad agency', 'H56', '2025-11-24', 1],
    ['bad date', '000.00.12.H56', '24/11/2025', 1],
    ['sequence 0', '000.00.12.H56', '2025-11-24', 0],
    ['sequence 10000', '000.00.12.H56', '2025-11-24', 10000],
  ])('rejects %s', (_label, agency, date, seq) => {
    expect(() => formatDossierCode(agency, date, seq)).toThrow(RangeError);
  });

  it.each(['000.00.12.H56-251124-007', '000.00.12.H56-251324-0007', 'abc-251124-0007', '000.00.12.H56-251124-0000'])(
    'does not parse %s',
    (code) => expect(parseDossierCode(code)).toBeNull(),
  );
});

describe('station blocks keep offline workstations apart', () => {
  it.each([
    [0, 1, 999],
    [1, 1001, 1999],
    [9, 9001, 9999],
  ])('station %d owns %d…%d', (station, first, last) => {
    expect(stationBlock(station)).toEqual({ first, last });
  });

  it.each([
    [0, null, 1],
    [0, 1, 2],
    [0, 998, 999],
    [0, 999, null],
    [3, null, 3001],
    [3, 3041, 3042],
    [3, 3999, null],
    // A sequence from another block (should never happen) restarts inside our own.
    [3, 12, 3001],
  ])('station %d after %j → %j', (station, previous, next) => {
    expect(nextSequence(station, previous)).toBe(next);
  });

  it('no two stations ever issue the same code on the same day', () => {
    const seen = new Set<number>();
    for (let station = 0; station < 10; station++) {
      let seq: number | null = null;
      for (;;) {
        seq = nextSequence(station, seq);
        if (seq === null) break;
        expect(seen.has(seq)).toBe(false);
        seen.add(seq);
      }
    }
    expect(seen.size).toBe(9990);
  });

  it('parses the issuing station back from the code', () => {
    expect(parseDossierCode('000.00.12.H56-251124-4012')?.station).toBe(4);
  });
});

describe('code leases for a hall of up to 60 workstations', () => {
  it.each([
    ['first block of the day', [], 50, 0, { first: 1, last: 50 }],
    [
      'after granted blocks',
      [
        { first: 1, last: 50 },
        { first: 51, last: 80 },
      ],
      50,
      0,
      { first: 81, last: 130 },
    ],
    [
      'out-of-order ledger',
      [
        { first: 51, last: 80 },
        { first: 1, last: 50 },
      ],
      10,
      0,
      { first: 81, last: 90 },
    ],
    ['above numbers issued before leases', [], 50, 999, { first: 1000, last: 1049 }],
    ['clipped at 9999', [{ first: 1, last: 9990 }], 50, 0, { first: 9991, last: 9999 }],
    ['day used up', [{ first: 1, last: 9999 }], 50, 0, null],
  ])('grantBlock: %s', (_label, granted, size, floor, expected) => {
    expect(grantBlock(granted, size, floor)).toEqual(expected);
  });

  it('grantBlock refuses a size that is not a positive integer', () => {
    expect(() => grantBlock([], 0)).toThrow(RangeError);
    expect(() => grantBlock([], 1.5)).toThrow(RangeError);
  });

  it.each([
    [
      'none yet → first of the lowest lease',
      [
        { first: 51, last: 60 },
        { first: 1, last: 10 },
      ],
      null,
      1,
    ],
    ['inside a lease', [{ first: 1, last: 10 }], 4, 5],
    [
      'end of one lease → start of the next',
      [
        { first: 1, last: 10 },
        { first: 31, last: 40 },
      ],
      10,
      31,
    ],
    [
      'gap between leases is skipped',
      [
        { first: 1, last: 10 },
        { first: 31, last: 40 },
      ],
      20,
      31,
    ],
    ['all used', [{ first: 1, last: 10 }], 10, null],
    ['no lease', [], null, null],
  ])('nextLeasedSequence: %s', (_label, leases, previous, expected) => {
    expect(nextLeasedSequence(leases, previous)).toBe(expected);
  });

  it.each([
    [[{ first: 1, last: 10 }], null, 10],
    [[{ first: 1, last: 10 }], 4, 6],
    [
      [
        { first: 1, last: 10 },
        { first: 31, last: 40 },
      ],
      10,
      10,
    ],
    [
      [
        { first: 1, last: 10 },
        { first: 31, last: 40 },
      ],
      35,
      5,
    ],
    [[], null, 0],
  ])('leaseRemaining(%j, %s) = %d', (leases, previous, expected) => {
    expect(leaseRemaining(leases, previous)).toBe(expected);
  });

  it.each([
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-03-01', -1, '2026-02-28'],
  ])('addDays(%s, %d) = %s', (day, n, expected) => expect(addDays(day, n)).toBe(expected));

  it('asks for a top-up when today runs low and a reserve for each future day without one', () => {
    const policy = { blockSize: 50, reserveDays: 3, reserveSize: 30, lowWater: 15 };
    const held: Record<string, number> = { '2026-12-01': 14, '2026-12-02': 30, '2026-12-03': 0 };
    expect(leaseRequests('2026-12-01', (d) => held[d] ?? 0, policy)).toEqual([
      { day: '2026-12-01', size: 50 },
      { day: '2026-12-03', size: 30 },
      { day: '2026-12-04', size: 30 },
    ]);
    expect(leaseRequests('2026-12-01', () => 40, policy)).toEqual([]);
  });

  it('60 stations with a week of reserves leave most of a day for top-ups', () => {
    const granted: { first: number; last: number }[] = [];
    for (let s = 0; s < MAX_HALL_STATIONS; s++) granted.push(grantBlock(granted, DEFAULT_LEASE_POLICY.reserveSize)!);
    expect(SEQUENCE_MAX - granted.at(-1)!.last).toBeGreaterThan(8000);
    expect(isValidHallStation(60)).toBe(true);
    expect(isValidHallStation(61)).toBe(false);
  });
});
