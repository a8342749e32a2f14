/**
 * Files for the portal to fetch (dvcqg profile). Production portals take no file
 * bytes in DongBoHoSoMC: each attachment carries a URL and the portal downloads it.
 * This listener serves exactly those files and nothing else:
 * - a URL grants one file until it expires: `/files/<sha256>?expires=<unix s>&sig=<hex>`,
 *   where sig = HMAC-SHA256(installation secret, "<sha256>.<expires>");
 * - it is its own listener, apart from the staff API (other port, no session, no routes);
 * - every request is logged in `sync_file_downloads`, and a file sent whole counts as
 *   delivered (`sync_remote_files`), which is what the engine reads.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Db } from '../db/database';
import type { FileStore } from '../files/file-store';
import type { PublicFileConfig } from './adapter';
import { downloadStatements } from './sync-store';
import { vnIsoMs } from '../../../shared/vn-time';

const SHA = /^[0-9a-f]{64}$/;

/** The installation's secret for file URLs: 32 random bytes, readable by its owner only, made once. */
export function fileUrlKey(dataDir: string): Buffer {
  const file = path.join(dataDir, 'sync-file-url.key');
  try {
    return fs.readFileSync(file);
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      // Another process made it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return fs.readFileSync(file);
  }
}

export class FileUrlSigner {
  constructor(
    private readonly secret: Buffer,
    private readonly ttlSeconds: number,
  ) {}

  private sig(sha256: string, expires: number): Buffer {
    return createHmac('sha256', this.secret).update(`${sha256}.${expires}`).digest();
  }

  /** The path and query of a fetchable URL for this file, valid for the TTL from `now`. */
  pathFor(sha256: string, now = Date.now()): string {
    const expires = Math.floor(now / 1000) + this.ttlSeconds;
    return `/files/${sha256}?expires=${expires}&sig=${this.sig(sha256, expires).toString('hex')}`;
  }

  check(sha256: string, expiresText: string | null, sigText: string | null, now = Date.now()): 'ok' | 'expired' | 'bad-signature' {
    const expires = Number(expiresText);
    if (!SHA.test(sha256) || !Number.isInteger(expires) || !sigText || !/^[0-9a-f]{64}$/.test(sigText)) return 'bad-signature';
    if (!timingSafeEqual(Buffer.from(sigText, 'hex'), this.sig(sha256, expires))) return 'bad-signature';
    return expires * 1000 < now ? 'expired' : 'ok';
  }
}

export type DownloadOutcome = 'ok' | 'partial' | 'expired' | 'bad-signature' | 'not-found' | 'method';

export class PublicFileServer {
  private server: http.Server | null = null;
  private base: string | null = null;
  /** Parallel pushes all wait for the one listen. */
  private starting: Promise<string> | null = null;
  private readonly log: (sha256: string, remote: string, outcome: DownloadOutcome, bytes: number) => void;

  constructor(
    db: Db,
    private readonly files: FileStore,
    readonly signer: FileUrlSigner,
    private readonly config: PublicFileConfig,
  ) {
    const sql = downloadStatements(db);
    this.log = (sha256, remote, outcome, bytes) => {
      const now = vnIsoMs(Date.now());
      sql.logDownload(now, sha256, remote, outcome, bytes);
      if (outcome === 'ok') sql.fileDelivered(sha256, now);
    };
  }

  /** Listens (once); answers the base URL the portal is given. */
  start(): Promise<string> {
    this.starting ??= this.listen().catch((error: unknown) => {
      this.starting = null;
      throw error;
    });
    return this.starting;
  }

  private async listen(): Promise<string> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => this.handle(req, res);
    const server = this.config.tls
      ? https.createServer({ cert: fs.readFileSync(this.config.tls.cert), key: fs.readFileSync(this.config.tls.key) }, handler)
      : http.createServer(handler);
    server.requestTimeout = 10 * 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.port, this.config.host, () => resolve());
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    const host = this.config.host === '0.0.0.0' || this.config.host === '::' ? '127.0.0.1' : this.config.host;
    this.base = (this.config.url ?? `${this.config.tls ? 'https' : 'http'}://${host}:${port}`).replace(/\/+$/, '');
    return this.base;
  }

  /** A fetchable URL for this file (the listener must have started). */
  urlFor(sha256: string): string {
    if (!this.base) throw new Error('file server not started');
    return `${this.base}${this.signer.pathFor(sha256)}`;
  }

  close(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.base = null;
    this.starting = null;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const remote = req.socket.remoteAddress ?? '';
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/files\/([0-9a-f]{64})$/.exec(url.pathname);
    const sha = m?.[1] ?? '';
    const refuse = (status: number, outcome: DownloadOutcome, text: string) => {
      this.log(sha || url.pathname.slice(0, 80), remote, outcome, 0);
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
    };
    if (req.method !== 'GET') return refuse(405, 'method', 'Chỉ hỗ trợ GET.');
    if (!m) return refuse(404, 'not-found', 'Không có tệp.');
    const check = this.signer.check(sha, url.searchParams.get('expires'), url.searchParams.get('sig'));
    if (check === 'bad-signature') return refuse(403, check, 'Đường dẫn tệp không hợp lệ.');
    if (check === 'expired') return refuse(410, check, 'Đường dẫn tệp đã hết hạn.');
    if (!this.files.has(sha)) return refuse(404, 'not-found', 'Không có tệp.');
    const size = this.files.size(sha);
    let sent = 0;
    const stream = fs.createReadStream(this.files.pathOf(sha));
    stream.on('data', (c) => (sent += c.length));
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size), 'cache-control': 'no-store' });
    stream.pipe(res);
    stream.on('error', () => res.destroy());
    // 'finish': every byte handed to the socket; 'close' first: the portal went away mid-file.
    let logged = false;
    res.on('finish', () => {
      logged = true;
      this.log(sha, remote, sent === size ? 'ok' : 'partial', sent);
    });
    res.on('close', () => {
      if (!logged) this.log(sha, remote, 'partial', sent);
      stream.destroy();
    });
  }
}
