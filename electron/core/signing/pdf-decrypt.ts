/**
 * Encrypted PDFs (portals and scanners often set an owner password only) are
 * opened by making a decrypted copy with qpdf (Debian's `qpdf`, Apache-2.0):
 * pdf-lib cannot decrypt. The copy is what gets imported or signed, and the
 * product says so: a decrypted copy is a new file, so signatures already on
 * an encrypted file could not carry over and such a file is refused instead.
 * The password goes to qpdf on its standard input, never on a command line.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/contract';
import { findSignatures } from './pdf-signatures';
import { PDF_INPUT_MESSAGES, type PdfInputKind } from './pdf-input-errors';

export const ENCRYPTED_SIGNED_MESSAGE =
  'Tệp PDF được mã hóa và đã có chữ ký số: phải giải mã mới ký được, mà bản giải mã làm các chữ ký đó mất hiệu lực. Hãy xin cơ quan gửi bản không mã hóa.';
export const DECRYPTED_COPY_NOTE = 'Tệp gốc được mã hóa: đã giải mã thành một bản sao không mã hóa rồi mới xử lý; tệp gốc giữ nguyên.';

/** The trailer (or xref stream dictionary) names an /Encrypt dictionary. */
export function isEncrypted(pdf: Uint8Array): boolean {
  const buf = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  for (let at = buf.indexOf('/Encrypt'); at >= 0; at = buf.indexOf('/Encrypt', at + 8)) {
    if (/^\/Encrypt\s*(\d+\s+\d+\s+R|<<)/.test(buf.subarray(at, at + 40).toString('latin1'))) return true;
  }
  return false;
}

function refusal(kind: PdfInputKind, detail: string): AppError {
  return new AppError('invalid_input', PDF_INPUT_MESSAGES[kind], [kind, detail]);
}

function runQpdf(args: string[], stdin: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('qpdf', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
    child.stdin.end(stdin);
  });
}

export interface Decrypted {
  bytes: Uint8Array;
  /** True when the input was encrypted and `bytes` is a decrypted copy. */
  decrypted: boolean;
}

/**
 * The input itself when it is not encrypted; otherwise a decrypted copy. An
 * owner-password-only file needs no password; a user password is asked for
 * (`pdf_password_needed`) or refused when wrong (`pdf_password_wrong`).
 */
export async function decryptIfEncrypted(pdf: Uint8Array, password?: string, options: { refuseSigned?: boolean } = {}): Promise<Decrypted> {
  if (!isEncrypted(pdf)) return { bytes: pdf, decrypted: false };
  if (options.refuseSigned && findSignatures(pdf).length > 0)
    throw new AppError('invalid_input', ENCRYPTED_SIGNED_MESSAGE, ['encrypted file with signatures']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-decrypt-'));
  try {
    const input = path.join(dir, 'in.pdf');
    const output = path.join(dir, 'out.pdf');
    fs.writeFileSync(input, pdf, { mode: 0o600 });
    let result: { code: number; stderr: string };
    try {
      result = await runQpdf(['--decrypt', '--password-file=-', input, output], `${password ?? ''}\n`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new AppError('unavailable', 'Chưa cài qpdf (gói qpdf) nên không mở được tệp PDF mã hóa.', [String(error)]);
      throw error;
    }
    if (result.code === 2 && /invalid password/i.test(result.stderr))
      throw refusal(password ? 'pdf_password_wrong' : 'pdf_password_needed', result.stderr.trim());
    if ((result.code !== 0 && result.code !== 3) || !fs.existsSync(output)) throw refusal('pdf_encrypted', result.stderr.trim());
    return { bytes: new Uint8Array(fs.readFileSync(output)), decrypted: true };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
