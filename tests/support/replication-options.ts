/** Workstation replication tuned for tests: short pull interval and backoff (no vitest import: child processes load it too). */
export const FAST_WORKSTATION = {
  pullIntervalMs: 100,
  hubWaitMs: 1500,
  engine: { backoffBaseMs: 20, backoffMaxMs: 300, breakerThreshold: 50, breakerCooldownMs: 100, idlePollMs: 20, maxUnknownAttempts: 200 },
};
