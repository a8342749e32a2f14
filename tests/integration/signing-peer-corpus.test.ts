/**
 * A third-party corpus (issue #18): PDFs written by ghostscript, qpdf (object
 * and xref streams, linearized), cairo (pdftocairo), MuPDF (mutool clean) and
 * LibreOffice when installed, plus hand-written defect cases taken from a peer
 * project's test data: catalog `1 9 obj`, startxref off by a few bytes or
 * hopeless, a table with wrong offsets, no /MediaBox, a page written directly into /Kids, a `%PDF-X.Y`
 * header, inherited CropBox and Rotate. Every one is signed twice through the
 * product's path (invisible, then a visible `sao-y` copy stamp) and each output
 * is read by pdfsig, `mutool sign -v`, `qpdf --check` and pdfinfo: all
 * signatures valid, no damage reported, the input's page count, the input's
 * bytes kept as the start.
 *
 * Before the fix: generation-9 gave "object 1 0 not found" in qpdf; both
 * startxref cases made poppler read 0 pages; no-mediabox was refused ("Expected
 * instance of PDFArray"); direct-kid and `%PDF-X.Y` were refused.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AppError } from '../../shared/contract';
import { DigitizeWorker } from '../../electron/core/digitize/worker-client';
import { demoKey, SigningService } from '../../electron/core/signing/signing-service';
import { verifyPdf } from '../../electron/core/signing/verify';
import { buildPdf, DEFECTS, onePage, PAGE } from '../support/pdf-builder';
import { has, mutoolPages, mutoolVerdicts, pdfinfoPages, pdfsigVerdicts, qpdfCheck } from '../support/pdf-peers';

let dir: string;
const worker = new DigitizeWorker();
const service = new SigningService(worker, undefined, 'UBND phường Tân Định');
const corpus = new Map<string, string>();

function gsPdf(out: string): void {
  const ps =
    '/Helvetica findfont 20 scalefont setfont 72 700 moveto (Trang 1 - ghostscript) show showpage 72 700 moveto (Trang 2) show showpage 72 700 moveto (Trang 3) show showpage';
  execFileSync('gs', ['-q', '-sDEVICE=pdfwrite', '-o', out, '-c', ps]);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-peer-corpus-'));
  const at = (name: string) => path.join(dir, `${name}.pdf`);
  gsPdf(at('ghostscript'));
  corpus.set('ghostscript', at('ghostscript'));
  execFileSync('qpdf', ['--object-streams=generate', at('ghostscript'), at('qpdf-object-streams')]);
  corpus.set('qpdf-object-streams', at('qpdf-object-streams'));
  execFileSync('qpdf', ['--linearize', at('ghostscript'), at('qpdf-linearized')]);
  corpus.set('qpdf-linearized', at('qpdf-linearized'));
  execFileSync('pdftocairo', ['-pdf', at('ghostscript'), at('cairo')]);
  corpus.set('cairo', at('cairo'));
  execFileSync('mutool', ['clean', '-gg', at('ghostscript'), at('mutool-clean')]);
  corpus.set('mutool-clean', at('mutool-clean'));
  if (has('soffice')) {
    fs.writeFileSync(path.join(dir, 'lo.txt'), 'Văn bản của LibreOffice\n');
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'lo.txt')], { timeout: 120_000 });
    corpus.set('libreoffice', path.join(dir, 'lo.pdf'));
  }
  for (const [name, make] of Object.entries(DEFECTS)) {
    fs.writeFileSync(at(name), make());
    corpus.set(name, at(name));
  }
}, 120_000);

afterAll(async () => {
  await worker.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const NAMES = ['ghostscript', 'qpdf-object-streams', 'qpdf-linearized', 'cairo', 'mutool-clean', ...Object.keys(DEFECTS)];

describe('sign every file of the corpus twice; four readers accept each output', () => {
  test.each(NAMES)('%s', async (name) => {
    const input = corpus.get(name) as string;
    const original = new Uint8Array(fs.readFileSync(input));
    const expectedPages = pdfinfoPages(input).pages;
    expect(expectedPages, `pdfinfo reads the input ${name}`).toBeGreaterThan(0);

    const once = await service.signBytes(demoKey(), original, {});
    const twice = await service.signBytes(demoKey(), once, { copyType: 'sao-y' });
    const out = path.join(dir, `${name}.signed.pdf`);
    fs.writeFileSync(out, twice);

    expect(Buffer.from(twice.subarray(0, original.length)).equals(Buffer.from(original))).toBe(true);
    expect(pdfsigVerdicts(out)).toEqual(['valid', 'valid']);
    const mu = mutoolVerdicts(out);
    expect(mu.ok, mu.out).toEqual([true, true]);
    // qpdf: no warning the input did not have already (only `%PDF-X.Y` keeps its "can't find PDF header").
    const q = qpdfCheck(out);
    const problems = (text: string, file: string) =>
      text
        .split('\n')
        .filter((l) => /WARNING|damaged|not found/.test(l))
        .map((l) => l.replace(file, 'FILE'));
    const inputProblems = problems(qpdfCheck(input).out, input);
    expect(problems(q.out, out).filter((p) => !inputProblems.includes(p))).toEqual([]);
    expect(q.code, q.out).toBe(name === 'header-X.Y' ? 3 : 0);
    const info = pdfinfoPages(out);
    expect(info.pages, info.out).toBe(expectedPages);
    expect(info.out).not.toMatch(/Syntax Error|xref num/);
    expect(mutoolPages(out)).toBe(expectedPages);
    expect(verifyPdf(twice).map((c) => c.intact)).toEqual([true, true]);
  });

  test('LibreOffice output too, when LibreOffice is installed (it is not in CI)', async () => {
    const input = corpus.get('libreoffice');
    expect(input === undefined).toBe(!has('soffice'));
    if (!input) return;
    const signed = await service.signBytes(demoKey(), new Uint8Array(fs.readFileSync(input)), { copyType: 'sao-y' });
    const out = path.join(dir, 'lo.signed.pdf');
    fs.writeFileSync(out, signed);
    expect(pdfsigVerdicts(out)).toEqual(['valid']);
  });
});

describe('inputs no reader can use are refused, each with its own Vietnamese reason', () => {
  test.each([
    ['a /Pages that points nowhere', buildPdf([{ num: 1, body: '<< /Type /Catalog /Pages 9 0 R >>' }]), /^Tệp PDF bị hỏng/],
    [
      'a page tree with no page',
      buildPdf([
        { num: 1, body: '<< /Type /Catalog /Pages 2 0 R >>' },
        { num: 2, body: '<< /Type /Pages /Kids [] /Count 0 >>' },
      ]),
      /^Tệp PDF bị hỏng/,
    ],
    ['garbage after a header', new Uint8Array(Buffer.from('%PDF-1.7\nthis is not a pdf')), /^Tệp PDF bị hỏng/],
  ])('%s', async (_name, pdf, message) => {
    const refusal = await service.signBytes(demoKey(), pdf, {}).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).message).toMatch(message);
    expect((refusal as AppError).message).not.toMatch(/[A-Z][a-z]+ (of|instance|expected)|undefined|Error/);
    expect((refusal as AppError).details?.length).toBeGreaterThan(0);
  });

  test('a broken table inside an object stream file cannot be rebuilt: refused as unsupported, not signed', async () => {
    const objStm = buildPdf(
      [
        ...onePage('<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>', PAGE),
        { num: 6, body: '<< /Type /ObjStm /N 0 /First 0 /Length 0 >>\nstream\n\nendstream' },
      ],
      {
        entryDelta: 7,
      },
    );
    const refusal = await service.signBytes(demoKey(), objStm, {}).catch((e: unknown) => e);
    expect((refusal as AppError).message).toMatch(/^Tệp PDF có cấu trúc chưa được hỗ trợ/);
  });
});
