import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../tools/tthc-sim/simulator';
import { testCore } from '../../../tests/support/core';
import { tempDir } from '../../../tests/support/temp-dir';
import { migrate, openDatabase } from '../db/database';
import { syncMigrations } from './outbox';
import { FileSecretBox } from '../db/secret-box';
import { checkProvincialLogin, ProvincialCredentials } from './provincial-credentials';

const DVCQG_LINK = { authPath: '/auth', dstcode: '' };
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ dataDir: tempDir(), port: 0, mode: 'dvcqg', fsync: false });
});
afterAll(() => sim.close());

describe('provincial credentials', () => {
  // Repro (issue 13): the address and account could only come from start-up flags; the panel said "Chưa cấu hình".
  it('keeps the password sealed in the database, with a 0600 key file outside it, and opens it again', () => {
    const dir = tempDir();
    const db = openDatabase(`${dir}/db.sqlite`);
    migrate(db, syncMigrations);
    const box = new FileSecretBox(`${dir}/keys/provincial.key`);
    const credentials = new ProvincialCredentials(db, box);
    expect(credentials.save({ url: sim.url, username: 'quay1', password: 'matkhau1-bí-mật' })).toEqual({
      url: sim.url,
      username: 'quay1',
      hasPassword: true,
    });
    db.close();
    const raw = fs.readFileSync(`${dir}/db.sqlite`);
    expect(raw.includes(Buffer.from('matkhau1-bí-mật'))).toBe(false);
    expect(fs.statSync(`${dir}/keys/provincial.key`).mode & 0o777).toBe(0o600);

    const reopened = new ProvincialCredentials(openDatabase(`${dir}/db.sqlite`), new FileSecretBox(`${dir}/keys/provincial.key`));
    expect(reopened.provincialConfig()).toMatchObject({ url: sim.url, username: 'quay1', password: 'matkhau1-bí-mật', autoStart: true });
    // Another key (the file replaced) cannot open it: a Vietnamese reason, not a crypto error.
    const stranger = new ProvincialCredentials(openDatabase(`${dir}/db.sqlite`), new FileSecretBox(`${dir}/other.key`));
    expect(() => stranger.account()).toThrow(/nhập lại mật khẩu/);
  });

  it('checks a login against the emulator: right account, wrong password, nobody listening', async () => {
    expect(await checkProvincialLogin({ url: sim.url, username: 'quay1', password: 'matkhau1' }, DVCQG_LINK)).toMatchObject({
      ok: true,
      message: expect.stringContaining('Kết nối thành công'),
    });
    expect(await checkProvincialLogin({ url: sim.url, username: 'quay1', password: 'sai' }, DVCQG_LINK)).toEqual({
      ok: false,
      message: 'Hệ thống tỉnh từ chối đăng nhập: sai tên đăng nhập hoặc mật khẩu kết nối.',
    });
    expect(await checkProvincialLogin({ url: 'http://127.0.0.1:9', username: 'quay1', password: 'matkhau1' }, DVCQG_LINK)).toMatchObject({
      ok: false,
      message: expect.stringContaining('Không kết nối được'),
    });
  });

  it('works through the contract: saved account, test with the saved password, the password never answered', async () => {
    const core = testCore();
    const caller = { role: 'admin' as const, name: 'Quản trị', userId: 'x' };
    const saved = await core.router.call('sync.setCredentials', { url: sim.url, username: 'quay2', password: 'matkhau2' }, { caller });
    expect(saved).toEqual({ ok: true, result: { url: sim.url, username: 'quay2', hasPassword: true } });
    expect(await core.router.call('sync.testConnection', {}, { caller })).toMatchObject({ ok: true, result: { ok: true } });
    expect(await core.router.call('sync.testConnection', { password: 'sai-roi' }, { caller })).toMatchObject({
      ok: true,
      result: { ok: false },
    });
    expect(JSON.stringify(await core.router.call('sync.credentials', {}, { caller }))).not.toContain('matkhau2');
    expect(JSON.stringify(core.db.prepare('SELECT * FROM audit_log').all())).not.toContain('matkhau2');
  });
});
