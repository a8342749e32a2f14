/**
 * Our verifier on signatures made by other software (issue #18): OpenSSL's
 * `openssl cms -sign` writes the CMS (ECDSA P-256/P-384, RSA-PSS, SHA-384/512,
 * SHA-1, with and without signed attributes), embedded into a PDF over the
 * ByteRange, once an unusual three-range one. Before the fix our verify said
 * "✘ HỎNG … sai mã băm" for ECDSA with SHA-384, for a CMS without signed
 * attributes and for the unusual ByteRange, while pdfsig validated them. Now
 * its verdict must agree with pdfsig on every case, tampered ones included.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addSignaturePlaceholder, BYTE_RANGE_PLACEHOLDER, fillSignature } from '../../electron/core/signing/pdf-incremental';
import { verifyPdf } from '../../electron/core/signing/verify';
import { pdfsigVerdicts } from '../support/pdf-peers';

let dir: string;
let base: Uint8Array;
const keys: Record<string, { key: string; cert: string }> = {};

function openssl(args: string[]): Buffer {
  return execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
}

function makeKey(name: string, genArgs: string[]): void {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.pem`);
  openssl(['genpkey', ...genArgs, '-out', key]);
  openssl(['req', '-new', '-x509', '-key', key, '-out', cert, '-days', '30', '-subj', `/CN=Peer ${name}/O=Other agency/C=VN`]);
  keys[name] = { key, cert };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-peer-verify-'));
  makeKey('rsa', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']);
  makeKey('p256', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  makeKey('p384', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384']);
  const src = path.join(dir, 'base.pdf');
  execFileSync('gs', [
    '-q',
    '-sDEVICE=pdfwrite',
    '-o',
    src,
    '-c',
    '/Helvetica findfont 24 scalefont setfont 72 700 moveto (Van ban cua co quan khac) show showpage',
  ]);
  base = new Uint8Array(fs.readFileSync(src));
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cmsOver(data: Buffer, keyName: string, extra: string[]): Buffer {
  const k = keys[keyName];
  if (!k) throw new Error(keyName);
  const input = path.join(dir, `data-${keyName}.bin`);
  fs.writeFileSync(input, data);
  return openssl(['cms', '-sign', '-binary', '-in', input, '-signer', k.cert, '-inkey', k.key, '-outform', 'DER', '-nosmimecap', ...extra]);
}

/** A PDF signed by openssl over the standard two ranges (our placeholder, openssl's CMS). */
async function signedByOpenssl(keyName: string, extra: string[]): Promise<Uint8Array> {
  const pdf = await addSignaturePlaceholder(base, { signatureBytes: 8192, signingTime: new Date(), name: 'Peer' });
  return fillSignature(pdf, async () => {
    // The ByteRange is in place now: sign exactly those bytes.
    const buf = Buffer.from(pdf);
    const lt = buf.lastIndexOf('/Contents <') + '/Contents '.length;
    const gt = buf.indexOf('>', lt);
    return cmsOver(Buffer.concat([buf.subarray(0, lt), buf.subarray(gt + 1)]), keyName, extra);
  });
}

/** A legal but unusual ByteRange: three ranges, the middle one over part of the zero padding inside /Contents. */
async function threeRanges(): Promise<Uint8Array> {
  const pdf = Buffer.from(await addSignaturePlaceholder(base, { signatureBytes: 8192, signingTime: new Date(), name: 'Peer' }));
  const marker = pdf.lastIndexOf(`/${BYTE_RANGE_PLACEHOLDER}`);
  const open = pdf.lastIndexOf('[', marker);
  const close = pdf.indexOf(']', marker);
  const lt = pdf.indexOf('<', pdf.indexOf('/Contents', close));
  const gt = pdf.indexOf('>', lt);
  const padStart = lt + 1 + 12_000;
  const ranges = [0, lt, padStart, 32, gt, pdf.length - gt];
  pdf.write(`[${ranges.join(' ')}]`.padEnd(close + 1 - open, ' '), open, 'latin1');
  const data = Buffer.concat([pdf.subarray(0, lt), pdf.subarray(padStart, padStart + 32), pdf.subarray(gt)]);
  const der = cmsOver(data, 'rsa', ['-md', 'sha256']);
  pdf.write(der.toString('hex'), lt + 1, 'latin1');
  return pdf;
}

function agree(name: string, pdf: Uint8Array): { ours: ReturnType<typeof verifyPdf>; theirs: string[] } {
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  return { ours: verifyPdf(pdf), theirs: pdfsigVerdicts(file) };
}

