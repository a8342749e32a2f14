/** The privacy_settings table: the only place with its SQL. */
import type { Db } from '../db/database';
import { parseRow, textColumn } from '../db/rows';

/** The retention period in days, or null when none is set. */
export function retentionDays(db: Db): number | null {
  const value = parseRow(
    'privacy_settings',
    textColumn,
    db.prepare("SELECT value FROM privacy_settings WHERE key = 'retention_days'").pluck().get(),
  );
  return value === undefined ? null : Number(value);
}

export function setRetentionDays(db: Db, days: number | null): void {
  if (days === null) db.prepare("DELETE FROM privacy_settings WHERE key = 'retention_days'").run();
  else
    db.prepare(
      "INSERT INTO privacy_settings (key, value) VALUES ('retention_days', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    ).run(String(days));
}
