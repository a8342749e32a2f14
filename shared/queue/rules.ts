/**
 * Pure rules of the hall queue: business day, opening hours, ticket numbers,
 * which ticket a counter calls next, estimated wait, age from a CCCD QR.
 * No Node, no DOM: used by the hub and by the kiosk.
 */

import { VN_OFFSET_MINUTES, vnParts } from '../vn-time';

/** Vietnam has one time zone, UTC+7, and no daylight saving (shared/vn-time.ts). */
export const VIETNAM_OFFSET_MINUTES = VN_OFFSET_MINUTES;

export function minutesOfHhMm(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Vietnam wall-clock parts of an instant. */
export function vietnamParts(at: Date): { year: number; month: number; day: number; hour: number; minute: number } {
  const { year, month, day, hour, minute } = vnParts(at);
  return { year, month, day, hour, minute };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * The business day (yyyy-MM-dd) a ticket issued at `at` belongs to: numbering
 * starts again at `resetTime` (Vietnam time) every day. Before the reset time
 * the previous day's numbering goes on.
 */
export function businessDay(at: Date, resetTime = '00:00'): string {
  const shifted = new Date(at.getTime() - minutesOfHhMm(resetTime) * 60_000);
  const p = vietnamParts(shifted);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** Whether the hall takes tickets at `at` (Vietnam time). `close` <= `open` means open past midnight. */
export function isOpenAt(at: Date, hours: { open: string; close: string; enforce: boolean }): boolean {
  if (!hours.enforce) return true;
  const p = vietnamParts(at);
  const now = p.hour * 60 + p.minute;
  const open = minutesOfHhMm(hours.open);
  const close = minutesOfHhMm(hours.close);
  return open < close ? now >= open && now < close : now >= open || now < close;
}

/** "A" + 7 within 1–999 → "A007": zero-padded to the width of the range's last number. */
export function formatTicketNumber(prefix: string, seq: number, rangeEnd: number): string {
  return `${prefix}${pad(seq, String(rangeEnd).length)}`;
}

export interface QueueCandidate {
  id: string;
  serviceId: string;
  priority: boolean;
  /** Smaller is earlier: issue time, or the time it was put back by a skip or transfer. */
  order: number;
  targetCounterId: string | null;
}

export interface CallPolicy {
  mode: 'strict' | 'alternate';
  normalPerPriority: number;
}

/** Tickets this counter may call: its services, or transferred to it by name. */
export function eligibleFor<T extends QueueCandidate>(
  candidates: readonly T[],
  counter: { id: string; serviceIds: readonly string[] },
): T[] {
  return candidates
    .filter((c) => (c.targetCounterId ? c.targetCounterId === counter.id : counter.serviceIds.includes(c.serviceId)))
    .sort((a, b) => a.order - b.order);
}

/**
 * The ticket a counter calls next. `normalsSincePriority` counts normal tickets
 * this counter called since its last priority one.
 * - strict: the earliest priority ticket if any, else the earliest normal one;
 * - alternate: one priority ticket after every `normalPerPriority` normal ones
 *   (so priority citizens are served first, yet the normal queue keeps moving).
 */
export function pickNext<T extends QueueCandidate>(
  candidates: readonly T[],
  counter: { id: string; serviceIds: readonly string[] },
  policy: CallPolicy,
  normalsSincePriority: number,
): T | null {
  const eligible = eligibleFor(candidates, counter);
  const priority = eligible.find((c) => c.priority);
  const normal = eligible.find((c) => !c.priority);
  if (!priority) return normal ?? null;
  if (!normal) return priority;
  if (policy.mode === 'strict') return priority;
  return normalsSincePriority >= policy.normalPerPriority ? priority : normal;
}

/** The order in which `pickNext` would call every eligible ticket (for the counter's list and the kiosk's "people ahead"). */
export function callOrder<T extends QueueCandidate>(
  candidates: readonly T[],
  counter: { id: string; serviceIds: readonly string[] },
  policy: CallPolicy,
  normalsSincePriority: number,
): T[] {
  const left = eligibleFor(candidates, counter);
  const out: T[] = [];
  let normals = normalsSincePriority;
  while (left.length > 0) {
    const next = pickNext(left, counter, policy, normals);
    if (!next) break;
    out.push(next);
    left.splice(left.indexOf(next), 1);
    normals = next.priority ? 0 : normals + 1;
  }
  return out;
}

/** Minutes until a citizen with `ahead` people before them is called, with `counters` counters serving the service. */
export function estimateWaitMinutes(ahead: number, counters: number, serviceMinutes: number): number {
  if (ahead <= 0) return 0;
  return Math.ceil((ahead * serviceMinutes) / Math.max(1, counters));
}

/** Age in whole years on the Vietnam calendar day of `at`; `birthDate` is yyyy-MM-dd (as `parseCccdQr` gives it). */
export function ageOn(birthDate: string, at: Date): number {
  const [year = 0, month = 0, day = 0] = birthDate.split('-').map(Number);
  const birth = { year, month, day };
  const p = vietnamParts(at);
  let age = p.year - birth.year;
  if (p.month < birth.month || (p.month === birth.month && p.day < birth.day)) age -= 1;
  return age;
}
