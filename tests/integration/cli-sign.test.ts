/** `npm run cli -- sign …` and `verify …` as scripts call them, against a SoftHSM2 token. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createSoftHsmToken, pdfsig, type TestToken } from '../support/softhsm';

let dir: string;
let token: TestToken;
let input: string;

function cli(args: string[], stdin?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/core/cli/main.ts', ...args], {
    input: stdin,
    env: { ...process.env, SOFTHSM2_CONF: path.join(dir, 'softhsm2.conf') },
    encoding: 'utf8',
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-cli-'));
  token = createSoftHsmToken(dir, { label: 'CLI-TOKEN' });
  const doc = await PDFDocument.create();
  doc.addPage([300, 400]).drawText('Van ban thu', { x: 40, y: 300 });
  input = path.join(dir, 'in.pdf');
  fs.writeFileSync(input, await doc.save());
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('sign with --pin-stdin, then verify: exit 0 and pdfsig agrees', () => {
  const out = path.join(dir, 'out.pdf');
  const signed = cli(['sign', input, out, '--module', token.module, '--token', token.label, '--pin-stdin'], `${token.pin}\n`);
  expect(signed.out).toContain('Đã ký');
  expect(signed.code).toBe(0);
  expect(pdfsig(out).output).toContain('Signature is Valid');
  const verified = cli(['verify', out]);
  expect(verified.code).toBe(0);
  expect(verified.out).toMatch(/Chữ ký #1: ✔ nguyên vẹn/);
  expect(verified.out).toContain('Nguyen Van Thu');
  expect(verified.out).toContain('Thuật toán: RSA PKCS#1 v1.5, SHA-256');

  // One flipped byte inside the signed range: exit 1.
  const bytes = fs.readFileSync(out);
  bytes[100] = (bytes[100] ?? 0) ^ 0x20;
  const broken = path.join(dir, 'broken.pdf');
  fs.writeFileSync(broken, bytes);
  const bad = cli(['verify', broken]);
  expect(bad.code).toBe(1);
  expect(bad.out).toMatch(/HỎNG/);
});

test('wrong PIN: exit 1 with a Vietnamese message, no output file', () => {
  const out = path.join(dir, 'wrong.pdf');
  const r = cli(['sign', input, out, '--module', token.module, '--token', token.label, '--pin-stdin'], '000000\n');
  expect(r.code).toBe(1);
  expect(r.out).toMatch(/Mã PIN không đúng/);
  expect(fs.existsSync(out)).toBe(false);
});

test('bad input: exit 2; an unsigned file does not verify', () => {
  expect(cli(['sign', input]).code).toBe(2);
  expect(cli(['verify']).code).toBe(2);
  const r = cli(['verify', input]);
  expect(r.code).toBe(1);
  expect(r.out).toMatch(/không có chữ ký số/);
});
