/**
 * The sync engine against the provincial emulator, each in its own role, over
 * real HTTP: fault mode, a rejected item not blocking the queue, pull-back of
 * provincial status changes, the offline bundle, TLS with a custom CA.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/contract';
import { filesOf, ProvincialDossierSchema, toProvincialDate, type ProvincialDossierInput } from '../../shared/provincial';
import type { Core } from '../../electron/core/app';
import { enqueueOutbox, outboxCounts, syncDossierListener } from '../../electron/core/sync/outbox';
import { seedDossiers } from '../../electron/core/sync/sync-cli';
import { testCore } from '../support/core';
import { tempDir } from '../support/temp-dir';
import { SIM_MODES, linkFor, simArgs, startSimProcess, type SimMode, type SimProcess, type SimState } from '../support/tthc-sim';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.each(SIM_MODES)('sync against the provincial emulator (%s mode)', (mode: SimMode) => {
  async function sim(extra: string[] = []): Promise<SimProcess> {
    const s = await startSimProcess(tempDir('motcua-sim-'), simArgs(mode, extra));
    cleanups.push(() => s.stop());
    return s;
  }

  function core(url: string, engine: Record<string, number> = {}, caFile?: string, password = 'matkhau1'): Core {
    const c = testCore({
      seedDemo: false,
      provincial: {
        url,
        username: 'quay1',
        password,
        autoStart: false,
        ...linkFor(mode),
        ...(caFile ? { caFile } : {}),
        engine: {
          backoffBaseMs: 5,
          backoffMaxMs: 200,
          breakerCooldownMs: 50,
          concurrency: 4,
          pullIntervalMs: 100,
          idlePollMs: 20,
          ...engine,
        },
      },
    });
    cleanups.push(() => c.close());
    return c;
  }

  /**
   * Every dossier exactly once and never updated; every file exactly once and byte-identical to the local copy.
   * dvcqg: the portal fetched each file exactly once from our file listener (`fetchedOnline`), and the
   * listener logged it as delivered.
   */
  async function expectExactlyOnce(c: Core, s: SimProcess, state: SimState, fetchedOnline = true): Promise<void> {
    const rows = c.db.prepare(`SELECT payload FROM sync_outbox WHERE kind = 'dossier'`).pluck().all() as string[];
    const local = rows.map((r) => ProvincialDossierSchema.parse(JSON.parse(r)));
    expect(state.dossiers.map((d) => d.MaHoSo).sort()).toEqual(local.map((d) => d.MaHoSo).sort());
    for (const d of state.dossiers)
      expect({ MaHoSo: d.MaHoSo, created: d.created, updated: d.updated }).toEqual({ MaHoSo: d.MaHoSo, created: 1, updated: 0 });
    const wanted = new Map(local.flatMap((d) => filesOf(d)).map((f) => [f.sha256, f.size]));
    expect(state.files.length).toBe(wanted.size);
    for (const f of state.files) {
      expect(f.stored).toBe(1);
      expect(f.fetched).toBe(mode === 'dvcqg' && fetchedOnline ? 1 : 0);
      const remote = Buffer.from(await (await fetch(`${s.url}/admin/files/${f.sha256}`)).arrayBuffer());
      expect(remote.length).toBe(wanted.get(f.sha256));
      expect(createHash('sha256').update(remote).digest('hex')).toBe(f.sha256);
      expect(remote.equals(c.files.get(f.sha256))).toBe(true);
    }
    if (mode === 'dvcqg' && fetchedOnline) {
      const delivered = c.db.prepare(`SELECT COUNT(DISTINCT sha256) FROM sync_file_downloads WHERE outcome = 'ok'`).pluck().get();
      expect(delivered).toBe(wanted.size);
      expect(c.sync.status().downloads).toMatchObject({ delivered: wanted.size });
    }
  }

  it('delivers every dossier and file exactly once, byte-identical, in fault mode (chunked files)', async () => {
    const s = await sim(['--faults', '--fault-rate', '0.25', '--max-latency', '10']);
    // Small chunks so files travel in several resumable pieces through the faults.
    const c = core(s.url, { chunkSize: 8 * 1024 });
    seedDossiers(c.db, c.files, c.config.agency.code, { count: 24, filesPerDossier: 3, minSize: 1, maxSize: 40 * 1024 });
    const summary = await c.sync.engine!.runOnce({ maxMs: 60_000 });
    expect(summary.pending).toBe(0);
    expect(summary.attention).toBe(0);
    expect(outboxCounts(c.db)).toEqual({ pending: 0, done: 24, attention: 0 });
    await s.admin('/admin/faults', { enabled: false });
    await expectExactlyOnce(c, s, await s.state());
  });

  it('moves a rejected item to "needs attention" without blocking the items behind it', async () => {
    const s = await sim();
    const c = core(s.url);
    const now = new Date();
    const bad: ProvincialDossierInput = {
      MaHoSo: `${c.config.agency.code}-000101-0001`,
      MaTTHC: '1.001193',
      TenTTHC: 'Đăng ký khai sinh',
      ChuHoSo: 'Nguyễn Văn Sai',
      LoaiDoiTuong: 1,
      NgayTiepNhan: toProvincialDate(now),
      // An appointment before the receipt: the province refuses it (400), whatever the retries.
      NgayHenTra: toProvincialDate(new Date(now.getTime() - 86_400_000)),
      TrangThaiHoSo: 2,
    };
    enqueueOutbox(c.db, { kind: 'dossier', payload: bad });
    seedDossiers(c.db, c.files, c.config.agency.code, { count: 6, filesPerDossier: 1, minSize: 100, maxSize: 200 });
    const summary = await c.sync.engine!.runOnce({ maxMs: 30_000 });
    expect(summary).toMatchObject({ pending: 0, attention: 1, done: 6 });
    const status = c.sync.status();
    expect(status.failing).toHaveLength(1);
    expect(status.failing[0]).toMatchObject({ maHoSo: bad.MaHoSo, state: 'attention', attempts: 1 });
    expect(status.failing[0]!.lastError).toContain('ngày hẹn trả');
    const state = await s.state();
    expect(state.dossiers.map((d) => d.MaHoSo)).not.toContain(bad.MaHoSo);
    expect(state.dossiers).toHaveLength(6);
  });

  it('keeps items queued with a clear message when the counter’s account is refused', async () => {
    const s = await sim();
    const c = core(s.url, {}, undefined, 'sai-mat-khau');
    seedDossiers(c.db, c.files, c.config.agency.code, { count: 2, filesPerDossier: 1, minSize: 10, maxSize: 10 });
    expect(await c.sync.engine!.runOnce({ maxMs: 300 })).toMatchObject({ pending: 2, attention: 0 });
    const wrong = `Sai tài khoản hoặc mật khẩu kết nối ${mode === 'dvcqg' ? 'Cổng DVCQG' : 'hệ thống tỉnh'}. Kiểm tra cấu hình kết nối.`;
    expect(c.sync.status().failing.map((f) => f.lastError)).toEqual([wrong, wrong]);
    expect((await s.state()).dossiers).toEqual([]);
  });

  it.each(mode === 'dvcqg' ? ['0', '3', '-3'] : ['2'])(
    'sends an update, never a second dossier, when the province answers "đã tồn tại" (code %s)',
    async (code) => {
      // Repro (issue 19): the portal says "đã tồn tại" with 0, 3 or -3; read by code alone, 3 was a rejection and 0 a success.
      const s = await sim(mode === 'dvcqg' ? [`--exists-code=${code}`] : []);
      const a = core(s.url);
      seedDossiers(a.db, a.files, a.config.agency.code, { count: 2, filesPerDossier: 1, minSize: 10, maxSize: 20 });
      await a.sync.engine!.runOnce();
      // Another installation (e.g. restored from backup) pushes the same MaHoSo with new keys.
      const b = core(s.url);
      const payloads = a.db.prepare(`SELECT payload FROM sync_outbox`).pluck().all() as string[];
      for (const p of payloads) {
        const d = ProvincialDossierSchema.parse(JSON.parse(p));
        for (const f of filesOf(d)) b.files.put(a.files.get(f.sha256));
        enqueueOutbox(b.db, { kind: 'dossier', payload: { ...d, TrangThaiHoSo: 4 } });
      }
      expect((await b.sync.engine!.runOnce()).done).toBe(2);
      const state = await s.state();
      expect(state.dossiers.map((d) => [d.created, d.updated, d.TrangThaiHoSo])).toEqual([
        [1, 1, 4],
        [1, 1, 4],
      ]);
    },
  );

  it('sends a dossier’s changes in order through the dossier listener: receipt, then status with its progress step', async () => {
    const s = await sim(['--faults', '--fault-rate', '0.2', '--max-latency', '5']);
    const c = core(s.url);
    const now = new Date();
    const file = c.files.put(Buffer.from('%PDF-1.4 tờ khai'));
    const dossier: ProvincialDossierInput = {
      MaHoSo: `${c.config.agency.code}-251124-0042`,
      MaTTHC: '2.000815',
      TenTTHC: 'Chứng thực bản sao từ bản chính',
      ChuHoSo: 'Trần Thị Bình',
      LoaiDoiTuong: 1,
      NgayTiepNhan: toProvincialDate(now),
      NgayHenTra: toProvincialDate(new Date(now.getTime() + 86_400_000)),
      TrangThaiHoSo: 2,
      TaiLieuNop: [
        { TepDinhKemId: file.sha256, TenTepDinhKem: 'to-khai.pdf', DuongDanTaiTepTin: `sha256:${file.sha256}`, KichThuocTep: file.size },
      ],
    };
    // As the dossier module will: the listener runs inside its own write transaction.
    c.db.transaction(() => syncDossierListener(c.db, { dossier }))();
    c.db.transaction(() =>
      syncDossierListener(c.db, {
        dossier: { ...dossier, TrangThaiHoSo: 4 },
        progress: {
          MaHoSo: dossier.MaHoSo,
          NguoiXuLy: 'Lê Văn Cường',
          ChucDanh: 'Chuyên viên',
          ThoiDiemXuLy: toProvincialDate(now),
          PhongBanXuLy: 'Bộ phận Một cửa',
          NoiDungXuLy: 'Chuyển xử lý',
          TrangThai: 4,
          NgayBatDau: toProvincialDate(now),
          NgayKetThucTheoQuyDinh: dossier.NgayHenTra,
        },
      }),
    )();
    // A failing listener rolls back with the caller's transaction: nothing half-written.
    expect(() => c.db.transaction(() => syncDossierListener(c.db, { dossier: { ...dossier, NgayTiepNhan: 'hôm nay' } }))()).toThrow();
    expect(outboxCounts(c.db).pending).toBe(3);
    expect(await c.sync.engine!.runOnce({ maxMs: 20_000 })).toMatchObject({ done: 3, pending: 0, attention: 0 });
    await s.admin('/admin/faults', { enabled: false });
    expect((await s.state()).dossiers).toEqual([{ MaHoSo: dossier.MaHoSo, TrangThaiHoSo: 4, created: 1, updated: 1, progress: 1 }]);
  });

  it('runs in the background on its own, honouring pause, the schedule window and the settings it persists', async () => {
    const s = await sim();
    const c = core(s.url);
    seedDossiers(c.db, c.files, c.config.agency.code, { count: 3, filesPerDossier: 1, minSize: 10, maxSize: 2000 });
    // A window that excludes now (Vietnam time), then paused as well.
    const vnHour = (new Date().getUTCHours() + 7) % 24;
    const closed = { from: `${String((vnHour + 2) % 24).padStart(2, '0')}:00`, to: `${String((vnHour + 3) % 24).padStart(2, '0')}:00` };
    c.sync.configure({ schedule: closed, bandwidthBytesPerSec: 512 * 1024 });
    c.sync.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(c.sync.status()).toMatchObject({ withinSchedule: false, counts: { done: 0 } });
    c.sync.pause();
    c.sync.configure({ schedule: null });
    await new Promise((r) => setTimeout(r, 300));
    expect(c.sync.status()).toMatchObject({ withinSchedule: true, settings: { paused: true }, counts: { done: 0 } });
    c.sync.resume();
    await expect.poll(() => c.sync.status().counts.done, { timeout: 10_000 }).toBe(3);
    expect((await s.state()).dossiers).toHaveLength(3);
    // Settings survive a restart: they live in the database.
    expect(c.sync.engine!.settings()).toEqual({ paused: false, bandwidthBytesPerSec: 512 * 1024, schedule: null });
  });

  it('pulls status changes made on the provincial side back as sync.remoteStatus', async () => {
    const s = await sim();
    const c = core(s.url);
    seedDossiers(c.db, c.files, c.config.agency.code, { count: 2, filesPerDossier: 0, minSize: 0, maxSize: 0 });
    await c.sync.engine!.runOnce();
    const maHoSo = (await s.state()).dossiers[1]!.MaHoSo;
    expect(await s.admin('/admin/status', { MaHoSo: maHoSo, TrangThaiHoSo: 5 })).toMatchObject({ error_code: 0 });
    const seen: unknown[] = [];
    c.bus.subscribe((event: EventName, payload) => {
      if (event === 'sync.remoteStatus') seen.push(payload);
    });
    const fromService: string[] = [];
    c.sync.onRemoteStatus((change) => fromService.push(`${change.MaHoSo}:${change.TrangThaiHoSo}`));
    // The background runner pulls on its own.
    c.sync.start();
    await expect.poll(() => seen.length, { timeout: 5000 }).toBe(1);
    expect(seen[0]).toMatchObject({ MaHoSo: maHoSo, TrangThaiHoSo: 5 });
    expect(fromService).toEqual([`${maHoSo}:5`]);
    // The cursor is durable: pulling again reports nothing new; the latest status stays readable.
    expect(await c.sync.engine!.pullStatus()).toBe(0);
    expect(c.sync.remoteStatuses()).toMatchObject([{ MaHoSo: maHoSo, TrangThaiHoSo: 5 }]);
  });

  it('carries a signed offline bundle to the province and imports its acknowledgement, idempotently', async () => {
    const s = await sim();
    const c = core(s.url);
    seedDossiers(c.db, c.files, c.config.agency.code, { count: 3, filesPerDossier: 2, minSize: 100, maxSize: 5000 });
    const bundle = c.sync.exportBundle();
    expect(bundle.items).toBe(3);
    // One changed byte anywhere is refused.
    const tampered = Buffer.from(bundle.bytes);
    tampered[tampered.length - 10] = (tampered[tampered.length - 10] ?? 0) ^ 1;
    const refused = await fetch(`${s.url}/bundle/import`, { method: 'POST', body: tampered });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toContain('sai mã băm');

    const post = async () =>
      Buffer.from(await (await fetch(`${s.url}/bundle/import`, { method: 'POST', body: bundle.bytes })).arrayBuffer());
    const ack = await post();
    const after1 = await s.state();
    expect(after1.dossiers).toHaveLength(3);
    expect(after1.files.every((f) => f.stored === 1)).toBe(true);
    expect(c.sync.importAck(ack)).toEqual({ acknowledged: 3, already: 0, rejected: 0 });
    expect(outboxCounts(c.db)).toEqual({ pending: 0, done: 3, attention: 0 });
    // The same bundle and the same acknowledgement again: nothing changes on either side.
    const ack2 = await post();
    expect(ack2.equals(ack)).toBe(true);
    expect(await s.state()).toEqual(after1);
    expect(c.sync.importAck(ack)).toEqual({ acknowledged: 0, already: 3, rejected: 0 });
    // Online sync afterwards has nothing left to send.
    expect((await c.sync.engine!.runOnce()).done).toBe(0);
    await expectExactlyOnce(c, s, await s.state(), false);
  });

  it('talks TLS to a provincial server whose certificate comes from a custom CA', async () => {
    const dir = tempDir('motcua-tls-');
    const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    run([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=So TTTT Test CA',
    ]);
    run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost']);
    fs.writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
    run([
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '2',
      '-extfile',
      'ext.cnf',
    ]);
    const s = await sim(['--tls-cert', path.join(dir, 'server.pem'), '--tls-key', path.join(dir, 'server.key')]);
    expect(s.url.startsWith('https://localhost:')).toBe(true);

    // Without the CA the certificate is not trusted: the item waits with a clear message.
    const untrusted = core(s.url);
    seedDossiers(untrusted.db, untrusted.files, untrusted.config.agency.code, { count: 1, filesPerDossier: 1, minSize: 10, maxSize: 10 });
    const first = await untrusted.sync.engine!.runOnce({ maxMs: 300 });
    expect(first.pending).toBe(1);
    expect(untrusted.sync.status().failing[0]?.lastError).toContain('chứng chỉ');

    const trusted = core(s.url, {}, path.join(dir, 'ca.pem'));
    seedDossiers(trusted.db, trusted.files, trusted.config.agency.code, { count: 2, filesPerDossier: 2, minSize: 10, maxSize: 3000 });
    expect(await trusted.sync.engine!.runOnce({ maxMs: 20_000 })).toMatchObject({ done: 2, pending: 0 });
    const state = await new Promise<SimState>((resolve, reject) => {
      https
        .get(`${s.url}/admin/state`, { ca: fs.readFileSync(path.join(dir, 'ca.pem')) }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(JSON.parse(text) as SimState));
        })
        .on('error', reject);
    });
    expect(state.dossiers).toHaveLength(2);
    expect(state.files).toHaveLength(4);
  });
});
