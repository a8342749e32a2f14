/** When the engine may send, and how fast: schedule window, backoff, circuit breaker, bandwidth throttle. */
import { minutesOfHhMm } from '../../../shared/queue/rules';
import { vnParts } from '../../../shared/vn-time';

export interface SyncSchedule {
  /** `HH:mm`, Vietnam time; a window may wrap midnight (17:30–07:00). */
  from: string;
  to: string;
}

/** Minutes since midnight, Vietnam time. */
function vnMinutes(now: number): number {
  const { hour, minute } = vnParts(now);
  return hour * 60 + minute;
}

export function withinSchedule(schedule: SyncSchedule | null, now: number): boolean {
  if (!schedule) return true;
  const t = vnMinutes(now);
  const from = minutesOfHhMm(schedule.from);
  const to = minutesOfHhMm(schedule.to);
  return from <= to ? t >= from && t < to : t >= from || t < to;
}

/** Exponential backoff with full jitter: uniform in [0, min(max, base·2^attempt)]. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.max(baseMs / 4, Math.floor(random() * ceiling));
}

/** Circuit breaker over request outcomes. */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private opens = 0;
  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
  ) {}
  record(ok: boolean, now = Date.now()): void {
    if (ok) {
      this.failures = 0;
      this.opens = 0;
      this.openUntil = 0;
      return;
    }
    this.failures += 1;
    if (this.failures >= this.threshold) {
      this.opens += 1;
      this.openUntil = now + Math.min(this.cooldownMs * 2 ** (this.opens - 1), this.cooldownMs * 16);
      this.failures = this.threshold - 1; // half-open: one more failure re-opens at once
    }
  }
  state(now = Date.now()): 'closed' | 'open' | 'half-open' {
    if (this.openUntil === 0) return 'closed';
    return now < this.openUntil ? 'open' : 'half-open';
  }
  /** When requests may flow again (0 when they may now). */
  blockedUntil(now = Date.now()): number {
    return now < this.openUntil ? this.openUntil : 0;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Token bucket shared by every upload (bytes per second; 0 = no limit). */
export class Throttle {
  private available = 0;
  private last = Date.now();
  constructor(public rate: number) {}
  async take(bytes: number): Promise<void> {
    while (this.rate > 0) {
      const now = Date.now();
      this.available = Math.min(this.rate, this.available + ((now - this.last) / 1000) * this.rate);
      this.last = now;
      if (this.available >= Math.min(bytes, this.rate)) {
        this.available -= bytes;
        return;
      }
      await sleep(Math.max(5, ((Math.min(bytes, this.rate) - this.available) / this.rate) * 1000));
    }
  }
}
