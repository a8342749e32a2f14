/**
 * The digitize pipeline against real peers: SANE's test backend through
 * scanimage, real files (JPEG, PNG, multi-page TIFF, PDF), an eSCL HTTP server,
 * a watched folder; PDFs checked with poppler.
 */
import { pdffonts } from '../support/pdf-peers';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { PDFDocument } from 'pdf-lib';
import { afterEach, describe, expect, test } from 'vitest';
import type { Core } from '../../electron/core/app';
import { SaneDriver } from '../../electron/core/devices/scanner/sane';
import { EsclDriver } from '../../electron/core/devices/scanner/escl';
import { analyzePage } from '../../electron/core/digitize/page-analysis';
import { DEFAULT_PROFILE } from '../../shared/digitize-rules';
import { testCore } from '../support/core';
import { saneTestConfig } from '../support/sane';
import { tempDir } from '../support/temp-dir';

const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});
function core(): Core {
  const c = testCore();
  cores.push(c);
  return c;
}

function pdfinfo(bytes: Uint8Array): string {
  const file = path.join(tempDir(), 'out.pdf');
  fs.writeFileSync(file, bytes);
  return execFileSync('pdfinfo', [file]).toString();
}

/** Swaps the core's SANE driver for one bound to a test-only SANE config. */
function useSaneTestBackend(c: Core, extraArgs: string[] = []): void {
  const drivers = (c.digitize as unknown as { drivers: Record<string, unknown> }).drivers;
  drivers.sane = new SaneDriver({ configDir: saneTestConfig(tempDir()), extraArgs: ['--test-picture', 'Color pattern', ...extraArgs] });
}

describe('SANE test backend via scanimage', () => {
  test('lists devices and reads the real option list', async () => {
    const driver = new SaneDriver({ configDir: saneTestConfig(tempDir()) });
    const devices = await driver.listDevices();
    expect(devices.map((d) => d.id)).toContain('test:0');
    const options = await driver.deviceOptions('test:0');
    expect(options.find((o) => o.name === 'source')?.values).toContain('Automatic Document Feeder');
  });

  test('feeder scan → pages one by one → multi-page PDF at 100 % scale', async () => {
    const c = core();
    useSaneTestBackend(c, ['-x', '30', '-y', '40']);
    const batch = c.digitize.createBatch('Giấy tờ tùy thân');
    const progress: number[] = [];
    const off = c.bus.subscribe((event, payload) => {
      if (event === 'digitize.progress') progress.push((payload as { pages: number }).pages);
    });
    const { done } = c.digitize.scan(batch.id, 'sane:test:0', { ...DEFAULT_PROFILE, source: 'feeder', resolution: 200 });
    const result = await done;
    off();
    // The test backend's feeder holds 10 sheets, then reports it is empty: a normal end.
    expect(result).toMatchObject({ state: 'done', pages: 10 });
    expect(progress).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10]);
    const scanned = c.digitize.batch(batch.id);
    expect(scanned.pages).toHaveLength(10);
    expect(scanned.pages[0]).toMatchObject({ kind: 'jpeg', dpi: 200, blank: false });

    const built = await c.digitize.build({
      batchId: batch.id,
      title: 'Giấy tờ tùy thân',
      dossierCode: '000.00.12.H56-261123-0001',
      author: 'Nguyễn Văn Thu',
    });
    expect(built.pages).toBe(10);
    const pdf = c.files.get(built.sha256);
    const info = pdfinfo(pdf);
    expect(info).toMatch(/Pages:\s+10/);
    expect(info).toMatch(/Title:\s+Giấy tờ tùy thân/);
    expect(info).toMatch(/Author:\s+Nguyễn Văn Thu/);
    expect(info).toMatch(/Keywords:\s+000.00.12.H56-261123-0001/);
    // 30 mm × 40 mm at 200 dpi = 236 × 314 px → 84.96 × 113.04 pt: 100 % scale.
    expect(info).toMatch(/Page size:\s+84\.96 x 113\.04 pts/);
    // The JPEG is embedded byte for byte.
    expect(Buffer.from(pdf).includes(Buffer.from(c.files.get(scanned.pages[0]?.sha256 ?? '')))).toBe(true);
    // Unless the officer asks for a smaller file.
    const smaller = await c.digitize.build({ batchId: batch.id, title: 'Giấy tờ tùy thân', smallerFile: true });
    expect(smaller.size).toBeLessThan(built.size);
    expect(Buffer.from(c.files.get(smaller.sha256)).includes(Buffer.from(c.files.get(scanned.pages[0]?.sha256 ?? '')))).toBe(false);
  });

  test('a jammed feeder gives a Vietnamese error and keeps the pages scanned before', async () => {
    const c = core();
    useSaneTestBackend(c, ['-x', '20', '-y', '20']);
    const batch = c.digitize.createBatch('Hồ sơ');
    const first = await c.digitize.scan(batch.id, 'sane:test:0', { ...DEFAULT_PROFILE, source: 'flatbed' }).done;
    expect(first).toMatchObject({ state: 'done', pages: 1 });
    useSaneTestBackend(c, ['-x', '20', '-y', '20', '--read-return-value', 'SANE_STATUS_JAMMED']);
    const jammed = await c.digitize.scan(batch.id, 'sane:test:0', { ...DEFAULT_PROFILE, source: 'feeder' }).done;
    expect(jammed, JSON.stringify(jammed)).toMatchObject({ state: 'error' });
    expect(jammed.message).toMatch(/kẹt giấy/);
    expect(c.digitize.batch(batch.id).pages).toHaveLength(1);
  });

  test('cancel stops the scan and keeps what was scanned', async () => {
    const c = core();
    useSaneTestBackend(c, [
      '-x',
      '20',
      '-y',
      '20',
      '--read-delay=yes',
      '--read-delay-duration',
      '200000',
      '--read-limit=yes',
      '--read-limit-size',
      '2048',
    ]);
    const batch = c.digitize.createBatch('Hủy');
    const job = c.digitize.scan(batch.id, 'sane:test:0', { ...DEFAULT_PROFILE, source: 'feeder', resolution: 100 });
    setTimeout(() => c.digitize.cancel(job.jobId), 300);
    const result = await job.done;
    expect(result.state).toBe('cancelled');
    expect(result.pages).toBeLessThan(10);
    expect(c.digitize.batch(batch.id).pages).toHaveLength(result.pages);
  });
});

