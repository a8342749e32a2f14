/**
 * One process syncs a data directory at a time (two would stay correct thanks to
 * the keys, but could send an update where one create would do). The claim is a
 * row with pid, host and a heartbeat; a dead pid or a stale heartbeat frees it.
 */
import os from 'node:os';
import { z } from 'zod';
import type { Db } from '../db/database';
import type { SettingsStore } from './settings-store';

const ClaimSchema = z.object({ pid: z.number().int(), host: z.string(), at: z.number() });

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

function readClaim(raw: string | undefined): z.infer<typeof ClaimSchema> | null {
  if (!raw) return null;
  const parsed = ClaimSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}

export class RunnerLock {
  private lastClaimAt = 0;

  constructor(
    private readonly db: Db,
    private readonly store: SettingsStore,
  ) {}

  /** The pid of the other runner, or null when this process holds the claim. */
  claim(): number | null {
    const now = Date.now();
    if (now - this.lastClaimAt < 5000 && this.lastClaimAt > 0) return null;
    const other = this.db
      .transaction((): number | null => {
        const held = readClaim(this.store.get('runner'));
        if (held && held.pid !== process.pid && now - held.at < 30_000) {
          if (held.host !== os.hostname() || processAlive(held.pid)) return held.pid;
        }
        this.store.set('runner', JSON.stringify({ pid: process.pid, host: os.hostname(), at: now }));
        return null;
      })
      .immediate();
    if (other === null) this.lastClaimAt = now;
    return other;
  }

  release(): void {
    if (this.lastClaimAt === 0) return;
    this.lastClaimAt = 0;
    if (readClaim(this.store.get('runner'))?.pid === process.pid) this.store.set('runner', null);
  }
}
