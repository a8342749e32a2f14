import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loginAs, testCore } from '../../../tests/support/core';
import { MIGRATIONS, type Core } from '../app';
import { migrate, type Db } from './database';
import { parseRows } from './rows';
import { OutboxRowSchema } from '../sync/outbox';
import { vnIsoMs } from '../../../shared/vn-time';

const vnNow = () => vnIsoMs(Date.now());

// Issue 12: instants were stored four ways (UTC "…Z" text, +07:00 text, epoch ms, yyyyMMddHHmmss). They are
// now Vietnam ISO text; each module's "<module>/…-vn-instants" migration rewrites rows written the old way.
const VN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+07:00$/;
const NEW = new Set(MIGRATIONS.map((m) => m.id).filter((id) => id.endsWith('-vn-instants')));
const T = Date.parse('2026-11-23T01:02:03.456Z'); // 08:02:03.456 in Vietnam
const UTC = new Date(T).toISOString();

/** Every table and instant column, with one row written the way the code before issue 12 wrote it. */
const OLD_ROWS: { table: string; columns: string[]; insert: string; old: string | number }[] = [
  {
    table: 'accounts',
    columns: ['locked_until', 'last_login_at', 'created_at'],
    insert:
      "INSERT INTO accounts (id, username, display_name, role, password_hash, locked_until, last_login_at, created_at) VALUES ('a', 'a', 'A', 'officer', 'h', ?, ?, ?)",
    old: UTC,
  },
  {
    table: 'sessions',
    columns: ['created_at', 'expires_at', 'ended_at'],
    insert: "INSERT INTO sessions (id, token_hash, account_id, created_at, expires_at, ended_at) VALUES ('s', 't', 'a', ?, ?, ?)",
    old: UTC,
  },
  {
    table: 'devices',
    columns: ['paired_at', 'last_seen_at', 'revoked_at'],
    insert:
      "INSERT INTO devices (id, name, role, credential_hash, paired_at, last_seen_at, revoked_at) VALUES ('d', 'D', 'kiosk', 'c', ?, ?, ?)",
    old: UTC,
  },
  {
    table: 'pairing_codes',
    columns: ['created_at', 'expires_at', 'used_at'],
    insert:
      "INSERT INTO pairing_codes (id, code_hash, role, name, created_at, expires_at, used_at) VALUES ('p', 'h', 'kiosk', 'P', ?, ?, ?)",
    old: UTC,
  },
  {
    table: 'hall_workstations',
    columns: ['reported_at'],
    insert:
      "INSERT INTO hall_workstations (device_id, station, version, backlog_json, health_json, reported_at) VALUES ('d', 1, '1', '{}', '[]', ?)",
    old: UTC,
  },
  {
    table: 'hall_hub_sessions',
    columns: ['expires_at'],
    insert: "INSERT INTO hall_hub_sessions (session_id, hub_token, expires_at) VALUES ('s', 't', ?)",
    old: UTC,
  },
  {
    table: 'procedure_versions',
    columns: ['imported_at'],
    insert: "INSERT INTO procedure_versions (code, version, data, imported_at) SELECT code, 99, '{}', ? FROM procedures LIMIT 1",
    old: UTC,
  },
  {
    table: 'digitize_batches',
    columns: ['created_at'],
    insert: "INSERT INTO digitize_batches (id, name, created_at) VALUES ('b', 'B', ?)",
    old: UTC,
  },
  {
    table: 'printer_demo_prints',
    columns: ['at'],
    insert: "INSERT INTO printer_demo_prints (ticket_id, number, sha256, at) VALUES ('t', 'A001', 'x', ?)",
    old: UTC,
  },
  {
    table: 'hall_applied',
    columns: ['at'],
    insert: "INSERT INTO hall_applied (key, outcome, station, at) VALUES ('k', 'applied', 1, ?)",
    old: T,
  },
  {
    table: 'hall_code_leases',
    columns: ['granted_at'],
    insert: "INSERT INTO hall_code_leases (agency_code, day, station, first, last, granted_at) VALUES ('X', '2026-11-23', 1, 1, 50, ?)",
    old: T,
  },
  {
    table: 'hall_station_bindings',
    columns: ['bound_at'],
    insert: "INSERT INTO hall_station_bindings (device_id, station, bound_at) VALUES ('d', 1, ?)",
    old: T,
  },
  {
    table: 'sync_outbox',
    columns: ['next_attempt_at', 'last_error_at', 'created_at', 'done_at'],
    insert:
      "INSERT INTO sync_outbox (ma_ho_so, kind, payload, idempotency_key, next_attempt_at, last_error_at, created_at, done_at) VALUES ('X', 'dossier', '{}', 'k', ?, ?, ?, ?)",
    old: T,
  },
  {
    table: 'sync_remote_files',
    columns: ['confirmed_at'],
    insert: "INSERT INTO sync_remote_files (sha256, confirmed_at) VALUES ('x', ?)",
    old: T,
  },
  {
    table: 'sync_remote_dossiers',
    columns: ['confirmed_at'],
    insert: "INSERT INTO sync_remote_dossiers (ma_ho_so, confirmed_at) VALUES ('X', ?)",
    old: T,
  },
  { table: 'sync_backlog', columns: ['at'], insert: 'INSERT INTO sync_backlog (at, pending, attention, done) VALUES (?, 1, 0, 0)', old: T },
  {
    table: 'sync_file_downloads',
    columns: ['at'],
    insert: "INSERT INTO sync_file_downloads (at, sha256, remote, outcome, bytes) VALUES (?, 'x', '127.0.0.1', 'ok', 1)",
    old: T,
  },
  {
    table: 'sync_procedure_map',
    columns: ['fetched_at'],
    insert:
      "INSERT INTO sync_procedure_map (local_code, portal_code, name, field_code, field_name, results, fetched_at, edited) VALUES ('1', '2', 'N', 'F', 'FN', '[]', ?, 0)",
    old: T,
  },
  // Hall replication's copy of the sync tables follows the sync migration by itself.
  {
    table: 'repl_outbox',
    columns: ['next_attempt_at', 'last_error_at', 'created_at', 'done_at'],
    insert:
      "INSERT INTO repl_outbox (ma_ho_so, kind, payload, idempotency_key, next_attempt_at, last_error_at, created_at, done_at) VALUES ('X', 'dossier', '{}', 'k', ?, ?, ?, ?)",
    old: T,
  },
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
    migrate(
      db,
      MIGRATIONS.filter((m) => !NEW.has(m.id)),
    );
    db.prepare("INSERT OR IGNORE INTO procedures (code, current_version) VALUES ('1.000001', 1)").run();
    for (const r of OLD_ROWS) db.prepare(r.insert).run(...r.columns.map(() => r.old));
    db.prepare("INSERT INTO sync_remote_status (ma_ho_so, trang_thai, at, seq) VALUES ('X', 4, '20261123080203', 1)").run();
    migrate(db, MIGRATIONS);
    for (const r of OLD_ROWS) {
      for (const c of r.columns) {
        const values = column(db, r.table, c);
        expect(values, `${r.table}.${c}`).toEqual(['2026-11-23T08:02:03.456+07:00']);
      }
    }
    // The provincial yyyyMMddHHmmss converts at the edge; a status pulled before the change is rewritten.
    expect(column(db, 'sync_remote_status', 'at')).toEqual(['2026-11-23T08:02:03+07:00']);
    for (const applied of column(db, 'schema_migrations', 'applied_at')) expect(String(applied)).toMatch(VN);
    // The epoch columns are declared TEXT now, so the schema says what the rows hold.
    for (const [table, name] of [
      ['hall_applied', 'at'],
      ['sync_backlog', 'at'],
      ['sync_outbox', 'next_attempt_at'],
      ['repl_outbox', 'created_at'],
    ] as const) {
      const declared = parseRows(
        'pragma',
        z.object({ name: z.string(), type: z.string() }),
        db.prepare(`PRAGMA table_info(${table})`).all(),
      );
      expect(declared.find((c) => c.name === name)?.type, `${table}.${name}`).toBe('TEXT');
    }
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

  it('the sync status reads the same milliseconds from an outbox written in epoch ms, and a due item is still due', () => {
    const c = testCore({ devices: { printer: 'off' } });
    cores.push(c);
    // Back to the old way: the outbox with epoch-ms INTEGER columns, rows written in ms, the migration not applied.
    const current = parseRows(
      'sqlite_master',
      z.string(),
      c.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'sync_outbox'").pluck().all(),
    )[0]!;
    c.db.exec('DROP TABLE sync_outbox');
    c.db.exec(
      current.replace(/(next_attempt_at|last_error_at|created_at|done_at) TEXT/g, '$1 INTEGER').replace(/DEFAULT '[^']*'/, 'DEFAULT 0'),
    );
    const sql =
      "INSERT INTO sync_outbox (ma_ho_so, kind, payload, idempotency_key, state, attempts, next_attempt_at, last_error, last_error_at, created_at) VALUES (?, 'progress', '{}', ?, 'pending', 1, ?, 'lỗi', ?, ?)";
    c.db.prepare(sql).run('A', 'k1', T, T - 1000, T - 2000);
    c.db.prepare(sql).run('B', 'k2', Date.now() + 3_600_000, T, T);
    expect(column(c.db, 'sync_outbox', 'next_attempt_at')).toEqual([T, expect.any(Number)]);
    c.db.prepare("DELETE FROM schema_migrations WHERE id = 'sync/004-vn-instants'").run();
    expect(migrate(c.db, MIGRATIONS)).toEqual(['sync/004-vn-instants']);
    // The engine reads its rows through OutboxRowSchema: the same milliseconds as before.
    const rows = parseRows('sync_outbox', OutboxRowSchema, c.db.prepare('SELECT * FROM sync_outbox ORDER BY id').all());
    expect(rows.map((r) => [r.ma_ho_so, r.next_attempt_at === T, r.last_error_at, r.created_at])).toEqual([
      ['A', true, T - 1000, T - 2000],
      ['B', false, T, T],
    ]);
    // Due now: A (its next attempt is in the past), not B (in an hour).
    const due = parseRows(
      'sync_outbox',
      z.string(),
      c.db.prepare("SELECT ma_ho_so FROM sync_outbox WHERE state = 'pending' AND next_attempt_at <= ?").pluck().all(vnNow()),
    );
    expect(due).toEqual(['A']);
  });
});
