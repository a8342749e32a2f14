import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { databasePath } from '../app';
import { loginAs, testCore } from '../../../tests/support/core';
import { listAudit, record, rowHash, verifyAudit } from './audit-log';
import { rowMac } from './audit-key';
import { seedDossiers } from '../sync/sync-cli';

function cli(...args: string[]) {
  return spawnSync('npx', ['tsx', 'electron/core/cli/main.ts', ...args], { encoding: 'utf8' });
}

/** A core with a few real audit rows from real actions, closed so another process can open its file. */
async function coreWithHistory() {
  const core = testCore();
  const { token } = await loginAs(core, 'admin');
  const caller = core.auth.callerFor(token)!;
  await core.router.call('hall.saveService', { name: 'Tư pháp', prefix: 'G' }, { caller });
  core.devices.pairDirect('display', 'TV sảnh', caller);
  record(core.db, { actor: caller, action: 'test.note', subjectType: 'ticket', subjectId: 'A-001', detail: { n: 1 } });
  const entries = listAudit(core.db, 100);
  const dataDir = core.config.dataDir;
  await core.close();
  return { dataDir, entries };
}

describe('audit trail', () => {
  it('records who did what, from which device, in a chain that verifies', async () => {
    const core = testCore();
    const { token } = await loginAs(core, 'supervisor');
    const caller = { ...core.auth.callerFor(token)!, deviceId: 'ip:192.168.1.20' };
    await core.router.call('hall.saveService', { name: 'Tư pháp', prefix: 'G' }, { caller });
    const [latest] = listAudit(core.db, 1);
    expect(latest).toMatchObject({
      action: 'hall.saveService',
      actorRole: 'supervisor',
      actorName: 'Test supervisor',
      deviceId: 'ip:192.168.1.20',
      subjectType: 'service',
    });
    expect(verifyAudit(core.db)).toMatchObject({ ok: true, problems: [] });
    await core.close();
  });

  it('commits with the caller’s transaction or not at all', () => {
    const core = testCore();
    const before = listAudit(core.db, 500).length;
    expect(() =>
      core.db.transaction(() => {
        record(core.db, { actor: 'system', action: 'test.rolledBack' });
        throw new Error('the change failed');
      })(),
    ).toThrow('the change failed');
    expect(listAudit(core.db, 500)).toHaveLength(before);
    void core.close();
  });

  it('refuses UPDATE and DELETE from the application', async () => {
    const core = testCore();
    record(core.db, { actor: 'system', action: 'test.one' });
    expect(() => core.db.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow('append-only');
    expect(() => core.db.prepare('DELETE FROM audit_log').run()).toThrow('append-only');
    await core.close();
  });

  it('`verify-audit` passes on an untouched database', async () => {
    const { dataDir, entries } = await coreWithHistory();
    const result = cli('verify-audit', '--data', dataDir);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Nhật ký nguyên vẹn: ${entries.length} dòng`);
  });

  it('a row edited in the database file is named by `verify-audit`', async () => {
    const { dataDir, entries } = await coreWithHistory();
    const target = entries.find((e) => e.action === 'hall.saveService')!;
    // Someone with the file and a SQLite tool: drops the guard and rewrites who did it.
    const db = new Database(databasePath(dataDir));
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET actor_name = 'Người khác' WHERE seq = ?").run(target.seq);
    db.close();
    const result = cli('verify-audit', '--data', dataDir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`Dòng nhật ký số ${target.seq} đã bị sửa`);
    expect(result.stdout.match(/Dòng nhật ký số/g)).toHaveLength(1);
  });

  it('a row edited together with its own hash is still named (the next row’s link breaks)', async () => {
    const { dataDir, entries } = await coreWithHistory();
    const target = entries[entries.length - 2]!; // not the newest: a later row links to it
    const db = new Database(databasePath(dataDir));
    db.exec('DROP TRIGGER audit_log_no_update');
    const { rowHash } = await import('./audit-log');
    const row = db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(target.seq) as Record<string, unknown> & { hash: string };
    const forged = { ...row, action: 'forged.action' };
    const { hash: _old, ...rest } = forged;
    db.prepare('UPDATE audit_log SET action = ?, hash = ? WHERE seq = ?').run('forged.action', rowHash(rest as never), target.seq);
    db.close();
    const result = cli('verify-audit', '--data', dataDir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`Dòng nhật ký số ${target.seq} đã bị sửa`);
  });

  it('a deleted row is named', async () => {
    const { dataDir, entries } = await coreWithHistory();
    const target = entries[Math.floor(entries.length / 2)]!;
    const db = new Database(databasePath(dataDir));
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE seq = ?').run(target.seq);
    db.close();
    const result = cli('verify-audit', '--data', dataDir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`Dòng nhật ký số ${target.seq} đã bị xoá`);
  });

  it('the supervisor page’s audit.verify reports the same', async () => {
    const core = testCore();
    record(core.db, { actor: 'system', action: 'a' });
    record(core.db, { actor: 'system', action: 'b' });
    core.db.exec('DROP TRIGGER audit_log_no_update');
    core.db.prepare('UPDATE audit_log SET detail = \'{"x":1}\' WHERE seq = 1').run();
    const outcome = await core.router.call('audit.verify', {}, { caller: { role: 'supervisor' } });
    expect(outcome).toMatchObject({ ok: true, result: { ok: false, problems: [{ seq: 1, kind: 'edited' }] } });
    expect(await core.router.call('audit.verify', {}, { caller: { role: 'officer' } })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await core.close();
  });
});

describe('audited contract methods', () => {
  it('queue actions by officers are audited; a refused action leaves no row; async handlers too', async () => {
    const core = testCore();
    const officer = { role: 'officer' as const, userId: 'u-lan', name: 'Trần Lan', deviceId: 'ip:192.168.1.31' };
    const serviceId = core.hall.config().services[0]!.id;
    const counter = core.hall.config().counters.find((c) => c.serviceIds.includes(serviceId))!;
    await core.router.call('queue.issueTicket', { serviceId }, { caller: { role: 'kiosk', deviceId: 'k1' } });
    const before = listAudit(core.db, 500).length;
    const called = await core.router.call('queue.callNext', { counterId: counter.id }, { caller: officer });
    expect(called.ok).toBe(true);
    const [row] = listAudit(core.db, 1);
    expect(row).toMatchObject({ action: 'queue.callNext', actorName: 'Trần Lan', deviceId: 'ip:192.168.1.31', subjectType: 'ticket' });
    if (called.ok) expect(row?.subjectId).toBe((called.result as { id: string }).id);

    const refused = await core.router.call('queue.callTicket', { counterId: counter.id, ticketId: 'không-có' }, { caller: officer });
    expect(refused.ok).toBe(false);
    expect(listAudit(core.db, 500)).toHaveLength(before + 1);

    const exported = await core.router.call(
      'queue.exportStats',
      { from: '2026-01-01', to: '2026-12-31', format: 'csv' },
      { caller: { role: 'supervisor', name: 'GS' } },
    );
    expect(exported.ok).toBe(true);
    expect(listAudit(core.db, 1)[0]).toMatchObject({ action: 'queue.exportStats', actorName: 'GS' });
    expect(verifyAudit(core.db).ok).toBe(true);
    await core.close();
  });
});

/** What a file editor can do without the key: drop rows, renumber, re-chain every SHA-256, restore the triggers. */
function reforge(dataDir: string, drop: (row: { action: string }) => boolean, stolenKey?: Buffer): number {
  const db = new Database(databasePath(dataDir));
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Record<string, unknown>[];
  const kept = rows.filter((r) => !drop(r as { action: string }));
  db.exec('DELETE FROM audit_log');
  let prev = '0'.repeat(64);
  const insert = db.prepare(
    `INSERT INTO audit_log (seq, at, actor_role, actor_id, actor_name, device_id, action, subject_type, subject_id, detail, prev_hash, hash, mac)
     VALUES (@seq, @at, @actor_role, @actor_id, @actor_name, @device_id, @action, @subject_type, @subject_id, @detail, @prev_hash, @hash, @mac)`,
  );
  kept.forEach((r, i) => {
    const base = { ...r, seq: i + 1, prev_hash: prev } as Parameters<typeof rowHash>[0];
    const hash = rowHash(base);
    insert.run({ mac: null, ...base, hash, ...(stolenKey && r.mac ? { mac: rowMac(stolenKey, hash) } : {}) });
    prev = hash;
  });
  db.exec(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
           CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;`);
  db.close();
  return rows.length - kept.length;
}

describe('an audit chain a file editor cannot re-forge', () => {
  // Issue #11 (left over): an editor who also stole the key re-chains and re-signs every row, and deletes the
  // anchors file beside the database; only an anchor that left the machine catches it: the offline bundle's.
  it('catches a chain re-forged with the stolen key against the head signed into the offline bundle', async () => {
    const core = testCore();
    await loginAs(core, 'officer');
    for (let i = 0; i < 3; i++)
      await core.accounts.login('khong-ai', 'sai', { role: 'anonymous', deviceId: 'ip:10.0.0.9' }).catch(() => undefined);
    seedDossiers(core.db, core.files, core.config.agency.code, { count: 1, filesPerDossier: 1, minSize: 100, maxSize: 200 });
    const bundle = core.sync.exportBundle();
    const dataDir = core.config.dataDir;
    const bundleFile = path.join(dataDir, '..', `${path.basename(dataDir)}.mcbundle`);
    fs.writeFileSync(bundleFile, bundle.bytes);
    await core.close();
    const stolen = Buffer.from(
      z.object({ key: z.string() }).parse(JSON.parse(fs.readFileSync(path.join(dataDir, 'audit.key'), 'utf8'))).key,
      'base64',
    );
    expect(reforge(dataDir, (r) => r.action === 'auth.login.failed', stolen)).toBe(3);
    fs.rmSync(path.join(dataDir, 'audit-anchors.jsonl'));
    // Without the outside anchor the forgery passes: that is what the bundle's anchor is for.
    expect(cli('verify-audit', '--data', dataDir).status).toBe(0);
    const verified = cli('verify-audit', '--data', dataDir, '--bundle', bundleFile);
    expect(verified.status, verified.stdout + verified.stderr).toBe(1);
    expect(verified.stdout).toMatch(/gói ngoại tuyến|các dòng cuối đã bị xoá/);
  }, 60_000);

  // Repro (issue 11): deleting every failed-login and lock row, renumbering, re-chaining and restoring the
  // triggers passed verify-audit ("nguyên vẹn"): the chain used no secret and no outside anchor.
  it('catches re-chained rows by their keyed HMAC', async () => {
    const core = testCore();
    await loginAs(core, 'officer');
    for (let i = 0; i < 3; i++)
      await core.accounts.login('khong-ai', 'sai', { role: 'anonymous', deviceId: 'ip:10.0.0.9' }).catch(() => undefined);
    await core.router.call('hall.saveService', { name: 'Tư pháp', prefix: 'G' }, { caller: { role: 'admin', name: 'A' } });
    const dataDir = core.config.dataDir;
    await core.close();
    expect(reforge(dataDir, (r) => r.action === 'auth.login.failed')).toBe(3);
    const verified = cli('verify-audit', '--data', dataDir);
    expect(verified.status).toBe(1);
    expect(verified.stdout).toContain('không mang chữ ký khoá');
  }, 60_000);

  it('catches a truncated tail and a rewritten past against the anchors handed out', async () => {
    const core = testCore();
    await loginAs(core, 'officer');
    const summary = cli('audit-summary', '--data', core.config.dataDir);
    expect(summary.status, summary.stderr).toBe(0);
    expect(summary.stdout).toContain('TÓM TẮT NHẬT KÝ THAO TÁC');
    const anchor = /verify-audit --anchor (\d+):([0-9a-f]{64})/.exec(summary.stdout);
    expect(anchor).not.toBeNull();
    const dataDir = core.config.dataDir;
    await core.close();
    // Deleting the newest rows leaves a valid shorter chain; the anchor names what is gone.
    const seq = Number(anchor![1]);
    reforge(dataDir, (r) => (r as unknown as { seq: number }).seq >= seq - 1);
    const verified = cli('verify-audit', '--data', dataDir);
    expect(verified.status).toBe(1);
    expect(verified.stdout).toContain('các dòng cuối đã bị xoá');
  }, 60_000);
});
