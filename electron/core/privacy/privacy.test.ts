import { describe, expect, it } from 'vitest';
import { testCore } from '../../../tests/support/core';
import type { Db } from '../db/database';
import { listAudit } from '../audit/audit-log';
import type { PersonalDataSource } from './privacy-service';
import { scanPdf } from '../../../tests/support/scan-pdf';
import { SAMPLE_APPLICANT } from '../../../tests/support/dossier-fixtures';

/**
 * A feature's registration as the queue or dossier modules will write it: a
 * table of records about citizens that reference stored files.
 */
function visitsSource(db: Db): PersonalDataSource {
  db.exec('CREATE TABLE test_visits (id INTEGER PRIMARY KEY, id_number TEXT, name TEXT, at TEXT, file TEXT)');
  return {
    id: 'test.visits',
    name: 'Lượt đến (thử)',
    purge(d, cutoff) {
      const files = d.prepare('SELECT file FROM test_visits WHERE at < ? AND file IS NOT NULL').pluck().all(cutoff) as string[];
      const records = d.prepare('DELETE FROM test_visits WHERE at < ?').run(cutoff).changes;
      return { records, files };
    },
    referencesFile: (d, sha256) => d.prepare('SELECT 1 FROM test_visits WHERE file = ?').get(sha256) !== undefined,
    exportCitizen(d, idNumber) {
      const records = d.prepare('SELECT * FROM test_visits WHERE id_number = ?').all(idNumber) as { file: string | null }[];
      return { records, files: records.map((r) => r.file).filter((f): f is string => f !== null) };
    },
  };
}

