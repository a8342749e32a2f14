/**
 * Text from outside is cleaned before any schema sees it. Found by the attack run: names kept NUL, bidi
 * overrides (a name that reads backwards on a receipt) and ANSI escapes (that recolour an officer's
 * terminal when the CLI prints them). Tab, line feed and carriage return stay (free text has lines).
 */
// Control characters are what these patterns exist to find.
/* eslint-disable no-control-regex */
// ESC-led sequences first (CSI "ESC [ … final", OSC "ESC ] … BEL/ST"), so their printable tails go too.
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
// C0 controls but \t \n \r, DEL, C1 controls, bidi embeddings/overrides/isolates, and the BOM mid-text.
const CONTROLS = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/g;
/* eslint-enable no-control-regex */

export function cleanText(text: string): string {
  return text.replace(ANSI, '').replace(CONTROLS, '');
}

/** A NUL anywhere in the input: refused rather than cleaned (it cuts strings short in C libraries and files). */
export function hasNul(value: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some((v) => hasNul(v, depth + 1));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v, depth + 1));
  return false;
}

/** Every string of a contract input, cleaned; structure and other values unchanged. */
export function cleanInput(value: unknown, depth = 0): unknown {
  if (depth > 64) return value;
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) return value.map((v) => cleanInput(v, depth + 1));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanInput(v, depth + 1)]));
  }
  return value;
}
