import type { PersonalDataSource } from '../privacy-service';
import { deleteDemoPrintsBefore, demoPrintReferencesFile } from '../../devices/printer/demo-prints-store';
import { anonymiseTicketsBefore } from '../../queue/queue-store';

/**
 * Queue tickets keep the citizen's name (read from the CCCD at the kiosk) and
 * the demo printer keeps ticket images. Statistics need the tickets, so the
 * purge anonymises them (name set to NULL) rather than deleting; the ticket
 * images are deleted with their files. Tickets hold no ID number, so an export
 * by ID number finds none of them. The SQL is the queue's and the printer's own.
 */
export const queueTicketsSource: PersonalDataSource = {
  id: 'queue.tickets',
  name: 'Phiếu số thứ tự',
  purge(db, cutoff) {
    const records = anonymiseTicketsBefore(db, cutoff);
    const prints = deleteDemoPrintsBefore(db, cutoff);
    return { records: records + prints.records, files: prints.files };
  },
  referencesFile: (db, sha256) => demoPrintReferencesFile(db, sha256),
  exportCitizen: () => ({ records: [], files: [] }),
};
