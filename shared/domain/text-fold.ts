/**
 * Vietnamese diacritic folding for search: "Nguyễn Đức Thắng" → "nguyen duc thang".
 * NFD + removing combining marks handles every tone and vowel mark, but đ/Đ is a
 * letter of its own (U+0111/U+0110), not d + a mark, so it is mapped explicitly.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

/** Folded words (letters and digits), for building search documents and queries. */
export function searchTokens(text: string): string[] {
  return foldVietnamese(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}
