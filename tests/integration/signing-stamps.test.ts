/**
 * Visible signatures that coexist, on any page (issue #14). Page 1 is rendered
 * with pdftoppm before and after each signature; the pixels that changed are
 * the new stamp's box. Two stamps must not overlap, must lie inside the visible
 * page (CropBox, rotation applied), read upright (wider than tall) and sit at the
 * top right as displayed. Each output is validated by pdfsig and mutool.
 *
 * Before the fix: the second stamp got the first one's /Rect (the two signing
 * times overprinted) and on a /Rotate 90 page the stamp landed at the lower
 * right, running vertically.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DigitizeWorker } from '../../electron/core/digitize/worker-client';
import { demoKey, SigningService } from '../../electron/core/signing/signing-service';
import sharp from 'sharp';
import { testCore } from '../support/core';
import { buildPdf, onePage, PAGES_A4, rotatedPage } from '../support/pdf-builder';
import { mutoolVerdicts, pdffonts, pdfsigVerdicts } from '../support/pdf-peers';

type Box = [number, number, number, number];
interface Gray {
  width: number;
  height: number;
  pixels: Buffer;
}

let dir: string;
const worker = new DigitizeWorker();
const service = new SigningService(worker, undefined, 'UBND phường Tân Định');
const DPI = 36;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-stamps-'));
});
afterAll(async () => {
  await worker.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Page 1 as pdftoppm shows it (CropBox, /Rotate applied), 8-bit gray. */
function render(pdf: Uint8Array, name: string): Gray {
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const prefix = path.join(dir, name);
  execFileSync('pdftoppm', ['-r', String(DPI), '-gray', '-f', '1', '-l', '1', '-singlefile', file, prefix]);
  const pgm = fs.readFileSync(`${prefix}.pgm`);
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header?.[1] || !header[2]) throw new Error('not a PGM');
  return { width: Number(header[1]), height: Number(header[2]), pixels: pgm.subarray(header[0].length) };
}

/** Bounding box [x1, y1, x2, y2] (pixels, y down) of what changed between two renderings. */
function changedBox(a: Gray, b: Gray): Box | undefined {
  expect([b.width, b.height]).toEqual([a.width, a.height]);
  let box: Box | undefined;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const i = y * a.width + x;
      if (Math.abs((a.pixels[i] ?? 0) - (b.pixels[i] ?? 0)) < 60) continue;
      box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x + 1), Math.max(box[3], y + 1)] : [x, y, x + 1, y + 1];
    }
  }
  return box;
}

const overlap = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

function expectOnPageTopRight(box: Box | undefined, page: Gray): asserts box is Box {
  expect(box, 'the stamp is visible').toBeDefined();
  const [x1, y1, x2, y2] = box as Box;
  expect(x1).toBeGreaterThan(0);
  expect(y1).toBeGreaterThan(0);
  expect(x2).toBeLessThan(page.width);
  expect(y2).toBeLessThan(page.height);
  // Upright text lines: wider than tall, in the right half and the top half as displayed.
  expect(x2 - x1).toBeGreaterThan(y2 - y1);
  expect((x1 + x2) / 2).toBeGreaterThan(page.width / 2);
  expect((y1 + y2) / 2).toBeLessThan(page.height / 2);
}

async function signTwiceVisible(input: Uint8Array, name: string): Promise<{ boxes: [Box, Box]; out: string }> {
  const once = await service.signBytes(demoKey(), input, { copyType: 'sao-y' });
  const twice = await service.signBytes(demoKey(), once, { copyType: 'so-hoa' });
  const [r0, r1, r2] = [render(input, `${name}-0`), render(once, `${name}-1`), render(twice, `${name}-2`)];
  const first = changedBox(r0, r1);
  const second = changedBox(r1, r2);
  expectOnPageTopRight(first, r0);
  expectOnPageTopRight(second, r0);
  return { boxes: [first, second], out: path.join(dir, `${name}-2.pdf`) };
}

function expectPeersValidate(file: string, count: number): void {
  expect(pdfsigVerdicts(file)).toEqual(Array(count).fill('valid'));
  const mu = mutoolVerdicts(file);
  expect(mu.ok, mu.out).toEqual(Array(count).fill(true));
}

