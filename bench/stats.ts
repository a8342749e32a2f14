/** Percentile by nearest rank over a copy of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function summarize(samples: readonly number[]): { p50: number; p95: number; p99: number; max: number } {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), max: Math.max(...samples) };
}

export function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

/** Longest gap between timer ticks on the event loop while `work` runs: how long the UI would have frozen. */
export async function measureLongestStall<T>(work: () => Promise<T>, tickMs = 5): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - tickMs);
    last = now;
  }, tickMs);
  try {
    const result = await work();
    return { result, stallMs: Math.max(0, worst) };
  } finally {
    clearInterval(timer);
  }
}
