import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { testCore } from '../../../tests/support/core';
import { backoffDelay, CircuitBreaker, withinSchedule } from './engine';

describe('backoff with full jitter', () => {
  it.each([
    [0, 0.999, 1000],
    [3, 0.999, 8000],
    [20, 0.999, 60_000],
    [5, 0, 250],
  ])('attempt %i, random %f → at most %i ms', (attempt, r, max) => {
    const d = backoffDelay(attempt, 1000, 60_000, () => r);
    expect(d).toBeLessThanOrEqual(max);
    expect(d).toBeGreaterThanOrEqual(250);
    if (r > 0.9) expect(d).toBeGreaterThan(max * 0.9);
  });
});

describe('circuit breaker', () => {
  it('opens after the threshold, half-opens after the cooldown, closes on success', () => {
    const b = new CircuitBreaker(3, 1000);
    b.record(false, 0);
    b.record(false, 0);
    expect(b.state(0)).toBe('closed');
    b.record(false, 0);
    expect(b.state(10)).toBe('open');
    expect(b.blockedUntil(10)).toBe(1000);
    expect(b.state(1000)).toBe('half-open');
    // The probe fails: open again, for longer.
    b.record(false, 1000);
    expect(b.state(2500)).toBe('open');
    expect(b.state(3000)).toBe('half-open');
    b.record(true, 3000);
    expect(b.state(3000)).toBe('closed');
  });
});

describe('schedule window (Vietnam time)', () => {
  // 10:00 UTC = 17:00 in Vietnam; 01:00 UTC = 08:00.
  it.each([
    [null, '2025-11-24T03:00:00Z', true],
    [{ from: '17:30', to: '07:00' }, '2025-11-24T10:00:00Z', false],
    [{ from: '17:30', to: '07:00' }, '2025-11-24T10:30:00Z', true],
    [{ from: '17:30', to: '07:00' }, '2025-11-24T23:59:00Z', true],
    [{ from: '17:30', to: '07:00' }, '2025-11-25T00:30:00Z', false],
    [{ from: '17:30', to: '07:00' }, '2025-11-24T22:00:00Z', true],
    [{ from: '12:00', to: '13:30' }, '2025-11-24T05:15:00Z', true],
    [{ from: '12:00', to: '13:30' }, '2025-11-24T06:30:00Z', false],
  ])('%j at %s → %s', (schedule, iso, expected) => {
    expect(withinSchedule(schedule, Date.parse(iso))).toBe(expected);
  });
});

describe('one sync runner per data directory', () => {
  it('refuses to run while another live process holds the claim, and takes over from a dead one', async () => {
    const core = testCore({ seedDemo: false, provincial: { url: 'http://127.0.0.1:9', username: 'u', password: 'p', autoStart: false } });
    try {
      const hold = (pid: number) =>
        core.db
          .prepare(`INSERT INTO sync_settings (key, value) VALUES ('runner', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`)
          .run(JSON.stringify({ pid, host: os.hostname(), at: Date.now() }));
      hold(process.ppid);
      await expect(core.sync.engine!.runOnce()).rejects.toThrow(`tiến trình khác (pid ${process.ppid})`);
      const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
      hold(dead);
      await expect(core.sync.engine!.runOnce({ maxMs: 100 })).resolves.toMatchObject({ pending: 0 });
      // Released at the end of the run.
      expect(core.db.prepare(`SELECT value FROM sync_settings WHERE key = 'runner'`).get()).toBeUndefined();
    } finally {
      await core.close();
    }
  });
});
