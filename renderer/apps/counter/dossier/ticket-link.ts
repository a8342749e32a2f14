import { useServingTicket } from '../../../stores/queue';

/**
 * The ticket being served at this counter (from the hall queue), stored with
 * every dossier received here; null when no ticket is being served.
 */
export function useLinkedTicket(): string | null {
  return useServingTicket((s) => s.ticket?.id ?? null);
}
