import sharp from 'sharp';
import { buildDocument } from '/work/wt/signing-peers/electron/core/digitize/pdf-assemble';
import { addSignatureField, saveWhole, fillSignature } from '/work/wt/signing-peers/electron/core/signing/pdf-incremental';


import { createHash } from 'node:crypto';
import { demoKey, SigningService } from '/work/wt/signing-peers/electron/core/signing/signing-service';
const W = 1654, H = 2339;
const lines = Array.from({ length: 45 }, (_, i) => `<rect x="160" y="${200 + i * 42}" width="${900 + ((i * 137) % 400)}" height="16" fill="#333"/>`).join('');
const text = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${lines}</svg>`);
const jpegs = await Promise.all(Array.from({ length: 20 }, (_, i) => sharp({ create: { width: W, height: H, channels: 3, background: '#f5f1e6', noise: { type: 'gaussian', mean: 215, sigma: 20 } } }).composite(i % 5 === 4 ? [] : [{ input: text }]).jpeg({ quality: 74 }).toBuffer()));
const key = demoKey();
const svc = new SigningService(undefined as never, undefined, 'UBND');
const opts = svc.signOptions(key, { copyType: 'so-hoa' });
const cms = svc.cmsFor(key);
const mins: Record<string, number> = {};
for (let r = 0; r < 12; r++) {
  const t: [string, number][] = []; let t0 = performance.now(); const mark = (n: string) => { const x = performance.now(); t.push([n, x - t0]); t0 = x; };
  const pages = jpegs.map((j) => ({ kind: 'jpeg' as const, bytes: new Uint8Array(j), widthPx: W, heightPx: H, dpi: 200, rotation: 0 }));
  const doc = await buildDocument(pages, { title: 'x', creationDate: new Date().toISOString() }); mark('build');
  await addSignatureField(doc, { signatureBytes: 16384, ...opts }); mark('field');
  const saved = await saveWhole(doc); mark('save');
  const signed = await fillSignature(saved, cms); mark('fill');
  for (const [n, v] of t) mins[n] = Math.min(mins[n] ?? 1e9, v);
}
console.log(Object.entries(mins).map(([n, v]) => `${n} ${v.toFixed(1)}`).join('  '));
{
}