describe('our own digitized copies (rotation stored as a page attribute)', () => {
  test('a scan turned 90° and signed while assembled: the stamp is upright at the top right as displayed', async () => {
    const core = testCore({ seedDemo: false });
    try {
      const sessionId = core.signing.openSession(demoKey());
      const scan = await sharp({ create: { width: 827, height: 1169, channels: 3, background: '#ffffff' } })
        .jpeg()
        .toBuffer();
      const batch = core.digitize.createBatch('Xoay');
      const imported = await core.digitize.importInto(batch.id, scan, 'trang.jpg');
      const page = imported.pages[0];
      if (!page) throw new Error('no page');
      core.digitize.editPages(batch.id, [page.id], { [page.id]: 90 });
      const plain = await core.digitize.build({ batchId: batch.id, title: 'Xoay' });
      const signed = await core.digitize.build({ batchId: batch.id, title: 'Xoay', sign: { sessionId, copyType: 'so-hoa' } });
      const before = render(new Uint8Array(core.files.get(plain.sha256)), 'own-0');
      const after = render(new Uint8Array(core.files.get(signed.sha256)), 'own-1');
      expect(before.width).toBeGreaterThan(before.height);
      expectOnPageTopRight(changedBox(before, after), before);
      expectPeersValidate(path.join(dir, 'own-1.pdf'), 1);
    } finally {
      await core.close();
    }
  });
});

describe('two visible signatures on page 1', () => {
  test('the second stamp goes under the first, neither overlaps the other', async () => {
    const { boxes, out } = await signTwiceVisible(rotatedPage(0, '[0 0 595 842]'), 'plain');
    expect(overlap(boxes[0], boxes[1])).toBe(false);
    expect(boxes[1][1]).toBeGreaterThanOrEqual(boxes[0][3]);
    expectPeersValidate(out, 2);
    // The stamps' fonts are subsets named ABCDEF+… (pdffonts "sub" = yes); Helvetica of the input is not embedded.
    const embedded = pdffonts(out).filter((f) => f.emb === 'yes');
    expect(embedded.map((f) => [/^[A-Z]{6}\+LiberationSerif$/.test(f.name), f.sub])).toEqual([
      [true, 'yes'],
      [true, 'yes'],
    ]);
  });

  test.each([90, 180, 270, -90])(
    'on a page with /Rotate %i and a CropBox away from the origin: upright, top right, inside the page',
    async (rotate) => {
      const { boxes, out } = await signTwiceVisible(rotatedPage(rotate), `rot${rotate}`);
      expect(overlap(boxes[0], boxes[1])).toBe(false);
      expectPeersValidate(out, 2);
    },
  );

  test('clear of a signature widget another program placed at the top right (field type inherited from its parent)', async () => {
    const objects = onePage(
      PAGES_A4,
      '<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [7 0 R] >>',
    );
    objects[0] = { num: 1, body: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] /SigFlags 1 >> >>' };
    const box = '0 0 0 rg 0 0 200 80 re f';
    objects.push(
      { num: 6, body: '<< /FT /Sig /T (Other agency) /Kids [7 0 R] >>' },
      { num: 7, body: '<< /Type /Annot /Subtype /Widget /Parent 6 0 R /Rect [377 744 577 824] /P 3 0 R /F 4 /AP << /N 8 0 R >> >>' },
      { num: 8, body: `<< /Type /XObject /Subtype /Form /BBox [0 0 200 80] /Length ${box.length} >>\nstream\n${box}\nendstream` },
    );
    const input = buildPdf(objects);
    const signed = await service.signBytes(demoKey(), input, { copyType: 'sao-y' });
    const ours = changedBox(render(input, 'foreign-0'), render(signed, 'foreign-1'));
    const scale = DPI / 72;
    const theirs: Box = [377 * scale, (842 - 824) * scale, 577 * scale, (842 - 744) * scale];
    expect(ours).toBeDefined();
    expect(overlap(ours as Box, theirs)).toBe(false);
    expect(pdfsigVerdicts(path.join(dir, 'foreign-1.pdf'))).toEqual(['valid']);
  });
});
