/** Tuning of the sync engine (its own module so adapters and the config can name it without importing the engine). */
export interface EngineOptions {
  concurrency: number;
  chunkSize: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Consecutive failed requests that open the breaker. */
  breakerThreshold: number;
  breakerCooldownMs: number;
  /**
   * Attempts after which an item the receiver keeps refusing as unknown, or as missing a file it was
   * just sent again, is given up (needs attention).
   */
  maxUnknownAttempts: number;
  pullIntervalMs: number;
  idlePollMs: number;
  sampleIntervalMs: number;
  /** Status look-ups (TraCuuHoSo) per pull round, and at most this many per second. */
  lookupBatch: number;
  lookupPerSecond: number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  concurrency: 4,
  chunkSize: 1024 * 1024,
  backoffBaseMs: 1000,
  backoffMaxMs: 5 * 60_000,
  breakerThreshold: 8,
  breakerCooldownMs: 10_000,
  maxUnknownAttempts: 8,
  pullIntervalMs: 30_000,
  idlePollMs: 1000,
  sampleIntervalMs: 10_000,
  lookupBatch: 50,
  lookupPerSecond: 5,
};
