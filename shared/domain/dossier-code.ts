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

/*
 * Code leases: a hall of up to 60 workstations.
 *
 * The fixed blocks above allow 10 stations. In a hall, the hub owns each day's
 * sequence 1–9999 of the agency and hands numbers out in leases: a block of
 * consecutive numbers of one day, granted to one workstation, never granted
 * again. A workstation issues codes only from leases it holds, so two codes
 * can never collide even when neither PC sees the other. It holds leases ahead
 * of time: a working block for today (topped up while the hub answers) and a
 * reserve block for each of the next days, so a counter cut off from the hub
 * for a week still receives dossiers. The code stays the legal
 * `<agency>-<yyMMdd>-<4 digits>`; which PC issued it is in the hub's lease
 * ledger, not in the digits.
 */

export const SEQUENCE_MAX = 9999;
/** Workstations a hall may have (station numbers 0–60; 0 is the hub's own desk). */
export const MAX_HALL_STATIONS = 60;

export interface SequenceBlock {
  first: number;
  last: number;
}

export interface CodeLease extends SequenceBlock {
  /** yyyy-MM-dd, Vietnam time. */
  day: string;
}

export interface LeasePolicy {
  /** Numbers in one top-up of today's lease. */
  blockSize: number;
  /** Days after today a workstation holds a reserve lease for (offline days). */
  reserveDays: number;
  /** Numbers in the reserve lease of each future day. */
  reserveSize: number;
  /** Ask for a top-up when fewer than this many numbers of today are left. */
  lowWater: number;
}

/**
 * 60 stations × 7 days of reserve × 30 numbers leave more than 8 000 numbers a
 * day for top-ups: a day's pool is not used up by reserves.
 */
export const DEFAULT_LEASE_POLICY: LeasePolicy = { blockSize: 50, reserveDays: 7, reserveSize: 30, lowWater: 15 };

export function isValidHallStation(station: number): boolean {
  return Number.isInteger(station) && station >= 0 && station <= MAX_HALL_STATIONS;
}

/**
 * Hub side: the next block of a day after every block already granted and
 * every number already used (`floor`: the highest sequence issued that day
 * outside leases, e.g. before the hall used leases). Null when the day's
 * 9999 numbers are gone.
 */
export function grantBlock(granted: readonly SequenceBlock[], size: number, floor = 0): SequenceBlock | null {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`lease size must be a positive integer, got ${size}`);
  const top = granted.reduce((max, b) => Math.max(max, b.last), Math.max(0, floor));
  if (top >= SEQUENCE_MAX) return null;
  return { first: top + 1, last: Math.min(SEQUENCE_MAX, top + size) };
}

/** Workstation side: the sequence to issue after `previous` (null: none yet that day) from the day's leases, or null when they are used up. */
export function nextLeasedSequence(leases: readonly SequenceBlock[], previous: number | null): number | null {
  const sorted = [...leases].sort((a, b) => a.first - b.first);
  for (const lease of sorted) {
    if (previous === null || previous < lease.first) return lease.first;
    if (previous < lease.last) return previous + 1;
  }
  return null;
}

/** Numbers still free in the day's leases after `previous`. */
export function leaseRemaining(leases: readonly SequenceBlock[], previous: number | null): number {
  return leases.reduce((sum, l) => sum + Math.max(0, l.last - Math.max(l.first - 1, previous ?? 0)), 0);
}

/** yyyy-MM-dd plus n calendar days. */
export function addDays(day: string, n: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new RangeError(`date must be yyyy-MM-dd, got ${day}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + n);
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * What a workstation should ask the hub for now: a top-up of today when it
 * runs low, and a reserve for each of the next days it holds nothing for.
 * `held(day)` answers the numbers still free that day.
 */
export function leaseRequests(
  today: string,
  held: (day: string) => number,
  policy: LeasePolicy = DEFAULT_LEASE_POLICY,
): { day: string; size: number }[] {
  const out: { day: string; size: number }[] = [];
  if (held(today) < policy.lowWater) out.push({ day: today, size: policy.blockSize });
  for (let i = 1; i <= policy.reserveDays; i++) {
    const day = addDays(today, i);
    if (held(day) < Math.min(policy.lowWater, policy.reserveSize)) out.push({ day, size: policy.reserveSize });
  }
  return out;
}
