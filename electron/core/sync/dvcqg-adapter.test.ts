/**
 * How answers are read, against a scripted fake portal (the strict emulator covers the
 * whole flow). Repro (issue 19): read by code alone, "đã tồn tại" with 3 was a rejection,
 * with 0 a success, and a string `error_code` an unreadable answer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ProvincialDossierSchema, toProvincialDate } from '../../../shared/provincial';
import { testCore } from '../../../tests/support/core';
import type { Core } from '../app';
import { ProvincialError, type SyncAdapter } from './adapter';
import { DvcqgAdapter } from './dvcqg-adapter';
import { FileUrlSigner, PublicFileServer, fileUrlKey } from './file-server';
import { TthcHttpAdapter } from './motcua-adapter';
import { ProcedureMap } from './procedure-map';

interface Seen {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

/** A portal that answers every DongBoHoSoMC with `answer` and records what it was sent. */
async function fakePortal(answer: Record<string, unknown>) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(text) as Record<string, unknown>;
      seen.push({ path: req.url ?? '', headers: req.headers, body });
      // The session and catalog answers use the same code type as the scripted answer.
      const zero = typeof answer.error_code === 'number' ? 0 : '0';
      const reply =
        body.service === 'DongBoHoSoMC'
          ? answer
          : body.service === undefined
            ? { error_code: zero, session: 's1' }
            : { error_code: zero, result: [] };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/lgsp`, seen };
}

function coreForTest(): Core {
  const core = testCore({ seedDemo: false });
  closers.push(() => core.close());
  return core;
}

function adapters(core: Core, url: string): { dvcqg: SyncAdapter; motcua: SyncAdapter } {
  const files = new PublicFileServer(core.db, core.files, new FileUrlSigner(fileUrlKey(core.config.dataDir), 60), {
    host: '127.0.0.1',
    port: 0,
    ttlSeconds: 60,
  });
  const config = { url, username: 'u', password: 'p', autoStart: false, authPath: '/xac-thuc', servicePath: '/dich-vu', dstcode: 'DST-1' };
  const dvcqg = new DvcqgAdapter(config, '000.00.12.H56', 2, { files, procedures: new ProcedureMap(core.db), lookupPerSecond: 100 });
  const motcua = new TthcHttpAdapter(config, '000.00.12.H56', 2);
  closers.push(
    () => files.close(),
    () => dvcqg.close(),
    () => motcua.close(),
  );
  return { dvcqg, motcua };
}

function dossier(core: Core) {
  const file = core.files.put(Buffer.from('%PDF-1.4 tờ khai'));
  const now = new Date();
  return ProvincialDossierSchema.parse({
    MaHoSo: '000.00.12.H56-251201-0001',
    MaTTHC: '1.001193',
    TenTTHC: 'Đăng ký khai sinh',
    ChuHoSo: 'Nguyễn Văn An',
    LoaiDoiTuong: 1,
    NgayTiepNhan: toProvincialDate(now),
    NgayHenTra: toProvincialDate(new Date(now.getTime() + 86_400_000)),
    TrangThaiHoSo: 2,
    TaiLieuNop: [
      { TepDinhKemId: file.sha256, TenTepDinhKem: 'to-khai.pdf', DuongDanTaiTepTin: `sha256:${file.sha256}`, KichThuocTep: file.size },
    ],
    DanhSachLePhi: [{ TenPhiLePhi: 'Lệ phí', MaPhiLePhi: '', HinhThucThu: 1, Gia: 8000, LoaiPhiLePhi: 1 }],
  });
}

const outcome = (p: Promise<unknown>) =>
  p.then(
    (v) => v,
    (e: unknown) => (e instanceof ProvincialError ? e.kind : 'other'),
  );

describe('dvcqg answers read as production clients read them', () => {
  it.each([
    [{ error_code: '0', message: 'Hồ sơ 000.00.12.H56-251201-0001 đã tồn tại' }, 'exists', 'transient'],
    [{ error_code: 0, message: 'Hồ sơ đã tồn tại' }, 'exists', 'ok'],
    [{ error_code: 3, message: 'Mã hồ sơ đã tồn tại trên hệ thống' }, 'exists', 'rejected'],
    [{ error_code: '-3', message: 'Hồ sơ ĐÃ TỒN TẠI' }, 'exists', 'transient'],
    [{ error_code: '0', message: 'Thành công' }, 'ok', 'transient'],
    [{ error_code: '3', message: 'Sai định dạng' }, 'rejected', 'transient'],
  ])('%j → dvcqg %s (the motcua reading: %s)', async (answer, dvcqgReads, motcuaReads) => {
    const portal = await fakePortal(answer);
    const core = coreForTest();
    const { dvcqg, motcua } = adapters(core, portal.url);
    const d = dossier(core);
    expect(await outcome(dvcqg.pushDossier(d, { isUpdating: false, idempotencyKey: 'k1' }))).toBe(dvcqgReads);
    expect(await outcome(motcua.pushDossier(d, { isUpdating: false, idempotencyKey: 'k2' }))).toBe(motcuaReads);
  });

  it('sends strings only, the full field set, to the configured paths with the dstcode header', async () => {
    const portal = await fakePortal({ error_code: '0', message: '' });
    const core = coreForTest();
    const { dvcqg } = adapters(core, portal.url);
    await dvcqg.pushDossier(dossier(core), { isUpdating: true, idempotencyKey: 'k1' });
    expect(portal.seen.map((s) => s.path)).toEqual(['/lgsp/xac-thuc', '/lgsp/dich-vu', '/lgsp/dich-vu']);
    expect(portal.seen.every((s) => s.headers.dstcode === 'DST-1')).toBe(true);
    const push = portal.seen.find((s) => s.body.service === 'DongBoHoSoMC')!;
    expect(push.body.isUpdating).toBe('True');
    const [sent] = push.body.data as Record<string, unknown>[];
    const leaves = (v: unknown): unknown[] =>
      Array.isArray(v) ? v.flatMap(leaves) : typeof v === 'object' && v !== null ? Object.values(v).flatMap(leaves) : [v];
    expect(leaves(sent).filter((v) => typeof v !== 'string')).toEqual([]);
    expect(sent).toMatchObject({
      NgayTra: '',
      ThongTinTra: '',
      NgayKetThucXuLy: '',
      ThongTinKhac: '',
      Fax: '',
      DanhSachHoSoBoSung: [],
      DanhSachTepDinhKemKhac: [],
    });
    const [doc] = (sent as { TaiLieuNop: { DuongDanTaiTepTin: string; IsDeleted: string }[] }).TaiLieuNop;
    expect(doc!.IsDeleted).toBe('False');
    expect(doc!.DuongDanTaiTepTin).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/[0-9a-f]{64}\?expires=\d+&sig=[0-9a-f]{64}$/);
  });
});