describe('signatures made by openssl cms, embedded in a PDF', () => {
  test.each([
    ['RSA PKCS#1 v1.5, SHA-256, signed attributes', 'rsa', ['-md', 'sha256'], 'RSA PKCS#1 v1.5, SHA-256'],
    ['RSA PKCS#1 v1.5, SHA-512', 'rsa', ['-md', 'sha512'], 'RSA PKCS#1 v1.5, SHA-512'],
    ['RSA-PSS, SHA-256', 'rsa', ['-md', 'sha256', '-keyopt', 'rsa_padding_mode:pss'], 'RSA-PSS, SHA-256'],
    ['ECDSA P-384, SHA-384 (minimal-signed-twice-no-sig-type)', 'p384', ['-md', 'sha384'], 'ECDSA, SHA-384'],
    ['ECDSA P-256, SHA-256, no signed attributes', 'p256', ['-md', 'sha256', '-noattr'], 'ECDSA, SHA-256'],
    ['RSA, SHA-256, no signed attributes (sig-no-signed-attrs)', 'rsa', ['-md', 'sha256', '-noattr'], 'RSA PKCS#1 v1.5, SHA-256'],
  ])('%s: valid for pdfsig and for us, algorithm named', async (name, key, extra, algorithm) => {
    const { ours, theirs } = agree(name.replace(/\W+/g, '-'), await signedByOpenssl(key, extra));
    expect(theirs).toEqual(['valid']);
    expect(ours.map((c) => [c.status, c.intact, c.algorithm])).toEqual([['valid', true, algorithm]]);
    expect(ours[0]?.signer).toBe(`Peer ${key}`);
  });

  test('RSA-PSS without signed attributes: valid for openssl cms -verify and for us (poppler 22.12 cannot check this kind)', async () => {
    const pdf = Buffer.from(await signedByOpenssl('rsa', ['-md', 'sha384', '-keyopt', 'rsa_padding_mode:pss', '-noattr']));
    const [sig] = verifyPdf(pdf);
    expect(sig).toMatchObject({ status: 'valid', intact: true, algorithm: 'RSA-PSS, SHA-384' });
    // openssl as the referee: the same CMS over the same bytes.
    const lt = pdf.lastIndexOf('/Contents <') + '/Contents '.length;
    const gt = pdf.indexOf('>', lt);
    fs.writeFileSync(path.join(dir, 'pss.data'), Buffer.concat([pdf.subarray(0, lt), pdf.subarray(gt + 1)]));
    fs.writeFileSync(
      path.join(dir, 'pss.der'),
      Buffer.from(
        pdf
          .subarray(lt + 1, gt)
          .toString('latin1')
          .replace(/(00)+$/, ''),
        'hex',
      ),
    );
    const ok = () =>
      openssl([
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        path.join(dir, 'pss.der'),
        '-content',
        path.join(dir, 'pss.data'),
        '-noverify',
        '-out',
        '/dev/null',
      ]);
    expect(ok).not.toThrow();
  });

  test('SHA-1: valid, and reported weak', async () => {
    const { ours, theirs } = agree('sha1', await signedByOpenssl('rsa', ['-md', 'sha1']));
    expect(theirs).toEqual(['valid']);
    expect(ours[0]).toMatchObject({ intact: true, weakDigest: true, algorithm: 'RSA PKCS#1 v1.5, SHA-1' });
    expect(ours[0]?.summary).toMatch(/SHA-1 đã yếu/);
  });

  test('an unusual three-range ByteRange (weird-byterange): valid for both, with a coverage note', async () => {
    const { ours, theirs } = agree('three-ranges', await threeRanges());
    expect(theirs).toEqual(['valid']);
    expect(ours[0]).toMatchObject({ status: 'valid', intact: true, byteRangeOk: false });
    expect(ours[0]?.summary).toMatch(/vùng ký không theo cách thông thường/);
  });

  test.each([
    ['ECDSA P-384 with signed attributes', 'p384', ['-md', 'sha384'], 'tampered'],
    ['RSA without signed attributes', 'rsa', ['-md', 'sha256', '-noattr'], 'tampered'],
    [
      'ECDSA without signed attributes (the digest cannot be read back: a bad signature, not proof of tampering)',
      'p256',
      ['-md', 'sha256', '-noattr'],
      'bad-signature',
    ],
  ])('one changed byte, %s: pdfsig and we both refuse it', async (_name, key, extra, status) => {
    const signed = Buffer.from(await signedByOpenssl(key, extra));
    // Inside the first signed range: the header's version digit.
    signed[7] = signed[7] === 0x37 ? 0x36 : 0x37;
    const { ours, theirs } = agree(`tampered-${key}-${extra.length}`, signed);
    expect(theirs[0]).not.toBe('valid');
    expect(ours.map((c) => [c.intact, c.status])).toEqual([[false, status]]);
  });

  test('a kind we cannot check (RSA-PSS whose MGF1 hash differs from the digest) is said to be so, never called tampered', async () => {
    const pdf = await signedByOpenssl('rsa', ['-md', 'sha256', '-keyopt', 'rsa_padding_mode:pss', '-keyopt', 'rsa_mgf1_md:sha512']);
    const [sig] = verifyPdf(pdf);
    expect(sig).toMatchObject({ status: 'unsupported', intact: false, signer: 'Peer rsa' });
    expect(sig?.summary).toMatch(/^KHÔNG KIỂM TRA ĐƯỢC: loại chữ ký này chưa được hỗ trợ/);
    expect(sig?.summary).not.toMatch(/bị sửa/);
  });

  test('bytes appended after the signature: still valid for both, the change after it reported', async () => {
    const signed = Buffer.concat([
      Buffer.from(await signedByOpenssl('p256', ['-md', 'sha256'])),
      Buffer.from('\n% appended by another program\n'),
    ]);
    const { ours, theirs } = agree('appended', signed);
    expect(theirs).toEqual(['valid']);
    expect(ours[0]).toMatchObject({ intact: true, changedAfter: true });
  });
});
