/**
 * What the display board says for a call, as a list of pre-recorded clips
 * (resources/voice/<clip>.wav), joined at run time: "Mời công dân có số thứ tự
 * A một trăm linh bảy đến quầy số năm". Pure: the clip names and the
 * Vietnamese reading of numbers.
 */

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;

/** Vietnamese letter names, as read when spelling a ticket prefix. */
export const LETTER_NAMES: Record<string, string> = {
  A: 'a',
  B: 'bê',
  C: 'xê',
  D: 'dê',
  E: 'e',
  F: 'ép',
  G: 'giê',
  H: 'hát',
  I: 'i',
  J: 'gi',
  K: 'ca',
  L: 'e lờ',
  M: 'em mờ',
  N: 'en nờ',
  O: 'o',
  P: 'pê',
  Q: 'quy',
  R: 'e rờ',
  S: 'ét',
  T: 'tê',
  U: 'u',
  V: 'vê',
  W: 'vê kép',
  X: 'ích',
  Y: 'i dài',
  Z: 'dét',
};

/** Reads 0–999 (`full`: always say the hundreds, as inside a larger number). */
function readHundreds(n: number, full: boolean): string[] {
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  const words: string[] = [];
  if (h > 0 || full) words.push(DIGITS[h] as string, 'trăm');
  if (t === 0) {
    if (u > 0 && words.length > 0) words.push('linh');
  } else if (t === 1) {
    words.push('mười');
  } else {
    words.push(DIGITS[t] as string, 'mươi');
  }
  if (u > 0) {
    if (u === 1 && t >= 2) words.push('mốt');
    else if (u === 5 && t >= 1) words.push('lăm');
    else if (u === 4 && t >= 2) words.push('tư');
    else words.push(DIGITS[u] as string);
  }
  return words;
}

/** 0–999 999 in Vietnamese words: 1023 → "một nghìn không trăm hai mươi ba". */
export function vietnameseNumberWords(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 999_999) throw new RangeError(`cannot read ${n}`);
  if (n === 0) return ['không'];
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  if (thousands === 0) return readHundreds(rest, false);
  const words = [...readHundreds(thousands, false), 'nghìn'];
  if (rest > 0) words.push(...readHundreds(rest, true));
  return words;
}

/** ASCII file name of a word's clip: "mươi" → "muoi_", kept distinct from "mười" → "muoi". */
export function clipName(word: string): string {
  const special: Record<string, string> = { mười: 'muoi', mươi: 'muoi2', mốt: 'mot2', một: 'mot', năm: 'nam', lăm: 'lam' };
  if (special[word]) return `w-${special[word]}`;
  const folded = word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');
  return `w-${folded}`;
}

export const PHRASE_CALL = 'p-moi-cong-dan';
export const PHRASE_TO_COUNTER = 'p-den-quay-so';
export const PHRASES: Record<string, string> = {
  [PHRASE_CALL]: 'Mời công dân có số thứ tự',
  [PHRASE_TO_COUNTER]: 'đến quầy số',
};

export interface Announcement {
  /** What is said, for the screen and for speech synthesis as a fallback. */
  text: string;
  /** Clip names in order (without extension). */
  clips: string[];
}

/** "A007" at counter 5 → clips for "Mời công dân có số thứ tự | a | bảy | đến quầy số | năm". */
export function announcementFor(ticketNumber: string, counterNumber: number): Announcement {
  const match = /^([A-Z]*)(\d+)$/.exec(ticketNumber);
  const letters = match?.[1] ?? '';
  const value = Number(match?.[2] ?? 0);
  const spoken: string[] = [];
  const clips: string[] = [PHRASE_CALL];
  for (const letter of letters) {
    spoken.push(LETTER_NAMES[letter] ?? letter);
    clips.push(`l-${letter.toLowerCase()}`);
  }
  const numberWords = vietnameseNumberWords(value);
  const counterWords = vietnameseNumberWords(counterNumber);
  clips.push(...numberWords.map(clipName), PHRASE_TO_COUNTER, ...counterWords.map(clipName));
  return {
    text: `${PHRASES[PHRASE_CALL]} ${ticketNumber} ${PHRASES[PHRASE_TO_COUNTER]} ${counterNumber}`,
    clips,
  };
}

/** Every clip the voice needs, with the text to record for it (used by tools/make-voice-clips.ts). */
export function allClips(): Record<string, string> {
  const out: Record<string, string> = { ...PHRASES };
  for (const [letter, name] of Object.entries(LETTER_NAMES)) out[`l-${letter.toLowerCase()}`] = name;
  for (const word of [...DIGITS, 'mười', 'mươi', 'trăm', 'nghìn', 'linh', 'mốt', 'lăm', 'tư']) out[clipName(word)] = word;
  return out;
}