describe('personal data: retention purge and citizen export', () => {
  it('purges old records and the files no kept record references; a dry run changes nothing', async () => {
    const core = testCore();
    core.privacy.register(visitsSource(core.db));
    const oldScan = core.files.put(Buffer.from('old scan'));
    const shared = core.files.put(Buffer.from('scan kept by a newer record too'));
    const insert = core.db.prepare('INSERT INTO test_visits (id_number, name, at, file) VALUES (?, ?, ?, ?)');
    insert.run('001203004567', 'Nguyễn Văn An', '2020-01-01T00:00:00Z', oldScan.sha256);
    insert.run('001203004567', 'Nguyễn Văn An', '2020-02-01T00:00:00Z', shared.sha256);
    insert.run('079301000123', 'Lê Thị Bình', '2026-11-01T00:00:00Z', shared.sha256);

    expect(() => core.privacy.purge()).toThrow('Chưa đặt thời hạn lưu trữ');
    expect(await core.router.call('privacy.setRetention', { days: 365 }, { caller: { role: 'admin' } })).toMatchObject({
      ok: true,
      result: { days: 365 },
    });
    const now = new Date('2026-11-23T00:00:00Z');
    const dry = core.privacy.purge({ now, dryRun: true });
    expect(dry.sources).toContainEqual({ id: 'test.visits', name: 'Lượt đến (thử)', records: 2, files: 2 });
    expect(core.db.prepare('SELECT COUNT(*) FROM test_visits').pluck().get()).toBe(3);

    const report = core.privacy.purge({ now });
    expect(report.sources.find((x) => x.id === 'test.visits')?.records).toBe(2);
    expect(report.filesRemoved).toBe(1);
    expect(core.files.has(oldScan.sha256)).toBe(false);
    expect(core.files.has(shared.sha256)).toBe(true);
    expect(core.db.prepare('SELECT COUNT(*) FROM test_visits').pluck().get()).toBe(1);
    expect(listAudit(core.db, 5).map((e) => e.action)).toContain('privacy.purge');
    await core.close();
  });

  it('exports one citizen’s records from every source, and audits it with the number masked', async () => {
    const core = testCore();
    core.privacy.register(visitsSource(core.db));
    core.db.prepare('INSERT INTO test_visits (id_number, name, at) VALUES (?, ?, ?)').run('001203004567', 'Nguyễn Văn An', '2026-01-01');
    core.db.prepare('INSERT INTO test_visits (id_number, name, at) VALUES (?, ?, ?)').run('079301000123', 'Lê Thị Bình', '2026-01-01');
    const outcome = await core.router.call(
      'privacy.exportCitizen',
      { idNumber: '001203004567' },
      { caller: { role: 'supervisor', name: 'GS' } },
    );
    expect(outcome).toMatchObject({
      ok: true,
      result: { idNumber: '001203004567' },
    });
    if (outcome.ok) {
      const section = (outcome.result as { sections: { source: string; records: { name: string }[] }[] }).sections.find(
        (x) => x.source === 'test.visits',
      );
      expect(section?.records.map((r) => r.name)).toEqual(['Nguyễn Văn An']);
    }
    if (outcome.ok) expect(JSON.stringify(outcome.result)).not.toContain('Lê Thị Bình');
    const [entry] = listAudit(core.db, 1);
    expect(entry).toMatchObject({ action: 'privacy.exportCitizen', subjectId: '••••••••4567', actorName: 'GS' });
    expect(await core.router.call('privacy.exportCitizen', { idNumber: '12' }, { caller: { role: 'admin' } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    await core.close();
  });
});

describe('registered sources', () => {
  it('queue tickets: old tickets lose the citizen name but stay for statistics', async () => {
    const core = testCore({ devices: { printer: undefined } });
    expect(core.privacy.registered().map((s) => s.id)).toContain('queue.tickets');
    const serviceId = core.hall.config().services[0]!.id;
    await core.router.call('queue.issueTicket', { serviceId, citizenName: 'Trần Thị Cúc' }, { caller: { role: 'kiosk', deviceId: 'k' } });
    const future = new Date(Date.now() + 400 * 86_400_000);
    const report = core.privacy.purge({ now: future, days: 365 });
    expect(report.sources.find((s) => s.id === 'queue.tickets')?.records).toBeGreaterThanOrEqual(1);
    expect(core.db.prepare('SELECT COUNT(*) FROM queue_tickets WHERE citizen_name IS NOT NULL').pluck().get()).toBe(0);
    expect(core.db.prepare('SELECT COUNT(*) FROM queue_tickets').pluck().get()).toBeGreaterThanOrEqual(1);
    await core.close();
  });
});

describe('dossiers as personal data', () => {
  const applicant = SAMPLE_APPLICANT;

  it('exports a citizen’s dossiers by CCCD number; purges only closed dossiers past retention, with their files', async () => {
    const core = testCore();
    const officer = { caller: { role: 'officer' as const, userId: 'o1', name: 'Cán bộ A' } };
    // A real one-page PDF: reception checks attachments by content (issue #13).
    const scan = core.files.put(scanPdf('bản chụp giấy tờ'));
    const components = [
      { code: 'TP1', name: 'Giấy tờ cần chứng thực chữ ký', originals: 1, copies: 0, sha256: scan.sha256 },
      { code: 'GT', name: 'Giấy tờ tùy thân', originals: 1, copies: 0, sha256: null },
    ];
    const received = await core.router.call('dossier.receive', { procedureCode: '2.000884', applicant, components }, officer);
    expect(received.ok).toBe(true);
    const code = received.ok ? (received.result as { code: string }).code : '';
    expect(listAudit(core.db, 5).map((e) => e.action)).toContain('dossier.receive');

    const exported = core.privacy.exportCitizen('046200001111', 'system');
    const section = exported.sections.find((s) => s.source === 'dossier.dossiers')!;
    expect(section.records).toHaveLength(1);
    expect(JSON.stringify(section.records)).toContain('Hồ Văn Đông');
    expect(section.files).toContain(scan.sha256);
    expect(core.privacy.exportCitizen('079301000123', 'system').sections.find((s) => s.source === 'dossier.dossiers')?.records).toEqual([]);

    const later = new Date(Date.now() + 800 * 86_400_000);
    // Still open: kept whatever its age.
    expect(core.privacy.purge({ now: later, days: 365 }).sources.find((s) => s.id === 'dossier.dossiers')?.records).toBe(0);
    core.db.prepare('UPDATE dossiers SET status = 10 WHERE code = ?').run(code);
    const report = core.privacy.purge({ now: later, days: 365 });
    expect(report.sources.find((s) => s.id === 'dossier.dossiers')?.records).toBe(1);
    expect(core.db.prepare('SELECT COUNT(*) FROM dossiers').pluck().get()).toBe(0);
    expect(core.files.has(scan.sha256)).toBe(false);
    expect(report.filesRemoved).toBeGreaterThanOrEqual(2); // the scan and the printed receipt
    await core.close();
  });
});
