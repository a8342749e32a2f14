/**
 * 20 A4 pages at 200 dpi (colour JPEG, about 800 KB each) → one signed PDF,
 * through the product's own path (DigitizeService.build: worker assembly, PAdES
 * signature, content-addressed store). Once assembly + signing alone, once with
 * page analysis (blank-page detection and thumbnails). Baseline in the same
 * run: plain pdf-lib assembly on the main thread, no worker, no signature.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { PDFDocument } from 'pdf-lib';
import { createCore } from '../electron/core/app';
import { defaultConfig } from '../electron/core/config';
import { closeModules } from '../electron/core/devices/token/pkcs11-token';
import { demoKey, tokenKey, type SigningKey } from '../electron/core/signing/signing-service';
import { verifyPdf } from '../electron/core/signing/verify';
import type { Page } from '../shared/contract';
import { measureLongestStall } from './stats';
import type { Benchmark } from './types';

const PAGES = 20;
const W = 1654; // A4 at 200 dpi
const H = 2339;

async function makePages(): Promise<Buffer[]> {
  // Gaussian noise on paper colour, so the JPEGs do not compress to nothing (≈ 800 KB at q74),
  // with dark bars where a page has its lines of text; every fifth page is left without text (blank).
  const lines = Array.from(
    { length: 45 },
    (_, i) => `<rect x="160" y="${200 + i * 42}" width="${900 + ((i * 137) % 400)}" height="16" fill="#333"/>`,
  ).join('');
  const text = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${lines}</svg>`);
  return Promise.all(
    Array.from({ length: PAGES }, (_, i) =>
      sharp({ create: { width: W, height: H, channels: 3, background: '#f5f1e6', noise: { type: 'gaussian', mean: 215, sigma: 20 } } })
        .composite(i % 5 === 4 ? [] : [{ input: text }])
        .jpeg({ quality: 74 })
        .toBuffer(),
    ),
  );
}

/** A SoftHSM2 token made for the run when SoftHSM2 is installed; otherwise the software demo key. */
function signingKey(dir: string): { key: SigningKey; kind: string } {
  try {
    execFileSync('softhsm2-util', ['--version'], { stdio: 'ignore' });
    // Reuse the test set-up (token, RSA-2048 key and certificate on the token).
    return { key: softHsmKey(dir), kind: 'SoftHSM2 token, RSA-2048 (PKCS#11)' };
  } catch {
    return { key: demoKey(), kind: 'software demo key, RSA-2048 (SoftHSM2 not installed)' };
  }
}

