import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import sharp from 'sharp';
import { createCore } from './electron/core/app';
import { defaultConfig } from './electron/core/config';
import { demoKey } from './electron/core/signing/signing-service';
const W = 1654, H = 2339;
const lines = Array.from({ length: 45 }, (_, i) => `<rect x="160" y="${200 + i * 42}" width="${900 + ((i * 137) % 400)}" height="16" fill="#333"/>`).join('');
const text = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${lines}</svg>`);
const jpegs = await Promise.all(Array.from({ length: 20 }, (_, i) => sharp({ create: { width: W, height: H, channels: 3, background: '#f5f1e6', noise: { type: 'gaussian', mean: 215, sigma: 20 } } }).composite(i % 5 === 4 ? [] : [{ input: text }]).jpeg({ quality: 74 }).toBuffer()));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-prof2-'));
const core = createCore(defaultConfig({ dataDir, hub: { host: '127.0.0.1', port: 0 }, seedDemo: false }));
const sessionId = core.signing.openSession(demoKey());
const stored = jpegs.map((j) => core.files.put(j).sha256);
const pages = stored.map((sha256, i) => ({ id: `p${i}`, sha256, kind: 'jpeg' as const, widthPx: W, heightPx: H, dpi: 200, rotation: 0, blank: false, coveragePercent: 100 }));
const w = core.digitize['worker'];
for (let r = 0; r < 5; r++) {
  const b = core.digitize.createBatch('B', pages);
  let t = performance.now();
  const out = await core.digitize.build({ batchId: b.id, title: 'x', sign: { sessionId, copyType: 'so-hoa' } });
  const total = performance.now() - t;
  const pdf = core.files.get(out.sha256);
  t = performance.now(); const bufs = await Promise.all(stored.map((s) => core.files.getAsync(s))); const tRead = performance.now() - t;
  t = performance.now(); await crypto.subtle.digest('SHA-256', pdf); const tHash = performance.now() - t;
  const copy = Buffer.from(pdf); copy[copy.length - 3] ^= 1;
  t = performance.now(); await core.files.putAsync(copy); const tPut = performance.now() - t;
  t = performance.now(); await w.call('ping', {}); const tPing = performance.now() - t;
  console.log(`total ${total.toFixed(0)} read ${tRead.toFixed(0)} hash ${tHash.toFixed(0)} put ${tPut.toFixed(0)} ping ${tPing.toFixed(1)}`);
}
await core.close(); fs.rmSync(dataDir, { recursive: true, force: true });
