/**
 * PAdES B-T against a real RFC 3161 TSA: OpenSSL's `openssl ts -reply` behind a
 * small HTTP server written here. pdfsig still validates the signature and the
 * token is checked by `openssl ts -verify` and by our verifier.
 */
import { AppError } from '../../shared/contract';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as pkijs from 'pkijs';
import { DigitizeWorker } from '../../electron/core/digitize/worker-client';
import { CMS_OID } from '../../electron/core/signing/cms';
import { findSignatures } from '../../electron/core/signing/pdf-signatures';
import { demoKey, SigningService } from '../../electron/core/signing/signing-service';
import { verifyPdf } from '../../electron/core/signing/verify';
import { pdfsig } from '../support/softhsm';
import { tempDir } from '../support/temp-dir';

let server: http.Server;
let url: string;
let dir: string;
const worker = new DigitizeWorker();

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'motcua-tsa-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      path.join(dir, 'tsa.key'),
      '-out',
      path.join(dir, 'tsa.crt'),
      '-days',
      '30',
      '-subj',
      '/CN=Test TSA',
      '-addext',
      'extendedKeyUsage=critical,timeStamping',
    ],
    { stdio: 'ignore' },
  );
  fs.writeFileSync(path.join(dir, 'serial'), '01\n');
  fs.writeFileSync(
    path.join(dir, 'ts.cnf'),
    [
      '[ tsa ]',
      'default_tsa = tsa1',
      '[ tsa1 ]',
      `serial = ${dir}/serial`,
      `signer_cert = ${dir}/tsa.crt`,
      `signer_key = ${dir}/tsa.key`,
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'digests = sha256',
      'accuracy = secs:1',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const q = path.join(dir, `q${Date.now()}.tsq`);
      const r = `${q}.tsr`;
      fs.writeFileSync(q, Buffer.concat(chunks));
      execFileSync('openssl', ['ts', '-reply', '-config', path.join(dir, 'ts.cnf'), '-queryfile', q, '-out', r], { stdio: 'ignore' });
      res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(fs.readFileSync(r));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
});

afterAll(async () => {
  server.close();
  await worker.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a signature with an RFC 3161 timestamp from the TSA', async () => {
  const doc = await PDFDocument.create();
  doc.addPage([300, 300]);
  const service = new SigningService(worker, undefined, 'UBND phường Tân Định', url);
  const signed = await service.signBytes(demoKey(), await doc.save());
  const file = path.join(tempDir(), 'bt.pdf');
  fs.writeFileSync(file, signed);
  expect(pdfsig(file).output).toContain('Signature is Valid');

  const [check] = verifyPdf(signed);
  expect(check?.intact).toBe(true);
  expect(check?.timestamp).toBeDefined();
  expect(Math.abs(new Date(check?.timestamp ?? 0).getTime() - Date.now())).toBeLessThan(60_000);

  // OpenSSL checks the token against the signature value it stamps.
  const raw = findSignatures(signed)[0]?.contents ?? new Uint8Array();
  const cms = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(raw.slice().buffer).content });
  const si = cms.signerInfos[0];
  const token = si?.unsignedAttrs?.attributes.find((a) => a.type === CMS_OID.timeStampToken)?.values[0];
  expect(token).toBeDefined();
  fs.writeFileSync(path.join(dir, 'token.der'), Buffer.from(token?.toBER() ?? new ArrayBuffer(0)));
  fs.writeFileSync(path.join(dir, 'sigvalue.bin'), Buffer.from(si?.signature.valueBlock.valueHexView ?? []));
  const out = execFileSync(
    'openssl',
    [
      'ts',
      '-verify',
      '-token_in',
      '-in',
      path.join(dir, 'token.der'),
      '-data',
      path.join(dir, 'sigvalue.bin'),
      '-CAfile',
      path.join(dir, 'tsa.crt'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  ).toString();
  expect(out).toMatch(/Verification: OK/);
});

test('an unreachable TSA fails the signing with a Vietnamese message', async () => {
  const doc = await PDFDocument.create();
  doc.addPage([300, 300]);
  const service = new SigningService(worker, undefined, 'UBND', 'http://127.0.0.1:9/tsa');
  await expect(service.signBytes(demoKey(), await doc.save())).rejects.toThrow(/dấu thời gian/);
});

test('original document: signer image and seal image where the officer placed them (NĐ 30/2020)', async () => {
  const sharp = (await import('sharp')).default;
  const signerImage = await sharp({ create: { width: 240, height: 120, channels: 4, background: { r: 20, g: 40, b: 200, alpha: 0.9 } } })
    .png()
    .toBuffer();
  const sealImage = await sharp({ create: { width: 150, height: 150, channels: 4, background: { r: 220, g: 20, b: 20, alpha: 0.6 } } })
    .png()
    .toBuffer();
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  doc.addPage([595, 842]);
  const service = new SigningService(worker, undefined, 'UBND phường Tân Định');
  const signed = await service.signBytes(demoKey(), await doc.save(), { original: { page: 1, x: 320, y: 120, signerImage, sealImage } });
  const file = path.join(tempDir(), 'original.pdf');
  fs.writeFileSync(file, signed);
  expect(pdfsig(file).output).toContain('Signature is Valid');
  // Both images are on page 2, inside the signature's appearance.
  const list = execFileSync('pdfimages', ['-list', file]).toString();
  const rows = list
    .split('\n')
    .slice(2)
    .filter((l) => /^\s+2\s/.test(l));
  // Two images, each with its transparency mask (the PNGs' alpha).
  expect(rows.filter((r) => /^\s+2\s+\d+\s+image\s/.test(r)).map((r) => r.trim().split(/\s+/).slice(3, 5).join('x'))).toEqual([
    '240x120',
    '150x150',
  ]);
  expect(rows.filter((r) => /^\s+2\s+\d+\s+smask\s/.test(r))).toHaveLength(2);
  expect(verifyPdf(signed)[0]?.intact).toBe(true);
});

test('PDFs from another producer (poppler/cairo, PDF 1.5) sign twice by incremental update', async () => {
  const doc = await PDFDocument.create();
  doc.addPage([300, 300]).drawText('Tai lieu ngoai', { x: 30, y: 200 });
  const src = path.join(tempDir(), 'src.pdf');
  fs.writeFileSync(src, await doc.save());
  const foreign = path.join(path.dirname(src), 'cairo.pdf');
  execFileSync('pdftocairo', ['-pdf', src, foreign]);
  const service = new SigningService(worker, undefined, 'UBND phường Tân Định');
  const once = await service.signBytes(demoKey(), new Uint8Array(fs.readFileSync(foreign)), { copyType: 'sao-y' });
  const twice = await service.signBytes(demoKey(), once);
  const out = path.join(path.dirname(src), 'twice.pdf');
  fs.writeFileSync(out, twice);
  expect(pdfsig(out).output.split('Signature is Valid').length - 1).toBe(2);
  expect(verifyPdf(twice).map((c) => c.intact)).toEqual([true, true]);
});

test("a broken PDF is refused with the Vietnamese message for damaged files, the parser's English only in details", async () => {
  const service = new SigningService(worker, undefined, 'UBND');
  const refusal = await service.signBytes(demoKey(), new TextEncoder().encode('%PDF-1.7\nthis is not a pdf')).catch((e: unknown) => e);
  expect(refusal).toBeInstanceOf(AppError);
  expect((refusal as AppError).message).toMatch(/^Tệp PDF bị hỏng/);
  expect((refusal as AppError).message).not.toMatch(/[Ee]xpected|PDF has|Error/);
});
