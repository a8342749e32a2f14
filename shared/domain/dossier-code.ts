/**
 * Dossier code (mã hồ sơ): `<agency identifier>-<yyMMdd>-<4-digit sequence>`,
 * e.g. `000.00.12.H56-251124-0007` (Thông tư 01/2018/TT-VPCP).
 *
 * Uniqueness with several offline counters of one agency: each workstation has
 * a station number 0–9 and owns the block `station*1000 + 1 … station*1000 + 999`
 * of the day's 4-digit sequence. Two PCs can never draw the same number even
 * if neither ever sees the other; a single-PC installation (station 0) issues
 * 0001, 0002 … exactly like the real systems. The cost: at most 999 dossiers a
 * day per workstation and at most 10 workstations per agency code, far above a
 * commune desk's load (a busy one receives a few hundred a day in total).
 */

export const STATIONS = 10;
export const BLOCK_SIZE = 1000;

/** QCVN 102 style identifier: dot-separated groups of letters and digits, e.g. 000.00.12.H56. */
export const AGENCY_CODE_PATTERN = /^[0-9A-Z]{2,4}(\.[0-9A-Z]{2,4}){1,4}$/;

export interface DossierCodeParts {
  agencyCode: string;
  /** yyyy-MM-dd (Vietnam time) */
  date: string;
  sequence: number;
  /** Which workstation issued it. */
  station: number;
}

export function isValidStation(station: number): boolean {
  return Number.isInteger(station) && station >= 0 && station < STATIONS;
}

/** First and last sequence numbers a station may issue in a day. */
export function stationBlock(station: number): { first: number; last: number } {
  if (!isValidStation(station)) throw new RangeError(`station must be 0–${STATIONS - 1}, got ${station}`);
  return { first: station * BLOCK_SIZE + 1, last: station * BLOCK_SIZE + BLOCK_SIZE - 1 };
}

/** The sequence a station issues after `previous` (null: first of the day), or null when its block is used up. */
export function nextSequence(station: number, previous: number | null): number | null {
  const { first, last } = stationBlock(station);
  if (previous === null || previous < first) return first;
  if (previous >= last) return null;
  return previous + 1;
}

export function formatDossierCode(agencyCode: string, date: string, sequence: number): string {
  if (!AGENCY_CODE_PATTERN.test(agencyCode)) throw new RangeError(`agency code not QCVN 102 shaped: ${agencyCode}`);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`date must be yyyy-MM-dd, got ${date}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 9999) throw new RangeError(`sequence out of range: ${sequence}`);
  return `${agencyCode}-${m[1]!.slice(2)}${m[2]}${m[3]}-${String(sequence).padStart(4, '0')}`;
}

export function parseDossierCode(code: string): DossierCodeParts | null {
  const m = /^(.+)-(\d{2})(\d{2})(\d{2})-(\d{4})$/.exec(code.trim().toUpperCase());
  if (!m) return null;
  const [, agencyCode, yy, mm, dd, seq] = m as unknown as [string, string, string, string, string, string];
  if (!AGENCY_CODE_PATTERN.test(agencyCode)) return null;
  const month = Number(mm);
  const day = Number(dd);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const sequence = Number(seq);
  if (sequence < 1) return null;
  return { agencyCode, date: `20${yy}-${mm}-${dd}`, sequence, station: Math.floor(sequence / BLOCK_SIZE) };
}
