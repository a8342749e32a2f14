import { describe, expect, it } from 'vitest';
import { parseCccdQr } from './cccd';
import { checkCccdRead, looksLikeCccd } from './code-read-check';

const GOOD = '079190001234|025123456|Nguyễn Thị Hương|01021990|Nữ|Số 12 đường Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|15082021';

describe('CCCD reads are checked on arrival (issue #15)', () => {
  it('a clean read passes, trimmed and in NFC, and parses', () => {
    const decomposed = `${GOOD.normalize('NFD')}\r\n`;
    const check = checkCccdRead(decomposed, 'wedge');
    expect(check).toEqual({ ok: true, text: GOOD });
    expect(check.ok && parseCccdQr(check.text)).toMatchObject({ ok: true, applicant: { fullName: 'Nguyễn Thị Hương' } });
  });

  // Each of these would today fill a wrong name: parseCccdQr accepts all of them.
  it.each([
    ['replacement characters (bytes that were not UTF-8)', GOOD.replace('Hương', 'H\uFFFDng'), 'replacement-char'],
    ['a stray combining mark (a layout typed the tone after the letter)', GOOD.replace('Hương', 'Hươ\u0301\u0301ng'), 'stray-mark'],
    [
      'tone-less Latin where Vietnamese is expected',
      GOOD.replace('Nguyễn Thị Hương', 'Nguyen Thi Huong').replace(
        'Số 12 đường Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh',
        'So 12 duong Le Loi, Phuong Ben Nghe, Quan 1, TP. Ho Chi Minh',
      ),
      'toneless',
    ],
    [
      'a tone-less address alone',
      GOOD.replace('Số 12 đường Lê Lợi, Phường Bến Nghé', 'So 12 duong Le Loi, Phuong Ben Nghe').replace(
        ', Quận 1, TP. Hồ Chí Minh',
        ', Quan 1',
      ),
      'toneless',
    ],
    ['the wrong field count ("|" typed as another key)', GOOD.replaceAll('|', '\\'), 'field-count'],
    ['too many fields', `${GOOD}|a|b|c|d|e|f`, 'field-count'],
  ])('refuses %s with a Vietnamese message on how to set the reader', (_what, text, problem) => {
    expect(parseCccdQr(text).ok || problem === 'field-count').toBe(true);
    const check = checkCccdRead(text, 'wedge');
    expect(check).toMatchObject({ ok: false, problem });
    expect(!check.ok && check.error).toMatch(/^Không dùng được lần quét này: .*HID-POS/);
  });

  it('the advice depends on how the read came in', () => {
    const broken = GOOD.replace('Hương', 'H\uFFFDng');
    const hid = checkCccdRead(broken, 'hid-pos');
    expect(!hid.ok && hid.error).toContain('UTF-8');
    expect(!hid.ok && hid.error).not.toContain('bàn phím');
  });

  it('a dossier code or a URL does not look like a CCCD; a CCCD does', () => {
    expect(looksLikeCccd(GOOD)).toBe(true);
    expect(looksLikeCccd('000.00.12.H56-260105-0001')).toBe(false);
    expect(looksLikeCccd('https://dichvucong.gov.vn/x|y|z')).toBe(false);
  });
});
