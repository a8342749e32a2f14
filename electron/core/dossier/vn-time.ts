import { fromLocal, toLocal } from '../../../shared/domain/calendar';

/** A moment as ISO 8601 in Vietnam time with seconds: 2026-02-13T10:05:09+07:00. Lexically ordered. */
export function vnIso(moment: Date | string): string {
  const ms = typeof moment === 'string' ? Date.parse(normalizeInput(moment)) : moment.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not a date-time: ${String(moment)}`);
  const local = new Date(ms + 7 * 3600_000);
  return `${local.toISOString().slice(0, 19)}+07:00`;
}

function normalizeInput(iso: string): string {
  return /(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}${iso.length <= 10 ? 'T00:00' : ''}+07:00`;
}

export function vnDay(iso: string): string {
  return vnIso(iso).slice(0, 10);
}

export { fromLocal, toLocal };
