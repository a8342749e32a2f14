import type { PersonalDataSource } from '../privacy-service';
import { parseRows, textColumn } from '../../db/rows';

/**
 * Queue tickets keep the citizen's name (read from the CCCD at the kiosk) and
 * the demo printer keeps ticket images. Statistics need the tickets, so the
 * purge anonymises them (name set to NULL) rather than deleting; the ticket
 * images are deleted with their files. Tickets hold no ID number, so an export
 * by ID number finds none of them.
 */
export const queueTicketsSource: PersonalDataSource = {
  id: 'queue.tickets',
  name: 'Phiếu số thứ tự',
  purge(db, cutoff) {
    const records = db.prepare('UPDATE queue_tickets SET citizen_name = NULL WHERE issued_at < ? AND citizen_name IS NOT NULL').run(cutoff).changes;
    const files = parseRows('printer_demo_prints', textColumn, db.prepare('SELECT sha256 FROM printer_demo_prints WHERE at < ?').pluck().all(cutoff));
    const prints = db.prepare('DELETE FROM printer_demo_prints WHERE at < ?').run(cutoff).changes;
    return { records: records + prints, files };
  },
  referencesFile: (db, sha256) => db.prepare('SELECT 1 FROM printer_demo_prints WHERE sha256 = ?').get(sha256) !== undefined,
  exportCitizen: () => ({ records: [], files: [] }),
};
