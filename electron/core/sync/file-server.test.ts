/**
 * The portal's file listener is not an open file server: a URL grants one file until it
 * expires, every request is logged, and only a whole download counts as delivered.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { testCore } from '../../../tests/support/core';
import type { Core } from '../app';
import { FileUrlSigner, PublicFileServer, fileUrlKey } from './file-server';

const open: { core: Core; server: PublicFileServer }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.server.close();
    await o.core.close();
  }
});

async function serve(ttlSeconds = 3600) {
  const core = testCore({ seedDemo: false });
  const server = new PublicFileServer(core.db, core.files, new FileUrlSigner(fileUrlKey(core.config.dataDir), ttlSeconds), {
    host: '127.0.0.1',
    port: 0,
    ttlSeconds,
  });
  open.push({ core, server });
  const base = await server.start();
  return { core, server, base };
}

const downloads = (core: Core) => core.db.prepare('SELECT sha256, outcome FROM sync_file_downloads ORDER BY id').all();
const delivered = (core: Core) => core.db.prepare('SELECT sha256 FROM sync_remote_files').pluck().all();

describe('file listener for the portal (signed, expiring URLs)', () => {
  it('serves the one file a URL names, whole, logs it and counts it delivered', async () => {
    const { core, server } = await serve();
    const file = core.files.put(Buffer.from('%PDF-1.4 tờ khai'));
    const r = await fetch(server.urlFor(file.sha256));
    expect(r.status).toBe(200);
    expect(Buffer.from(await r.arrayBuffer()).equals(core.files.get(file.sha256))).toBe(true);
    await expect.poll(() => delivered(core)).toEqual([file.sha256]);
    expect(downloads(core)).toEqual([{ sha256: file.sha256, outcome: 'ok' }]);
  });

  it('refuses another file with the same signature, a changed signature, an expired URL and a bare path — each logged', async () => {
    const { core, server, base } = await serve();
    const a = core.files.put(Buffer.from('tệp A'));
    const b = core.files.put(Buffer.from('tệp B'));
    const url = new URL(server.urlFor(a.sha256));
    const other = `${base}/files/${b.sha256}${url.search}`;
    expect((await fetch(other)).status).toBe(403);
    const sig = url.searchParams.get('sig')!;
    url.searchParams.set('sig', `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`);
    expect((await fetch(url)).status).toBe(403);
    expect((await fetch(`${base}/files/${a.sha256}`)).status).toBe(403);
    expect((await fetch(`${base}/`)).status).toBe(404);
    const expiredSigner = new FileUrlSigner(fileUrlKey(core.config.dataDir), 1);
    const expired = `${base}${expiredSigner.pathFor(a.sha256, Date.now() - 10_000)}`;
    const r = await fetch(expired);
    expect(r.status).toBe(410);
    expect(await r.text()).toBe('Đường dẫn tệp đã hết hạn.');
    expect(downloads(core).map((d) => (d as { outcome: string }).outcome)).toEqual([
      'bad-signature',
      'bad-signature',
      'bad-signature',
      'not-found',
      'expired',
    ]);
    expect(delivered(core)).toEqual([]);
  });

  it('does not count a download cut half-way as delivered', async () => {
    const { core, server } = await serve();
    const big = core.files.put(randomBytes(8 * 1024 * 1024));
    await new Promise<void>((resolve) => {
      http.get(server.urlFor(big.sha256), (res) => {
        res.once('data', () => {
          res.destroy();
          resolve();
        });
      });
    });
    await expect.poll(() => downloads(core)).toEqual([{ sha256: big.sha256, outcome: 'partial' }]);
    expect(delivered(core)).toEqual([]);
  });
});
