import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { buildPdf } from '../../../tests/support/pdf-builder';
import { scanPdf } from '../../../tests/support/scan-pdf';
import { AttachmentError, checkAttachment, checkStoredAttachments } from './attachment-check';
import { FileStore } from './file-store';

async function realPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]);
  return doc.save();
}

async function refusal(bytes: Uint8Array): Promise<AttachmentError> {
  const error = await checkAttachment(bytes, 'Tờ khai').then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AttachmentError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

// Issue #13 repro: a 0-byte `empty.pdf` and a text file renamed `fake.pdf` were received and the receipt
// said "(đã số hóa)". Each refusal names the component and is Vietnamese.
describe('checkAttachment', () => {
  it('refuses an empty file (repro: 0-byte empty.pdf)', async () => {
    const e = await refusal(new Uint8Array());
    expect(e.problem).toBe('empty');
    expect(e.message).toContain('Thành phần "Tờ khai": tệp rỗng');
  });

  it('refuses a text file renamed .pdf (repro: fake.pdf)', async () => {
    const e = await refusal(Buffer.from('Day la mot tep van ban, khong phai PDF.\n'));
    expect(e.problem).toBe('unknown_kind');
    expect(e.message).toContain('"Tờ khai"');
  });

  it('refuses text that only starts like a PDF', async () => {
    const e = await refusal(Buffer.from('%PDF-1.4\n% scanned declaration\n%%EOF\n'));
    expect(e.problem === 'unreadable' || e.problem === 'no_pages').toBe(true);
  });

  it('refuses a truncated PDF', async () => {
    const whole = await realPdf(3);
    const e = await refusal(whole.subarray(0, Math.floor(whole.byteLength / 2)));
    expect(e.problem).toBe('truncated');
  });

  it('refuses a PDF with 0 pages', async () => {
    const zero = buildPdf([
      { num: 1, body: '<< /Type /Catalog /Pages 2 0 R >>' },
      { num: 2, body: '<< /Type /Pages /Kids [] /Count 0 >>' },
    ]);
    const e = await refusal(zero);
    expect(e.problem).toBe('no_pages');
  });

  it('refuses a truncated JPEG', async () => {
    const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer();
    const e = await refusal(jpeg.subarray(0, Math.floor(jpeg.byteLength / 2)));
    expect(e.problem).toBe('unreadable');
  });

  it('accepts a real PDF and counts its pages', async () => {
    expect(await checkAttachment(await realPdf(3), 'Tờ khai')).toEqual({ kind: 'pdf', pages: 3 });
  });

  it('accepts a real multi-page TIFF and counts its pages', async () => {
    const page = () => sharp({ create: { width: 120, height: 160, channels: 3, background: '#fff' } });
    const tiff = await sharp([await page().png().toBuffer(), await page().png().toBuffer()], { join: { animated: true } })
      .tiff()
      .toBuffer();
    expect(await checkAttachment(tiff, 'Giấy khai sinh')).toEqual({ kind: 'tiff', pages: 2 });
  });

  it('accepts PNG and JPEG as one page', async () => {
    const image = sharp({ create: { width: 50, height: 50, channels: 3, background: '#000' } });
    expect(await checkAttachment(await image.clone().png().toBuffer(), 'Ảnh')).toEqual({ kind: 'png', pages: 1 });
    expect(await checkAttachment(await image.clone().jpeg().toBuffer(), 'Ảnh')).toEqual({ kind: 'jpeg', pages: 1 });
  });
});

describe('checkStoredAttachments', () => {
  it('names the failing component among several', async () => {
    const files = new FileStore(mkdtempSync(path.join(tmpdir(), 'attach-')));
    const good = files.put(await realPdf(1)).sha256;
    const bad = files.put(Buffer.from('not a scan')).sha256;
    await expect(
      checkStoredAttachments(files, [
        { name: 'Tờ khai', sha256: good },
        { name: 'Giấy tờ tùy thân', sha256: null },
        { name: 'Giấy chứng sinh', sha256: bad },
      ]),
    ).rejects.toThrow('Thành phần "Giấy chứng sinh"');
  });
});

describe('the fixture scans of the integration tests', () => {
  it('are real PDFs, whatever bytes they carry', async () => {
    expect(await checkAttachment(scanPdf('to khai'), 'Tờ khai')).toEqual({ kind: 'pdf', pages: 1 });
    expect(await checkAttachment(scanPdf(randomBytes(50_000)), 'Tờ khai')).toEqual({ kind: 'pdf', pages: 1 });
  });
});