function softHsmKey(dir: string): SigningKey {
  const module = '/usr/lib/softhsm/libsofthsm2.so';
  const tokens = path.join(dir, 'tokens');
  fs.mkdirSync(tokens, { recursive: true });
  const conf = path.join(dir, 'softhsm2.conf');
  fs.writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = conf;
  const run = (cmd: string, args: string[], env: Record<string, string> = {}) =>
    execFileSync(cmd, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
  run('softhsm2-util', ['--init-token', '--free', '--label', 'BENCH', '--so-pin', '12345678', '--pin', '123456']);
  run('pkcs11-tool', [
    '--module',
    module,
    '--token-label',
    'BENCH',
    '--login',
    '--pin',
    '123456',
    '--keypairgen',
    '--key-type',
    'rsa:2048',
    '--id',
    '01',
    '--label',
    'k',
  ]);
  fs.writeFileSync(path.join(dir, 'cert.tmpl'), 'cn = "Bench"\nexpiration_days = 30\nsigning_key\n');
  run(
    'certtool',
    [
      '--provider',
      module,
      '--generate-self-signed',
      '--template',
      path.join(dir, 'cert.tmpl'),
      '--outfile',
      path.join(dir, 'cert.pem'),
      '--load-privkey',
      'pkcs11:token=BENCH;object=k;type=private',
      '--load-pubkey',
      'pkcs11:token=BENCH;object=k;type=public',
    ],
    { GNUTLS_PIN: '123456' },
  );
  run('openssl', ['x509', '-in', path.join(dir, 'cert.pem'), '-outform', 'DER', '-out', path.join(dir, 'cert.der')]);
  run('pkcs11-tool', [
    '--module',
    module,
    '--token-label',
    'BENCH',
    '--login',
    '--pin',
    '123456',
    '--write-object',
    path.join(dir, 'cert.der'),
    '--type',
    'cert',
    '--id',
    '01',
    '--label',
    'k',
  ]);
  return tokenKey(module, 'BENCH', '123456');
}

export const digitizeSignBench: Benchmark = {
  name: 'digitize-sign',
  summary: '20 A4 pages at 200 dpi (JPEG ≈ 800 KB) → one signed PDF; with and without page analysis',
  async run() {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-digitize-'));
    const core = createCore(defaultConfig({ dataDir, hub: { host: '127.0.0.1', port: 0 }, seedDemo: false }));
    try {
      const jpegs = await makePages();
      const jpegBytes = jpegs.reduce((n, b) => n + b.length, 0);
      const { key, kind } = signingKey(path.join(dataDir, 'hsm'));
      const sessionId = core.signing.openSession(key);
      const stored = jpegs.map((j) => core.files.put(j).sha256);
      const pagesOf = (analysis?: { blank: boolean; coveragePercent: number; thumb?: string }[]): Page[] =>
        stored.map((sha256, i) => ({
          id: `p${i}`,
          sha256,
          kind: 'jpeg',
          widthPx: W,
          heightPx: H,
          dpi: 200,
          rotation: 0,
          blank: analysis?.[i]?.blank ?? false,
          coveragePercent: analysis?.[i]?.coveragePercent ?? 100,
          ...(analysis?.[i]?.thumb ? { thumbnailSha256: analysis[i]?.thumb } : {}),
        }));

      // Warm-up (not timed): starts the worker thread, loads pdf-lib, fontkit and the font once.
      const warm = core.digitize.createBatch('warm-up', pagesOf().slice(0, 1));
      await core.digitize.build({ batchId: warm.id, title: 'warm-up', sign: { sessionId, copyType: 'so-hoa' } });

      // Baseline: plain pdf-lib on the main thread, no worker, no signature.
      const base0 = performance.now();
      const { stallMs: baseStall } = await measureLongestStall(async () => {
        const doc = await PDFDocument.create();
        for (const j of jpegs) {
          const img = await doc.embedJpg(j);
          doc.addPage([(W / 200) * 72, (H / 200) * 72]).drawImage(img, { x: 0, y: 0, width: (W / 200) * 72, height: (H / 200) * 72 });
        }
        return doc.save({ useObjectStreams: false });
      });
      const baseMs = performance.now() - base0;

      // 1. Assembly + signing (worker), stored in the file store: the first 20-page document after
      // start-up, then three more; the target is on their median, the first is reported beside it
      // (on 2 shared cores one run swings by ±50 % with the other jobs' load).
      const batch = core.digitize.createBatch('Bench', pagesOf());
      const runs: { ms: number; stallMs: number; sha256: string }[] = [];
      for (let i = 0; i < 4; i++) {
        const t = performance.now();
        const { result, stallMs } = await measureLongestStall(() =>
          core.digitize.build({
            batchId: batch.id,
            title: `Hồ sơ thử ${i}`,
            dossierCode: '000.00.12.H56-261123-0001',
            sign: { sessionId, copyType: 'so-hoa' },
          }),
        );
        runs.push({ ms: performance.now() - t, stallMs, sha256: result.sha256 });
      }
      const firstMs = runs[0]?.ms ?? NaN;
      const steady = runs.slice(1).sort((a, b) => a.ms - b.ms);
      const median = steady[1] ?? steady[0];
      if (!median) throw new Error('no run');
      const ms1 = median.ms;
      const stall1 = Math.max(...runs.map((r) => r.stallMs));
      const built = median;
      const pdf1 = core.files.get(built.sha256);
      const intact = verifyPdf(new Uint8Array(pdf1)).every((s) => s.intact);

      // 2. With page analysis: blank-page detection + thumbnail for every page (worker, sharp), then assembly + signing.
      const t2 = performance.now();
      const { result: built2, stallMs: stall2 } = await measureLongestStall(async () => {
        const analysis = await Promise.all(
          jpegs.map(async (j) => {
            const a = await core.digitize['worker'].call('analyze', { image: j });
            return { blank: a.blank, coveragePercent: a.coveragePercent, thumb: (await core.files.putAsync(a.thumbnail)).sha256 };
          }),
        );
        const b2 = core.digitize.createBatch('Bench 2', pagesOf(analysis));
        return core.digitize.build({ batchId: b2.id, title: 'Hồ sơ thử', skipBlank: true, sign: { sessionId, copyType: 'so-hoa' } });
      });
      const ms2 = performance.now() - t2;

      const ratio1 = pdf1.length / jpegBytes;
      const stall = Math.max(stall1, stall2);
      core.signing.closeSession(sessionId);
      return {
        lines: [
          `signing key: ${kind}`,
          `${PAGES} JPEG pages, ${(jpegBytes / PAGES / 1024).toFixed(0)} KB each on average, ${(jpegBytes / 1048576).toFixed(1)} MB in all`,
          `baseline (pdf-lib on the main thread, unsigned): ${baseMs.toFixed(0)} ms, longest stall ${baseStall.toFixed(0)} ms`,
          `assembly + signing (worker):                   ${ms1.toFixed(0)} ms median of 3 (${(ms1 / baseMs).toFixed(2)}× baseline; runs ${steady.map((r) => r.ms.toFixed(0)).join(', ')} ms; first after start-up ${firstMs.toFixed(0)} ms), stall ${stall1.toFixed(1)} ms, signature intact: ${intact}`,
          `with analysis (blank + thumbnails) + signing:  ${ms2.toFixed(0)} ms (${(ms2 / baseMs).toFixed(2)}× baseline), stall ${stall2.toFixed(1)} ms, ${built2.pages} pages kept`,
          `signed PDF ${(pdf1.length / 1048576).toFixed(2)} MB = ${ratio1.toFixed(4)} × the JPEGs`,
        ],
        targets: [
          { description: 'assembly + signing < 0.4 s (median of 3)', actual: `${ms1.toFixed(0)} ms`, met: ms1 < 400 && intact },
          { description: 'with page analysis < 2 s', actual: `${ms2.toFixed(0)} ms`, met: ms2 < 2000 },
          { description: 'size ≤ 1.01 × the JPEGs', actual: `${ratio1.toFixed(4)}×`, met: ratio1 <= 1.01 },
          { description: 'main event loop stall < 50 ms', actual: `${stall.toFixed(1)} ms`, met: stall < 50 },
        ],
        figures: { baseMs, baseStall, ms1, firstMs, ms2, stall1, stall2, ratio1, jpegBytes, pdfBytes: pdf1.length },
      };
    } finally {
      await core.close();
      closeModules();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
