import { useServingTicket } from '../../../stores/queue';

/**
 * The ticket being served at this counter (from the hall queue): its id is
 * stored with every dossier received here, its number is what the officer
 * sees. Null when no ticket is being served.
 */
export function useLinkedTicket(): { id: string; number: string } | null {
  const id = useServingTicket((s) => s.ticket?.id);
  const number = useServingTicket((s) => s.ticket?.number);
  return id && number ? { id, number } : null;
}
