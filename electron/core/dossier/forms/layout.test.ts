import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dossier } from '../../../../shared/contract';
import { testCore } from '../../../../tests/support/core';
import { RECEPTION_PROCEDURE, SAMPLE_APPLICANT, SAMPLE_COMPONENTS } from '../../../../tests/support/dossier-fixtures';
import type { Core } from '../../app';

// Issue 14, form 01 against the TT 01/2018 layout: each check below failed on the old renderer
// (no rule under the agency name, upright place/date line, no colon, a note without the control
// slip and the postal option, no delivery address, a 2-page receipt without code or page numbers,
// subsets named "LiberationSerif-1234" so `pdffonts` said `no` under `sub`).
// Pages are rendered with pdftoppm into test-results/forms-layout/ for a human to look at.
const OUT = path.resolve('test-results/forms-layout');
const DPI = 100;

function pdfText(file: string, page?: number): string {
  const range = page ? ['-f', String(page), '-l', String(page)] : [];
  return execFileSync('pdftotext', [...range, file, '-'], { encoding: 'utf8' })
    .normalize('NFC')
    .replace(/\s+/g, ' ');
}

function decodeXml(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Text drawn in each font of a page, from MuPDF's structured text (font names without the subset tag). */
function textByFont(file: string, page = 1): Map<string, string> {
  const xml = execFileSync('mutool', ['draw', '-F', 'stext', '-o', '-', file, String(page)], { encoding: 'utf8' });
  const out = new Map<string, string>();
  for (const block of xml.split('<font ').slice(1)) {
    const name = /^name="([^"]+)"/.exec(block)?.[1] ?? '';
    const chars = [...block.matchAll(/ c="([^"]*)"/g)].map((m) => decodeXml(m[1]!));
    out.set(name, `${out.get(name) ?? ''}${chars.join('')}`.normalize('NFC'));
  }
  return out;
}

/** Top edge (PDF points from the top) and left/right of the first word box whose text is `word`. */
function wordBox(file: string, word: string): { xMin: number; xMax: number; yMax: number } {
  const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' }).normalize('NFC');
  const m = new RegExp(`<word xMin="([\\d.]+)" yMin="[\\d.]+" xMax="([\\d.]+)" yMax="([\\d.]+)">${word}</word>`).exec(html);
  if (!m) throw new Error(`no word ${word}`);
  return { xMin: Number(m[1]), xMax: Number(m[2]), yMax: Number(m[3]) };
}

/** The longest run of dark pixels on any row of a page-1 raster between two heights (points), within [x0, x1]. */
function longestDarkRun(file: string, name: string, top: number, bottom: number, x0: number, x1: number): number {
  execFileSync('pdftoppm', ['-png', '-gray', '-r', String(DPI), '-f', '1', '-l', '1', '-singlefile', file, path.join(OUT, name)]);
  const png = PNG.sync.read(fs.readFileSync(path.join(OUT, `${name}.png`)));
  const px = (pt: number) => Math.round((pt * DPI) / 72);
  let best = 0;
  for (let y = px(top); y <= px(bottom); y++) {
    let run = 0;
    for (let x = px(x0); x <= px(x1); x++) {
      const dark = png.data[(y * png.width + x) * 4]! < 110;
      run = dark ? run + 1 : 0;
      best = Math.max(best, run);
    }
  }
  return best;
}

function pdfFonts(file: string): { name: string; sub: string }[] {
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  // name type… encoding emb sub uni id gen: the last six columns are fixed.
  return lines.map((l) => {
    const cols = l.trim().split(/\s+/);
    return { name: cols[0]!, sub: cols[cols.length - 4]! };
  });
}

let core: Core;
beforeEach(() => {
  fs.mkdirSync(OUT, { recursive: true });
  core = testCore();
});
afterEach(async () => {
  await core.close();
});

async function receiptFile(d: Dossier, name: string): Promise<string> {
  const form = core.dossiers.get(d.code).forms.find((f) => f.form === '01');
  if (!form) throw new Error('no receipt');
  const file = path.join(OUT, `${name}.pdf`);
  fs.writeFileSync(file, core.files.get(form.sha256));
  execFileSync('pdftoppm', ['-png', '-r', '60', file, path.join(OUT, name)]);
  return file;
}

