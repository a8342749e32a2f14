import type { Db } from '../../db/database';
import type { PersonalDataSource } from '../privacy-service';

/** Final statuses (shared/domain/status.ts): refused at the desk, withdrawn, stopped, result returned. */
const FINAL = '(3, 7, 8, 10)';

function filesOf(db: Db, dossierIds: number[]): string[] {
  const files = new Set<string>();
  const components = db.prepare('SELECT sha256 FROM dossier_components WHERE dossier_id = ? AND sha256 IS NOT NULL').pluck();
  const forms = db.prepare('SELECT sha256 FROM dossier_forms WHERE dossier_id = ?').pluck();
  for (const id of dossierIds) {
    for (const sha of components.all(id) as string[]) files.add(sha);
    for (const sha of forms.all(id) as string[]) files.add(sha);
  }
  return [...files];
}

/**
 * Received dossiers: the applicant (name, CCCD number, address, phone), the
 * scanned components and the printed forms. Only closed dossiers are purged
 * (refused, withdrawn, stopped, returned) — an open one is still being worked
 * on whatever its age — with their components, history, forms and search entry.
 */
export const dossiersSource: PersonalDataSource = {
  id: 'dossier.dossiers',
  name: 'Hồ sơ tiếp nhận',
  purge(db, cutoff) {
    const ids = db.prepare(`SELECT id FROM dossiers WHERE received_at < ? AND status IN ${FINAL}`).pluck().all(cutoff) as number[];
    const files = filesOf(db, ids);
    const statements = [
      db.prepare('DELETE FROM dossier_components WHERE dossier_id = ?'),
      db.prepare('DELETE FROM dossier_history WHERE dossier_id = ?'),
      db.prepare('DELETE FROM dossier_forms WHERE dossier_id = ?'),
      db.prepare('DELETE FROM dossier_fts WHERE rowid = ?'),
      db.prepare('DELETE FROM dossiers WHERE id = ?'),
    ];
    for (const id of ids) for (const statement of statements) statement.run(id);
    return { records: ids.length, files };
  },
  referencesFile: (db, sha256) =>
    db.prepare('SELECT 1 FROM dossier_components WHERE sha256 = ? UNION ALL SELECT 1 FROM dossier_forms WHERE sha256 = ? LIMIT 1').get(sha256, sha256) !==
    undefined,
  exportCitizen(db, idNumber) {
    const rows = db.prepare('SELECT * FROM dossiers WHERE id_number = ? ORDER BY received_at').all(idNumber) as ({ id: number; applicant: string } & Record<string, unknown>)[];
    const components = db.prepare('SELECT code, name, originals, copies, sha256, file_name, added_at FROM dossier_components WHERE dossier_id = ?');
    const history = db.prepare('SELECT from_status, to_status, at, by, note FROM dossier_history WHERE dossier_id = ? ORDER BY id');
    const records = rows.map((row) => {
      let applicant: unknown = row.applicant;
      try {
        applicant = JSON.parse(row.applicant);
      } catch {
        // kept as stored
      }
      return { ...row, applicant, components: components.all(row.id), history: history.all(row.id) };
    });
    return { records, files: filesOf(db, rows.map((r) => r.id)) };
  },
};
