/** The code printed on a ticket: which ticket it is, readable by the counter's scanner. */
export const TICKET_QR_PREFIX = 'MOTCUA-VE';

export function ticketQr(ticket: { id: string; number: string; day: string }): string {
  return `${TICKET_QR_PREFIX}|${ticket.id}|${ticket.number}|${ticket.day}`;
}
