import { describe, expect, it } from 'vitest';
import { formatDossierCode, nextSequence, parseDossierCode, stationBlock } from './dossier-code';

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
