import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loginAs, testCore } from '../../../tests/support/core';
import { MIGRATIONS, type Core } from '../app';
import { migrate, type Db } from './database';
import { parseRows } from './rows';

// Issue 12: instants were stored four ways (UTC "…Z" text, +07:00 text, epoch ms, yyyyMMddHHmmss). They are
// now Vietnam ISO text; each module's "<module>/…-vn-instants" migration rewrites rows written the old way.
const VN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+07:00$/;
const NEW = new Set(MIGRATIONS.map((m) => m.id).filter((id) => id.endsWith('-vn-instants')));
const T = Date.parse('2026-11-23T01:02:03.456Z'); // 08:02:03.456 in Vietnam
const UTC = new Date(T).toISOString();

/** Every table and instant column, with one row written the way the code before issue 12 wrote it. */
const OLD_ROWS: { table: string; columns: string[]; insert: string; old: string | number }[] = [
  { table: 'accounts', columns: ['locked_until', 'last_login_at', 'created_at'], insert: "INSERT INTO accounts (id, username, display_name, role, password_hash, locked_until, last_login_at, created_at) VALUES ('a', 'a', 'A', 'officer', 'h', ?, ?, ?)", old: UTC },
  { table: 'sessions', columns: ['created_at', 'expires_at', 'ended_at'], insert: "INSERT INTO sessions (id, token_hash, account_id, created_at, expires_at, ended_at) VALUES ('s', 't', 'a', ?, ?, ?)", old: UTC },
  { table: 'devices', columns: ['paired_at', 'last_seen_at', 'revoked_at'], insert: "INSERT INTO devices (id, name, role, credential_hash, paired_at, last_seen_at, revoked_at) VALUES ('d', 'D', 'kiosk', 'c', ?, ?, ?)", old: UTC },
  { table: 'pairing_codes', columns: ['created_at', 'expires_at', 'used_at'], insert: "INSERT INTO pairing_codes (id, code_hash, role, name, created_at, expires_at, used_at) VALUES ('p', 'h', 'kiosk', 'P', ?, ?, ?)", old: UTC },
  { table: 'hall_workstations', columns: ['reported_at'], insert: "INSERT INTO hall_workstations (device_id, station, version, backlog_json, health_json, reported_at) VALUES ('d', 1, '1', '{}', '[]', ?)", old: UTC },
  { table: 'hall_hub_sessions', columns: ['expires_at'], insert: "INSERT INTO hall_hub_sessions (session_id, hub_token, expires_at) VALUES ('s', 't', ?)", old: UTC },
  { table: 'procedure_versions', columns: ['imported_at'], insert: "INSERT INTO procedure_versions (code, version, data, imported_at) SELECT code, 99, '{}', ? FROM procedures LIMIT 1", old: UTC },
  { table: 'digitize_batches', columns: ['created_at'], insert: "INSERT INTO digitize_batches (id, name, created_at) VALUES ('b', 'B', ?)", old: UTC },
  { table: 'printer_demo_prints', columns: ['at'], insert: "INSERT INTO printer_demo_prints (ticket_id, number, sha256, at) VALUES ('t', 'A001', 'x', ?)", old: UTC },
  { table: 'hall_applied', columns: ['at'], insert: "INSERT INTO hall_applied (key, outcome, station, at) VALUES ('k', 'applied', 1, ?)", old: T },
  { table: 'hall_code_leases', columns: ['granted_at'], insert: "INSERT INTO hall_code_leases (agency_code, day, station, first, last, granted_at) VALUES ('X', '2026-11-23', 1, 1, 50, ?)", old: T },
  { table: 'hall_station_bindings', columns: ['bound_at'], insert: "INSERT INTO hall_station_bindings (device_id, station, bound_at) VALUES ('d', 1, ?)", old: T },
];

function column(db: Db, table: string, name: string): unknown[] {
  return parseRows(table, z.unknown(), db.prepare(`SELECT ${name} FROM ${table}`).pluck().all());
}

const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

describe('one stored instant format (issue 12)', () => {
  it('every module rewrites its rows written the old way (UTC text, epoch ms) to the same instants in +07:00 text', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((m) => !NEW.has(m.id)));
    db.prepare("INSERT OR IGNORE INTO procedures (code, current_version) VALUES ('1.000001', 1)").run();
    for (const r of OLD_ROWS) db.prepare(r.insert).run(...r.columns.map(() => r.old));
    migrate(db, MIGRATIONS);
    for (const r of OLD_ROWS) {
      for (const c of r.columns) {
        const values = column(db, r.table, c);
        expect(values, `${r.table}.${c}`).toEqual(['2026-11-23T08:02:03.456+07:00']);
      }
    }
    for (const applied of column(db, 'schema_migrations', 'applied_at')) expect(String(applied)).toMatch(VN);
    // The epoch columns are declared TEXT now, so the schema says what the rows hold.
    const declared = parseRows('pragma', z.object({ name: z.string(), type: z.string() }), db.prepare('PRAGMA table_info(hall_applied)').all());
    expect(declared.find((c) => c.name === 'at')?.type).toBe('TEXT');
  });

  it('a session opened before the upgrade is still valid after it, and a lock still holds', async () => {
    const c = testCore({ devices: { printer: 'off' } });
    cores.push(c);
    const { token } = await loginAs(c, 'officer');
    c.db.prepare("UPDATE accounts SET locked_until = ? WHERE username LIKE 'officer%'").run(new Date(Date.now() + 3_600_000).toISOString());
    // Back to the old way: UTC text, and the migration not applied.
    for (const r of OLD_ROWS.filter((o) => o.table === 'accounts' || o.table === 'sessions')) {
      for (const col of r.columns) c.db.prepare(`UPDATE ${r.table} SET ${col} = strftime('%Y-%m-%dT%H:%M:%fZ', ${col})`).run();
    }
    expect(column(c.db, 'sessions', 'expires_at').every((v) => String(v).endsWith('Z'))).toBe(true);
    c.db.prepare("DELETE FROM schema_migrations WHERE id = 'accounts/002-vn-instants'").run();
    expect(migrate(c.db, MIGRATIONS)).toEqual(['accounts/002-vn-instants']);
    expect(c.auth.callerFor(token)).toMatchObject({ role: 'officer' });
    const [account] = await c.accounts.list();
    expect(account?.lockedUntil).toMatch(VN);
  });
});
