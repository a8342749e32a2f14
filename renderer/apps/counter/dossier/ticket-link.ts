/**
 * Seam to the hall queue: the ticket being served at this counter, stored with
 * every dossier received here. The queue feature owns `useServingTicket`; at
 * merge time this hook returns its ticket id, e.g.
 *   return useServingTicket((s) => s.ticket?.id ?? null);
 * Until then no ticket is linked.
 */
export function useLinkedTicket(): string | null {
  return null;
}