describe('form 01 layout (TT 01/2018)', () => {
  it('has a rule under the agency name, an italic place/date line, the colon, and the full note', async () => {
    const d = await core.dossiers.receive({
      procedureCode: RECEPTION_PROCEDURE,
      applicant: SAMPLE_APPLICANT,
      components: [...SAMPLE_COMPONENTS],
      receivedAt: '2026-03-02T09:15:00+07:00',
    });
    const file = await receiptFile(d, 'receipt');
    const text = pdfText(file);
    expect(text).toContain('Bộ phận tiếp nhận và trả kết quả: UBND phường Tân Định');
    expect(text).toContain('kèm Phiếu kiểm soát quá trình giải quyết hồ sơ');
    expect(text).toContain('qua dịch vụ bưu chính');

    const fonts = textByFont(file);
    expect(fonts.get('LiberationSerif-Italic') ?? '').toContain('TP. Hồ Chí Minh, ngày 02 tháng 03 năm 2026');
    expect(fonts.get('LiberationSerif') ?? '').not.toContain('ngày 02 tháng 03 năm 2026');

    // The rule: a dark horizontal run under "PHƯỜNG TÂN ĐỊNH", about a third of the left column wide (≈ 77 pt ≈ 107 px).
    const agency = wordBox(file, 'ĐỊNH');
    const motto = wordBox(file, 'Minh,');
    const run = longestDarkRun(file, 'receipt-rule', agency.yMax + 0.5, motto.yMax - 14, 62, 62 + 240);
    expect(run).toBeGreaterThan(90);
    expect(run).toBeLessThan(130);
  });

  it('with delivery by post, prints the address to deliver to and stores it', async () => {
    const input = {
      procedureCode: RECEPTION_PROCEDURE,
      applicant: SAMPLE_APPLICANT,
      components: [...SAMPLE_COMPONENTS],
      delivery: 'post' as const,
      deliveryAddress: 'Số 12 đường Lê Lợi, phường Thuận Hóa, TP. Huế',
    };
    const result = await core.router.call('dossier.receive', input, { caller: { role: 'officer', name: 'Lê Văn Thành' } });
    expect(result.ok).toBe(true);
    const d = result.ok ? (result.result as Dossier) : null;
    expect(d?.deliveryAddress).toBe('Số 12 đường Lê Lợi, phường Thuận Hóa, TP. Huế');
    const text = pdfText(await receiptFile(d!, 'receipt-post'));
    expect(text).toContain(
      '6. Đăng ký nhận kết quả tại: qua dịch vụ bưu chính công ích, địa chỉ nhận: Số 12 đường Lê Lợi, phường Thuận Hóa, TP. Huế',
    );

    // Without an address of its own, the applicant's address is the delivery address; with none at all it is refused.
    const fallback = await core.dossiers.receive({ ...input, deliveryAddress: undefined });
    expect(fallback.deliveryAddress).toBe('Huế');
    expect(() => core.dossiers.receiveRecord({ ...input, deliveryAddress: ' ', applicant: { ...SAMPLE_APPLICANT, address: '' } })).toThrow(
      expect.objectContaining({ code: 'invalid_input', message: expect.stringContaining('cần địa chỉ nhận kết quả') }),
    );
    const desk = await core.dossiers.receive({ ...input, delivery: 'desk' });
    expect(desk.deliveryAddress).toBeNull();
  });

  it('a receipt that runs to 2 pages carries the dossier code and "Trang x/y"', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      code: `BS${i + 1}`,
      name: `Giấy tờ kèm theo số ${i + 1} (bản sao có chứng thực)`,
      originals: 0,
      copies: 1,
      sha256: null,
    }));
    const d = await core.dossiers.receive({
      procedureCode: RECEPTION_PROCEDURE,
      applicant: SAMPLE_APPLICANT,
      components: [...SAMPLE_COMPONENTS, ...many],
    });
    const file = await receiptFile(d, 'receipt-2-pages');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
    expect(pages).toBe(2);
    expect(pdfText(file, 1)).toContain('Trang 1/2');
    const second = pdfText(file, 2);
    expect(second).toContain(`Mã hồ sơ: ${d.code}`);
    expect(second).toContain('Trang 2/2');
    // The code line sits above the body on page 2, not on top of it.
    expect(second.indexOf(`Mã hồ sơ: ${d.code}`)).toBeLessThan(second.indexOf('Giấy tờ kèm theo'));
  });

  it('one-page forms carry no page number', async () => {
    const d = await core.dossiers.receive({
      procedureCode: RECEPTION_PROCEDURE,
      applicant: SAMPLE_APPLICANT,
      components: [...SAMPLE_COMPONENTS],
    });
    expect(pdfText(await receiptFile(d, 'receipt-1-page'))).not.toContain('Trang 1/1');
  });
});

