/**
 * Masks an identity number (CCCD 12 digits, CMND 9 digits, passport) for
 * display boards, printed tickets and any screen that does not need it whole:
 * only the last 4 characters stay readable. The first digits of a CCCD encode
 * the province, sex and year of birth, so they are masked too.
 */
export function maskIdNumber(value: string | null | undefined, visible = 4): string {
  if (!value) return '';
  const chars = [...value.replace(/\s+/g, '')];
  if (chars.length === 0) return '';
  const keep = chars.length <= visible ? 0 : visible;
  return chars.map((c, i) => (i < chars.length - keep ? '•' : c)).join('');
}

/** "Nguyễn Văn An" → "Nguyễn V. A." for screens that may show a person but not the full name. */
export function abbreviateName(fullName: string | null | undefined): string {
  const parts = (fullName ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length <= 1) return parts[0] ?? '';
  return [parts[0], ...parts.slice(1).map((p) => `${[...p][0]?.toUpperCase() ?? ''}.`)].join(' ');
}