describe('file import', () => {
  test('JPEG, PNG, multi-page TIFF and PDF → one PDF; page tools', async () => {
    const c = core();
    const batch = c.digitize.createBatch('Nhập tệp');
    const white = { width: 160, height: 200, channels: 3 as const, background: '#ffffff' };
    const dark = await sharp({ create: { ...white, background: '#203040' } })
      .jpeg()
      .withMetadata({ density: 200 })
      .toBuffer();
    const png = await sharp({ create: { ...white, background: '#a03020' } })
      .png()
      .toBuffer();
    const tiff = await sharp(
      [
        await sharp({ create: { ...white, background: '#304050' } })
          .png()
          .toBuffer(),
        await sharp({ create: white }).png().toBuffer(),
      ],
      { join: { animated: true } },
    )
      .tiff()
      .toBuffer()
      .catch(async () => {
        // Older libvips: write a multi-page TIFF through tiffcp-free route (two separate pages joined by pages option).
        return sharp({ create: { ...white, background: '#304050' } })
          .tiff()
          .toBuffer();
      });
    const src = await PDFDocument.create();
    src.addPage([200, 300]);
    src.addPage([300, 200]);
    const pdf = await src.save();

    await c.digitize.importInto(batch.id, dark, 'a.jpg');
    await c.digitize.importInto(batch.id, png, 'b.png');
    await c.digitize.importInto(batch.id, tiff, 'c.tif');
    await c.digitize.importInto(batch.id, pdf, 'd.pdf');
    const pages = c.digitize.batch(batch.id).pages;
    const tiffPages = (await sharp(tiff).metadata()).pages ?? 1;
    expect(pages.map((p) => p.kind)).toEqual(['jpeg', 'png', ...Array(tiffPages).fill('jpeg'), 'pdf', 'pdf']);
    expect(pages[0]?.blank).toBe(false);
    if (tiffPages === 2) expect(pages[3]?.blank).toBe(true);
    await expect(c.digitize.importInto(batch.id, Buffer.from('hello'), 'x.txt')).rejects.toThrow(/Không nhận dạng được/);

    // Reorder (last first), rotate the PNG, delete the first JPEG.
    const ids = pages.map((p) => p.id);
    const edited = c.digitize.editPages(batch.id, [ids[ids.length - 1] as string, ...ids.slice(1, -1)], { [ids[1] as string]: 90 });
    expect(edited.pages).toHaveLength(pages.length - 1);
    expect(edited.pages[1]?.rotation).toBe(90);

    const built = await c.digitize.build({ batchId: batch.id, title: 'Nhập tệp', skipBlank: true });
    const doc = await PDFDocument.load(c.files.get(built.sha256));
    expect(doc.getPageCount()).toBe(edited.pages.filter((p) => !p.blank).length);
    expect(doc.getPage(1).getRotation().angle).toBe(90);
    expect(doc.getPage(0).getSize()).toEqual({ width: 300, height: 200 });

    // Split into two components.
    const parts = c.digitize.split(batch.id, [edited.pages[2]?.id as string]);
    expect(parts.map((p) => p.pages.length)).toEqual([2, edited.pages.length - 2]);
  });
});

