import { useCallback, useEffect, useReducer } from 'react';
import {
  draftReducer,
  draftStorageKey,
  newDraft,
  parseStoredDraft,
  type DraftAction,
  type ReceptionDraft,
  type TicketRef,
} from './reception-draft';
import { useLinkedTicket } from './ticket-link';

export interface ReceptionDraftHandle {
  draft: ReceptionDraft;
  dispatch: (action: DraftAction) => void;
  /** The ticket served at this counter now (may differ from the draft's own). */
  serving: TicketRef | null;
  startNew: () => void;
}

/**
 * The draft of this counter, kept in localStorage under the counter's id: the
 * panel unmounts on a tab switch and the page reloads after the idle lock or a
 * restart, and each gives the same draft back.
 */
export function useReceptionDraft(counterId: string): ReceptionDraftHandle {
  const serving = useLinkedTicket();
  const [draft, dispatch] = useReducer(
    draftReducer,
    counterId,
    (id): ReceptionDraft => parseStoredDraft(localStorage.getItem(draftStorageKey(id))) ?? newDraft(crypto.randomUUID(), serving),
  );

  useEffect(() => {
    localStorage.setItem(draftStorageKey(counterId), JSON.stringify(draft));
  }, [counterId, draft]);

  const servingId = serving?.id ?? null;
  const servingNumber = serving?.number ?? null;
  useEffect(() => {
    dispatch({ type: 'serving', ticket: servingId && servingNumber ? { id: servingId, number: servingNumber } : null });
  }, [servingId, servingNumber]);

  const startNew = useCallback(() => {
    dispatch({
      type: 'new',
      id: crypto.randomUUID(),
      ticket: servingId && servingNumber ? { id: servingId, number: servingNumber } : null,
    });
  }, [servingId, servingNumber]);

  return { draft, dispatch, serving, startNew };
}
