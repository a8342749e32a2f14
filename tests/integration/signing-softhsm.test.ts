/**
 * Signing against a real PKCS#11 token (SoftHSM2 made here), validated by
 * poppler's pdfsig and by our own verifier.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AppError } from '../../shared/contract';
import { DigitizeWorker } from '../../electron/core/digitize/worker-client';
import { FileStore } from '../../electron/core/files/file-store';
import { closeModules, listTokens, openModule, TokenSession } from '../../electron/core/devices/token/pkcs11-token';
import { SigningService, tokenKey } from '../../electron/core/signing/signing-service';
import { verifyPdf } from '../../electron/core/signing/verify';
import { pinWarning } from '../../electron/core/devices/token/cert-rules';
import { createSoftHsmToken, pdfsig, type TestToken } from '../support/softhsm';
import { testCore } from '../support/core';

let dir: string;
let token: TestToken;
let worker: DigitizeWorker;
let files: FileStore;
let service: SigningService;
let unsigned: Uint8Array;

function validCount(output: string): number {
  return output.split('Signature is Valid').length - 1;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-sign-'));
  token = createSoftHsmToken(dir);
  worker = new DigitizeWorker();
  files = new FileStore(path.join(dir, 'files'));
  service = new SigningService(worker, files, 'UBND phường Tân Định');
  const jpeg = await sharp({ create: { width: 170, height: 240, channels: 3, background: '#f4f0e8' } })
    .jpeg()
    .toBuffer();
  unsigned = await worker.call('assemble', {
    pages: [{ kind: 'jpeg', bytes: jpeg, widthPx: 170, heightPx: 240, dpi: 20, rotation: 0 }],
    meta: { title: 'Giấy khai sinh', creationDate: new Date().toISOString() },
  });
});

afterAll(async () => {
  service.closeAll();
  closeModules();
  await worker.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('PKCS#11 token (SoftHSM2)', () => {
  test('lists the token and its certificate with validity and key usage', () => {
    const t = listTokens(token.module).find((x) => x.label === token.label);
    expect(t?.manufacturer).toMatch(/SoftHSM/);
    const session = TokenSession.open(token.module, token.label);
    try {
      session.login(token.pin);
      const [cert] = session.certificates();
      expect(cert?.commonName).toBe('Nguyen Van Thu');
      expect(cert?.status).toBe('valid');
      expect(cert?.keyUsage).toContain('digitalSignature');
    } finally {
      session.close();
    }
  });

  test('PAdES B-B signature that pdfsig validates, then a second one over the signed file', async () => {
    const key = tokenKey(token.module, token.label, token.pin);
    try {
      const once = await service.signBytes(key, unsigned, { copyType: 'sao-y' });
      const first = path.join(dir, 'once.pdf');
      fs.writeFileSync(first, once);
      const r1 = pdfsig(first);
      expect(r1.output).toContain('Signature Type: ETSI.CAdES.detached');
      expect(r1.output).toContain('Signing Hash Algorithm: SHA-256');
      expect(validCount(r1.output)).toBe(1);

      // Original bytes untouched: an incremental update.
      expect(Buffer.from(once.subarray(0, unsigned.length)).equals(Buffer.from(unsigned))).toBe(true);

      // The visible NĐ 30/2020 text is in the page (poppler extracts it from the appearance).
      expect(execFileSync('pdftotext', [first, '-']).toString()).toMatch(
        /SAO Y[\s\S]*UBND phường Tân Định[\s\S]*Thời gian ký: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00/,
      );

      const twice = await service.signBytes(key, once, { reason: 'Cơ quan ký', copyType: 'trich-sao' });
      const second = path.join(dir, 'twice.pdf');
      fs.writeFileSync(second, twice);
      const r2 = pdfsig(second);
      expect(validCount(r2.output)).toBe(2);
      expect(r2.output).toContain('Signature #2');
      // The second appearance too (the worker reuses its parsed font between documents).
      expect(execFileSync('pdftotext', [second, '-']).toString()).toMatch(/TRÍCH\s+SAO/);

      const ours = verifyPdf(twice);
      expect(ours).toHaveLength(2);
      expect(ours.every((s) => s.intact)).toBe(true);
      expect(ours[0]?.changedAfter).toBe(true);
      expect(ours[1]?.changedAfter).toBe(false);
      expect(ours[0]?.signer).toBe('Nguyen Van Thu');
      expect(ours[0]?.pades).toEqual({ signingCertificateV2: true, signingTimeAttribute: false });
    } finally {
      key.close();
    }
  });

  test('one flipped byte: pdfsig reports the damage and so does our verifier', async () => {
    const key = tokenKey(token.module, token.label, token.pin);
    let signed: Uint8Array;
    try {
      signed = await service.signBytes(key, unsigned);
    } finally {
      key.close();
    }
    const damaged = Buffer.from(signed);
    // A byte inside the image stream (well inside the first signed range).
    const at = damaged.indexOf('stream') + 40;
    damaged[at] = (damaged[at] ?? 0) ^ 0x01;
    const file = path.join(dir, 'damaged.pdf');
    fs.writeFileSync(file, damaged);
    const r = pdfsig(file);
    expect(r.output).toMatch(/Digest Mismatch/);
    expect(validCount(r.output)).toBe(0);
    const [check] = verifyPdf(damaged);
    expect(check?.digestMatches).toBe(false);
    expect(check?.intact).toBe(false);
    expect(check?.summary).toMatch(/KHÔNG HỢP LỆ/);
  });

  test('a wrong PIN fails once with a clear message and is never retried', () => {
    const session = TokenSession.open(token.module, token.label);
    expect(() => session.login('000000')).toThrowError(/Mã PIN không đúng/);
    expect(session.loginAttempts).toBe(1);
    // The token itself now reports the failed try, and the officer is warned before the next one.
    const flags = listTokens(token.module).find((x) => x.label === token.label)?.pin;
    expect(flags?.countLow).toBe(true);
    expect(pinWarning(flags ?? { countLow: false, finalTry: false, locked: false })).toMatch(/sai mã PIN/);
    // The session is closed by the failure: nothing can log in again through it.
    expect(() => session.login(token.pin)).toThrowError(/Phiên ký đã kết thúc/);
    expect(session.loginAttempts).toBe(1);

    // Through the signing entry point too: one attempt, a Vietnamese AppError.
    let caught: unknown;
    try {
      tokenKey(token.module, token.label, '999999');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('unauthorized');
    // The right PIN still works afterwards (the token was not locked by retries).
    const key = tokenKey(token.module, token.label, token.pin);
    expect(key.session.loginAttempts).toBe(1);
    key.close();
  });

  test('token pulled mid-batch: stops cleanly, signed files intact, nothing half-written', async () => {
    const inputs = ['A', 'B', 'C'].map((t) => files.put(Buffer.concat([Buffer.from(unsigned), Buffer.from(`\n% ${t}\n`)])).sha256);
    const key = tokenKey(token.module, token.label, token.pin);
    const progress: number[] = [];
    const result = await service.signBatch(key, inputs, { copyType: 'so-hoa' }, (done) => {
      progress.push(done);
      // The officer pulls the token: every session on the slot is gone (C_CloseAllSessions).
      if (done === 1) {
        const slots = openModule(token.module).getSlots(true);
        for (let i = 0; i < slots.length; i++) if (slots.items(i).getToken().label.trim() === token.label) slots.items(i).closeAll();
      }
    });
    key.close();
    expect(progress).toEqual([1]);
    expect(result.signed).toHaveLength(1);
    expect(result.stopped?.sha256).toBe(inputs[1]);
    expect(result.stopped?.message).toMatch(/Mất kết nối với token/);
    const signedFile = path.join(dir, 'batch-1.pdf');
    fs.writeFileSync(signedFile, files.get(result.signed[0]?.to ?? ''));
    expect(validCount(pdfsig(signedFile).output)).toBe(1);
    for (const sha of inputs) expect(files.has(sha)).toBe(true);
    expect(fs.readdirSync(path.join(files.root, 'tmp'))).toEqual([]);
  });

  test('an expired certificate is listed with a warning and refused for signing', () => {
    // A second token in the same SoftHSM directory.
    const old = createSoftHsmToken(dir, { label: 'OLD-TOKEN', commonName: 'Tran Thi Cu', expired: true });
    closeModules(); // SoftHSM reads its token directory at C_Initialize: start it again, as after plugging a token in.
    const session = TokenSession.open(old.module, old.label);
    try {
      const [cert] = session.certificates();
      expect(cert).toMatchObject({ commonName: 'Tran Thi Cu', status: 'expired' });
    } finally {
      session.close();
    }
    expect(() => tokenKey(old.module, old.label, old.pin)).toThrowError(/hết hạn/);
  });

  test('over the contract: tokens listed, one PIN for a batch, verification', async () => {
    const core = testCore();
    try {
      const ctx = { caller: { role: 'officer' as const } };
      const tokens = await core.router.call('signing.tokens', {}, ctx);
      expect(tokens.ok && JSON.stringify(tokens.result)).toContain(token.label);
      // The certificate is listed before any PIN is typed, with validity and key usage.
      const listed = tokens.ok
        ? (
            tokens.result as {
              tokens: {
                label: string;
                certificates: { commonName: string; status: string; keyUsage: string[]; refused: string | null }[];
              }[];
            }
          ).tokens
        : [];
      expect(listed.find((x) => x.label === token.label)?.certificates[0]).toMatchObject({
        commonName: 'Nguyen Van Thu',
        status: 'valid',
        refused: null,
      });
      const wrong = await core.router.call('signing.openSession', { module: token.module, token: token.label, pin: '111111' }, ctx);
      expect(wrong).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      const opened = await core.router.call('signing.openSession', { module: token.module, token: token.label, pin: token.pin }, ctx);
      if (!opened.ok) throw new Error(opened.error.message);
      const { sessionId } = opened.result as { sessionId: string };
      const shas = [core.files.put(unsigned).sha256, core.files.put(Buffer.concat([Buffer.from(unsigned), Buffer.from('\n')])).sha256];
      const progress: number[] = [];
      core.bus.subscribe((event, payload) => event === 'signing.progress' && progress.push((payload as { done: number }).done));
      const signed = await core.router.call('signing.sign', { sessionId, sha256s: shas, copyType: 'sao-y' }, ctx);
      if (!signed.ok) throw new Error(signed.error.message);
      const result = signed.result as { signed: { to: string }[] };
      expect(result.signed).toHaveLength(2);
      expect(progress).toEqual([1, 2]);
      const verified = await core.router.call('signing.verify', { sha256: result.signed[0]?.to }, ctx);
      expect(verified).toMatchObject({ ok: true, result: { allIntact: true } });
      await core.router.call('signing.closeSession', { sessionId }, ctx);
      const after = await core.router.call('signing.sign', { sessionId, sha256s: shas }, ctx);
      expect(after).toMatchObject({ ok: false, error: { code: 'not_found' } });
    } finally {
      await core.close();
    }
  });
});