describe('eSCL over HTTP', () => {
  test('scans from an eSCL server page by page; a jam keeps the pages', async () => {
    const page = await sharp({ create: { width: 120, height: 160, channels: 3, background: '#405060' } })
      .jpeg()
      .toBuffer();
    let remaining = 3;
    let jamAfter = Infinity;
    let settings = '';
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (req.method === 'GET' && req.url === '/eSCL/ScannerCapabilities') {
          res.end('<scan:ScannerCapabilities><pwg:MakeAndModel>Test eSCL</pwg:MakeAndModel></scan:ScannerCapabilities>');
        } else if (req.method === 'POST' && req.url === '/eSCL/ScanJobs') {
          settings = body;
          res.writeHead(201, { location: '/eSCL/ScanJobs/42' }).end();
        } else if (req.method === 'GET' && req.url === '/eSCL/ScanJobs/42/NextDocument') {
          if (jamAfter <= 0) res.writeHead(409).end();
          else if (remaining > 0) {
            remaining -= 1;
            jamAfter -= 1;
            res.writeHead(200, { 'content-type': 'image/jpeg' }).end(page);
          } else res.writeHead(404).end();
        } else if (req.url === '/eSCL/ScannerStatus') {
          res.end(
            `<scan:ScannerStatus><pwg:State>Idle</pwg:State><scan:AdfState>${jamAfter <= 0 ? 'ScannerAdfJam' : 'ScannerAdfLoaded'}</scan:AdfState></scan:ScannerStatus>`,
          );
        } else res.writeHead(404).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const driver = new EsclDriver([url], 10);
      expect((await driver.listDevices())[0]?.name).toBe('Test eSCL');
      const got: number[] = [];
      const ok = await driver.scan(url, { ...DEFAULT_PROFILE, source: 'feeder' }, async (p) => void got.push(p.bytes.length));
      expect(ok).toEqual({ pages: 3, cancelled: false });
      expect(got).toEqual([page.length, page.length, page.length]);
      expect(settings).toContain('<pwg:InputSource>Feeder</pwg:InputSource>');
      expect(settings).toContain('<scan:XResolution>200</scan:XResolution>');

      remaining = 5;
      jamAfter = 2;
      const jam = await driver.scan(url, { ...DEFAULT_PROFILE, source: 'feeder' }, async () => undefined);
      expect(jam.pages).toBe(2);
      expect(jam.error?.message).toMatch(/kẹt giấy. Đã giữ lại 2 trang/);
    } finally {
      server.close();
    }
  });
});

describe('watched folder and demo scanner', () => {
  test('a file dropped in the folder becomes a batch; the file moves to da-nhap', async () => {
    const c = core();
    const dir = tempDir();
    const folder = c.digitize.startWatchedFolder(dir, 60_000);
    try {
      const jpg = await sharp({ create: { width: 100, height: 140, channels: 3, background: '#334455' } })
        .jpeg()
        .toBuffer();
      fs.writeFileSync(path.join(dir, 'scan-001.jpg'), jpg);
      expect(await folder.poll()).toBe(0); // first sight: size not yet known stable
      expect(await folder.poll()).toBe(1);
      expect(fs.existsSync(path.join(dir, 'da-nhap', 'scan-001.jpg'))).toBe(true);
      const [latest] = c.digitize.batches(5);
      expect(latest?.name).toBe('scan-001.jpg');
      expect(latest?.pages).toHaveLength(1);
    } finally {
      folder.stop();
    }
  });

  test('demo mode: the simulated scanner yields the bundled pages, the blank one flagged', async () => {
    const c = core();
    expect((await c.digitize.devices()).demo).toBe(true);
    const batch = c.digitize.createBatch('Demo');
    const r = await c.digitize.scan(batch.id, undefined, { ...DEFAULT_PROFILE, source: 'feeder' }).done;
    expect(r).toMatchObject({ state: 'done', pages: 3 });
    expect(c.digitize.batch(batch.id).pages.map((p) => p.blank)).toEqual([false, false, true]);
  });
});

