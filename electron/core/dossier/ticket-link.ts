/**
 * A dossier received for a hall ticket is linked to it in the queue's records (statistics, the ticket's
 * history). Written against the one queue call it needs, so the dossier module does not depend on the queue.
 */
import { AppError } from '../../../shared/contract';
import type { Caller } from '../contract/router';
import type { DossierChangeListener } from './dossier-service';

export interface TicketLinker {
  linkDossier(ticketId: string, dossierCode: string, caller: Caller): unknown;
}

/** A ticket the queue no longer knows must not stop the reception: the dossier keeps the ticket id either way. */
export function linkTicketOnReceipt(queue: TicketLinker): DossierChangeListener {
  return (_db, change) => {
    if (change.type !== 'received' || !change.dossier.ticketId) return;
    try {
      queue.linkDossier(change.dossier.ticketId, change.dossier.code, { role: 'officer', userId: change.dossier.receivedBy });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'not_found')) throw error;
    }
  };
}