describe('embedded fonts', () => {
  it('every form 01–06 names its subsets with a six-letter tag (pdffonts: sub = yes)', async () => {
    const d = await core.dossiers.receive({
      procedureCode: RECEPTION_PROCEDURE,
      applicant: SAMPLE_APPLICANT,
      components: [...SAMPLE_COMPONENTS],
    });
    await core.dossiers.transition(d.code, 5, 'Lê Văn Thành', 'Bổ sung bản sao');
    await core.dossiers.transition(d.code, 4, 'Lê Văn Thành', 'Đã bổ sung');
    await core.dossiers.apologize(d.code, '2026-12-30T16:00:00+07:00', 'Cần xác minh', 'Lê Văn Thành');
    await core.dossiers.renderAndStore('05', d.code);
    const refused = await core.dossiers.receive({
      procedureCode: RECEPTION_PROCEDURE,
      applicant: SAMPLE_APPLICANT,
      components: [...SAMPLE_COMPONENTS],
      refusalReason: 'Không thuộc thẩm quyền',
    });
    const register = await core.router.call('dossier.form', { form: '06' }, { caller: { role: 'officer' } });
    const shas = [...core.dossiers.get(d.code).forms, ...core.dossiers.get(refused.code).forms].map((f) => [f.form, f.sha256] as const);
    if (register.ok) shas.push(['06', (register.result as { sha256: string }).sha256]);
    expect(new Set(shas.map(([f]) => f))).toEqual(new Set(['01', '02', '03', '04', '05', '06']));
    for (const [form, sha] of shas) {
      const file = path.join(OUT, `fonts-${form}.pdf`);
      fs.writeFileSync(file, core.files.get(sha));
      const fonts = pdfFonts(file);
      expect(fonts.length, form).toBeGreaterThan(0);
      const tags = new Set<string>();
      for (const f of fonts) {
        expect(f.name, `form ${form}`).toMatch(/^[A-Z]{6}\+LiberationSerif/);
        expect(f.sub, `form ${form} ${f.name}`).toBe('yes');
        tags.add(f.name.slice(0, 6));
      }
      expect(tags.size, `form ${form}: one tag per subset`).toBe(fonts.length);
    }
  });
});

describe('the installation chooses its form set', () => {
  it('by file name under resources/forms or by path; a missing or malformed set is refused in Vietnamese', async () => {
    const { formSetFile, loadFormSet, shippedFormSets } = await import('./templates');
    expect(shippedFormSets()).toContain('tt01-2018.json');
    expect(loadFormSet(formSetFile('tt01-2018.json')).set).toContain('TT 01/2018');
    expect(() => loadFormSet(formSetFile('khong-co.json'))).toThrow(
      expect.objectContaining({ code: 'invalid_input', message: expect.stringContaining('Không đọc được bộ mẫu biểu') }),
    );
    const bad = path.join(OUT, 'bad-set.json');
    fs.writeFileSync(bad, JSON.stringify({ set: 'x', forms: { '01': { title: 1 } } }));
    expect(() => loadFormSet(formSetFile(bad))).toThrow(
      expect.objectContaining({ message: expect.stringContaining('không đúng cấu trúc') }),
    );

    const own = path.join(OUT, 'own-set.json');
    const base = loadFormSet();
    fs.writeFileSync(
      own,
      JSON.stringify({ ...base, forms: { ...base.forms, '01': { ...base.forms['01'], title: 'GIẤY TIẾP NHẬN (BỘ MẪU CỦA ĐƠN VỊ)' } } }),
    );
    const chosen = testCore({ formSet: own });
    try {
      const d = await chosen.dossiers.receive({
        procedureCode: RECEPTION_PROCEDURE,
        applicant: SAMPLE_APPLICANT,
        components: [...SAMPLE_COMPONENTS],
      });
      const file = path.join(OUT, 'own-set-receipt.pdf');
      fs.writeFileSync(file, chosen.files.get(chosen.dossiers.get(d.code).forms[0]!.sha256));
      expect(pdfText(file)).toContain('GIẤY TIẾP NHẬN (BỘ MẪU CỦA ĐƠN VỊ)');
    } finally {
      await chosen.close();
    }
  });
});
