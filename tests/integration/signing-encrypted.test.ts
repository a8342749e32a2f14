/**
 * Encrypted inputs (issue #14). Before: every encrypted PDF was refused
 * outright ("Không xử lý được tài liệu … được mã hóa", exit 2), owner-password-
 * only files from portals and scanners included. Now an owner-only file is
 * signed (CLI) and imported, digitized and signed (core) as a decrypted copy,
 * and the CLI says so; a user password is asked for (`--password-stdin`, the
 * import's password field) and a wrong one refused in Vietnamese; an encrypted
 * file that already carries signatures is refused with the reason. Outputs are
 * validated by pdfsig and mutool.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoKey } from '../../electron/core/signing/signing-service';
import { mutoolVerdicts, pdfinfoPages, pdfsigVerdicts, run } from '../support/pdf-peers';
import { testCore } from '../support/core';

let dir: string;
let plain: string;
let ownerOnly: string;
let userPw: string;
const USER_PASSWORD = 'mật-khẩu 1';

function cli(args: string[], stdin?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/core/cli/main.ts', ...args], { input: stdin, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-encrypted-'));
  plain = path.join(dir, 'plain.pdf');
  execFileSync('gs', [
    '-q',
    '-sDEVICE=pdfwrite',
    '-o',
    plain,
    '-c',
    '/Helvetica findfont 20 scalefont setfont 72 700 moveto (Trang 1) show showpage 72 700 moveto (Trang 2) show showpage',
  ]);
  ownerOnly = path.join(dir, 'owner-only.pdf');
  execFileSync('qpdf', ['--encrypt', '', 'chu-so-huu', '256', '--', plain, ownerOnly]);
  userPw = path.join(dir, 'user-password.pdf');
  execFileSync('qpdf', ['--encrypt', USER_PASSWORD, 'chu-so-huu', '256', '--', plain, userPw]);
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function expectSignedCopy(out: string, signatures: number): void {
  expect(run('qpdf', ['--show-encryption', out]).out).toMatch(/File is not encrypted/);
  expect(pdfsigVerdicts(out)).toEqual(Array(signatures).fill('valid'));
  const mu = mutoolVerdicts(out);
  expect(mu.ok, mu.out).toEqual(Array(signatures).fill(true));
  expect(pdfinfoPages(out).pages).toBe(2);
}

describe('CLI sign', () => {
  test('an owner-password-only PDF is signed as a decrypted copy, and the CLI says so', () => {
    const out = path.join(dir, 'owner-only.signed.pdf');
    const r = cli(['sign', ownerOnly, out, '--demo', '--copy-type', 'sao-y']);
    expect(r.out).toContain('Tệp gốc được mã hóa: đã giải mã thành một bản sao không mã hóa');
    expect(r.code).toBe(0);
    expectSignedCopy(out, 1);
  });

  test('a user password is asked for; --password-stdin opens it', () => {
    const out = path.join(dir, 'user.signed.pdf');
    const asked = cli(['sign', userPw, out, '--demo']);
    expect(asked.out).toMatch(/đặt mật khẩu mở tệp: hãy nhập mật khẩu/);
    expect(asked.code).not.toBe(0);
    expect(fs.existsSync(out)).toBe(false);
    const r = cli(['sign', userPw, out, '--demo', '--copy-type', 'so-hoa', '--password-stdin'], `${USER_PASSWORD}\n`);
    expect(r.out).toContain('Đã ký');
    expect(r.code).toBe(0);
    expectSignedCopy(out, 1);
  });

  test("a wrong password is refused in Vietnamese (qpdf's English only among the indented details), no output", () => {
    const out = path.join(dir, 'wrong.signed.pdf');
    const r = cli(['sign', userPw, out, '--demo', '--password-stdin'], 'sai\n');
    expect(r.out.split('\n')[0]).toBe('Lỗi: Mật khẩu mở tệp PDF không đúng.');
    expect(r.code).not.toBe(0);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('an encrypted file that already has signatures is refused: a decrypted copy would void them', () => {
    const signed = path.join(dir, 'signed-first.pdf');
    expect(cli(['sign', plain, signed, '--demo']).code).toBe(0);
    const encSigned = path.join(dir, 'enc-signed.pdf');
    execFileSync('qpdf', ['--encrypt', '', 'chu-so-huu', '256', '--', signed, encSigned]);
    const r = cli(['sign', encSigned, path.join(dir, 'x.pdf'), '--demo']);
    expect(r.out).toMatch(/được mã hóa và đã có chữ ký số/);
    expect(r.code).not.toBe(0);
  });
});

describe('digitize: import, build and sign', () => {
  test('owner-only PDF imported without a password; user-password PDF needs it; both build into a signed copy', async () => {
    const core = testCore({ seedDemo: false });
    try {
      const sessionId = core.signing.openSession(demoKey());
      const batch = core.digitize.createBatch('Mã hóa');
      await core.digitize.importInto(batch.id, fs.readFileSync(ownerOnly), 'owner-only.pdf');
      await expect(core.digitize.importInto(batch.id, fs.readFileSync(userPw), 'user.pdf')).rejects.toThrow(/hãy nhập mật khẩu/);
      await expect(core.digitize.importInto(batch.id, fs.readFileSync(userPw), 'user.pdf', 'sai')).rejects.toThrow(
        /Mật khẩu mở tệp PDF không đúng/,
      );
      const after = await core.digitize.importInto(batch.id, fs.readFileSync(userPw), 'user.pdf', USER_PASSWORD);
      expect(after.pages).toHaveLength(4);
      const built = await core.digitize.build({ batchId: batch.id, title: 'Bản số hóa', sign: { sessionId, copyType: 'so-hoa' } });
      const out = path.join(dir, 'digitized.pdf');
      fs.writeFileSync(out, core.files.get(built.sha256));
      expect(pdfsigVerdicts(out)).toEqual(['valid']);
      expect(mutoolVerdicts(out).ok).toEqual([true]);
      expect(pdfinfoPages(out).pages).toBe(4);
    } finally {
      await core.close();
    }
  });
});