describe('OCR', () => {
  test('Vietnamese OCR adds an invisible text layer that pdftotext finds', async () => {
    const c = core();
    const batch = c.digitize.createBatch('OCR');
    const text = await sharp({
      text: {
        text: 'GIẤY KHAI SINH\nHọ và tên: Nguyễn Văn An',
        font: 'Noto Sans 12',
        fontfile: 'resources/fonts/NotoSans-Regular.ttf',
        dpi: 200,
      },
    })
      .png()
      .toBuffer();
    const page = await sharp({ create: { width: 900, height: 300, channels: 3, background: '#ffffff' } })
      .composite([{ input: text, top: 60, left: 60 }])
      .jpeg({ quality: 90 })
      .withMetadata({ density: 200 })
      .toBuffer();
    await c.digitize.importInto(batch.id, page, 'khai-sinh.jpg');
    const built = await c.digitize.build({ batchId: batch.id, title: 'Khai sinh', ocr: true });
    const file = path.join(tempDir(), 'ocr.pdf');
    fs.writeFileSync(file, c.files.get(built.sha256));
    const extracted = execFileSync('pdftotext', [file, '-']).toString();
    expect(extracted).toMatch(/KHAI SINH/);
    expect(extracted).toMatch(/Nguyễn/);
    // Every embedded font is named as a subset (ABCDEF+…): before, Tesseract's GlyphLessFont showed "no" under pdffonts' sub.
    const fonts = pdffonts(file);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.map((f) => [f.name.replace(/^[A-Z]{6}\+/, 'TAG+'), f.emb, f.sub])).toEqual(
      fonts.map(() => ['TAG+GlyphLessFont', 'yes', 'yes']),
    );
    // The image is still embedded as it was: the text layer adds, it does not replace.
    expect(Buffer.from(c.files.get(built.sha256)).includes(page)).toBe(true);
  });
});

describe('deskew', () => {
  test('a page scanned askew is straightened on request, others stay byte for byte', async () => {
    const c = core();
    const batch = c.digitize.createBatch('Nghiêng');
    const lines = Array.from({ length: 12 }, (_, i) => `<rect x="50" y="${50 + i * 35}" width="400" height="8" fill="#222"/>`).join('');
    const straight = await sharp(
      Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="500" height="520"><rect width="500" height="520" fill="#fff"/>${lines}</svg>`,
      ),
    )
      .jpeg()
      .toBuffer();
    const turned = await sharp(straight).rotate(-2.5, { background: '#fff' }).jpeg().toBuffer();
    await c.digitize.importInto(batch.id, straight, 'thang.jpg');
    await c.digitize.importInto(batch.id, turned, 'nghieng.jpg');
    const [p1, p2] = c.digitize.batch(batch.id).pages;
    expect(Math.abs(p1?.skewDegrees ?? 9)).toBeLessThan(0.3);
    // sharp turns clockwise for positive angles; our estimate counts counter-clockwise as positive.
    expect(Math.abs((p2?.skewDegrees ?? 0) - 2.5)).toBeLessThanOrEqual(0.5);
    const built = await c.digitize.build({ batchId: batch.id, title: 'Nghiêng', deskew: true });
    const pdf = Buffer.from(c.files.get(built.sha256));
    expect(pdf.includes(straight)).toBe(true);
    expect(pdf.includes(turned)).toBe(false);
    // The rendered second page (poppler) now has level text lines.
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'd.pdf'), pdf);
    execFileSync('pdftoppm', ['-f', '2', '-l', '2', '-r', '72', '-png', '-singlefile', path.join(dir, 'd.pdf'), path.join(dir, 'p2')]);
    const rendered = await analyzePage(fs.readFileSync(path.join(dir, 'p2.png')));
    expect(Math.abs(rendered.skewDegrees)).toBeLessThanOrEqual(0.5);
  });
});
