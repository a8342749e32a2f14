/**
 * The only place that holds SQL for the devices and pairing_codes tables; rows are parsed once, here.
 * The service keeps the pairing rules (code life, wrong-code limit, last-seen throttle).
 */
import { z } from 'zod';
import { DeviceRoleSchema, type DeviceRole } from '../../../shared/contract';
import type { Db, Migration } from '../db/database';
import { parseRow, parseRows } from '../db/rows';
import { rewriteInstants } from '../db/instants';

export const devicesMigrations: Migration[] = [
  {
    id: 'trust/001-devices-pairing',
    up: (db) =>
      db.exec(`
        CREATE TABLE devices (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('kiosk', 'display', 'counter-device')),
          credential_hash TEXT NOT NULL UNIQUE,
          paired_at TEXT NOT NULL,
          last_seen_at TEXT,
          revoked_at TEXT
        );
        CREATE TABLE pairing_codes (
          id TEXT PRIMARY KEY,
          code_hash TEXT NOT NULL,
          role TEXT NOT NULL,
          name TEXT NOT NULL,
          created_at TEXT NOT NULL,
          expires_at TEXT NOT NULL,
          used_at TEXT,
          device_id TEXT
        );
      `),
  },
  {
    // Issue 12: instants are stored as Vietnam ISO text (vnIsoMs); rows written as UTC "…Z" text are rewritten.
    id: 'trust/002-vn-instants',
    up: (db) => {
      rewriteInstants(db, 'devices', ['paired_at', 'last_seen_at', 'revoked_at']);
      rewriteInstants(db, 'pairing_codes', ['created_at', 'expires_at', 'used_at']);
    },
  },
];

const DeviceRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: DeviceRoleSchema,
  paired_at: z.string(),
  last_seen_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type DeviceRow = z.output<typeof DeviceRowSchema>;

const PairingCodeRowSchema = z.object({ id: z.string(), role: DeviceRoleSchema, name: z.string() });

export function insertPairingCode(
  db: Db,
  p: { id: string; codeHash: string; role: DeviceRole; name: string; createdAt: string; expiresAt: string },
): void {
  db.prepare('INSERT INTO pairing_codes (id, code_hash, role, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    p.id,
    p.codeHash,
    p.role,
    p.name,
    p.createdAt,
    p.expiresAt,
  );
}

/** The unused, unexpired pairing code with this hash, or undefined. */
export function openPairingCode(db: Db, codeHash: string, now: string): z.output<typeof PairingCodeRowSchema> | undefined {
  const row = db.prepare('SELECT * FROM pairing_codes WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?').get(codeHash, now);
  return parseRow('pairing_codes', PairingCodeRowSchema, row);
}

export function usePairingCode(db: Db, id: string, deviceId: string, at: string): void {
  db.prepare('UPDATE pairing_codes SET used_at = ?, device_id = ? WHERE id = ?').run(at, deviceId, id);
}

/** Every open code is spent at once (too many wrong guesses). */
export function voidOpenPairingCodes(db: Db, at: string): void {
  db.prepare("UPDATE pairing_codes SET used_at = ?, device_id = 'voided' WHERE used_at IS NULL").run(at);
}

export function insertDevice(db: Db, d: { id: string; name: string; role: DeviceRole; credentialHash: string; pairedAt: string }): void {
  db.prepare('INSERT INTO devices (id, name, role, credential_hash, paired_at) VALUES (?, ?, ?, ?, ?)').run(
    d.id,
    d.name,
    d.role,
    d.credentialHash,
    d.pairedAt,
  );
}

/** The device holding this credential (by hash), unless revoked. */
export function activeDeviceByCredential(db: Db, credentialHash: string): DeviceRow | undefined {
  return parseRow(
    'devices',
    DeviceRowSchema,
    db.prepare('SELECT * FROM devices WHERE credential_hash = ? AND revoked_at IS NULL').get(credentialHash),
  );
}

export function deviceById(db: Db, id: string): DeviceRow | undefined {
  return parseRow('devices', DeviceRowSchema, db.prepare('SELECT * FROM devices WHERE id = ?').get(id));
}

/** Active devices first, newest pairing first. */
export function allDevices(db: Db): DeviceRow[] {
  return parseRows('devices', DeviceRowSchema, db.prepare('SELECT * FROM devices ORDER BY revoked_at IS NOT NULL, paired_at DESC').all());
}

export function markSeen(db: Db, id: string, at: string): void {
  db.prepare('UPDATE devices SET last_seen_at = ? WHERE id = ?').run(at, id);
}

export function markRevoked(db: Db, id: string, at: string): void {
  db.prepare('UPDATE devices SET revoked_at = ? WHERE id = ?').run(at, id);
}
