/**
 * The engine's persisted settings (`sync_settings`): pause, bandwidth, schedule, link overrides, cursors.
 * The only place with that table's SQL (the other sync tables are in sync-store.ts).
 */
import { z } from 'zod';
import type { Db } from '../db/database';
import { parseRow, textColumn } from '../db/rows';
import type { ProvincialProfile } from './adapter';
import type { SyncSchedule } from './scheduling';

export interface SyncSettings {
  paused: boolean;
  bandwidthBytesPerSec: number;
  schedule: SyncSchedule | null;
}

/** Link settings the supervisor may set over the configuration (null = as configured). */
export interface LinkOverrides {
  profile: ProvincialProfile | null;
  authPath: string | null;
  servicePath: string | null;
  dstcode: string | null;
  publicFileUrl: string | null;
}

const ScheduleSchema = z.object({ from: z.string(), to: z.string() });
const LINK_KEYS = {
  profile: 'link.profile',
  authPath: 'link.authPath',
  servicePath: 'link.servicePath',
  dstcode: 'link.dstcode',
  publicFileUrl: 'link.publicFileUrl',
} as const;

export class SettingsStore {
  constructor(private readonly db: Db) {}

  get(key: string): string | undefined {
    return parseRow('sync_settings', textColumn, this.db.prepare('SELECT value FROM sync_settings WHERE key = ?').pluck().get(key));
  }

  set(key: string, value: string | null): void {
    if (value === null) this.db.prepare('DELETE FROM sync_settings WHERE key = ?').run(key);
    else
      this.db
        .prepare('INSERT INTO sync_settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
        .run(key, value);
  }

  settings(): SyncSettings {
    const schedule = this.get('schedule');
    const parsed = schedule ? ScheduleSchema.safeParse(JSON.parse(schedule)) : null;
    return {
      paused: this.get('paused') === '1',
      bandwidthBytesPerSec: Number(this.get('bandwidth') ?? 0) || 0,
      schedule: parsed?.success ? parsed.data : null,
    };
  }

  configure(change: Partial<SyncSettings>): void {
    if (change.paused !== undefined) this.set('paused', change.paused ? '1' : '0');
    if (change.bandwidthBytesPerSec !== undefined) this.set('bandwidth', String(Math.max(0, Math.floor(change.bandwidthBytesPerSec))));
    if (change.schedule !== undefined) this.set('schedule', change.schedule ? JSON.stringify(change.schedule) : null);
  }

  link(): LinkOverrides {
    const profile = this.get(LINK_KEYS.profile);
    return {
      profile: profile === 'dvcqg' || profile === 'motcua' ? profile : null,
      authPath: this.get(LINK_KEYS.authPath) ?? null,
      servicePath: this.get(LINK_KEYS.servicePath) ?? null,
      dstcode: this.get(LINK_KEYS.dstcode) ?? null,
      publicFileUrl: this.get(LINK_KEYS.publicFileUrl) ?? null,
    };
  }

  setLink(change: Partial<LinkOverrides>): void {
    for (const [name, key] of Object.entries(LINK_KEYS) as [keyof LinkOverrides, string][]) {
      const value = change[name];
      if (value !== undefined) this.set(key, value === null || value === '' ? null : value);
    }
  }
}
