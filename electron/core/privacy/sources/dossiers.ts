import {
  closedDossiersBefore,
  deleteDossiers,
  dossierFileReferenced,
  exportDossiersOf,
  filesOfDossiers,
} from '../../dossier/dossier-store';
import type { PersonalDataSource } from '../privacy-service';

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
    const ids = closedDossiersBefore(db, cutoff);
    const files = filesOfDossiers(db, ids);
    deleteDossiers(db, ids);
    return { records: ids.length, files };
  },
  referencesFile: dossierFileReferenced,
  exportCitizen(db, idNumber) {
    const { ids, records } = exportDossiersOf(db, idNumber);
    return { records, files: filesOfDossiers(db, ids) };
  },
};
