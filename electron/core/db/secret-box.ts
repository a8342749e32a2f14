import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract';

/**
 * How a secret is kept in a database row (the provincial link's password, a workstation's pending resume
 * grant): sealed, never in plain text. Web mode: AES-256-GCM with a key in a 0600 file next to (not inside)
 * the database, like the audit key. Electron: over the OS key store (safeStorage, electron/desktop-secrets.ts),
 * passed to createCore. A copy of the database alone opens nothing.
 */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

const KEY_BYTES = 32;

/** `<data>/provincial.key` (or MOTCUA_PROVINCIAL_KEY_FILE; the name is from when it held only that password), created on first use with mode 0600. */
export class FileSecretBox implements SecretBox {
  private key: Buffer | undefined;
  constructor(readonly file: string) {}

  private load(): Buffer {
    if (this.key) return this.key;
    if (!fs.existsSync(this.file)) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      try {
        // wx: two processes starting at once never overwrite each other's key.
        fs.writeFileSync(this.file, randomBytes(KEY_BYTES).toString('base64'), { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
      }
    }
    const key = Buffer.from(fs.readFileSync(this.file, 'utf8').trim(), 'base64');
    if (key.length !== KEY_BYTES) throw new AppError('internal', `Tệp khoá bí mật của máy này bị hỏng: ${this.file}`);
    this.key = key;
    return key;
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.load(), iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new AppError('internal', 'Dữ liệu bí mật đã lưu không đọc được.');
    const decipher = createDecipheriv('aes-256-gcm', this.load(), Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new AppError('internal', 'Dữ liệu bí mật đã lưu không mở được bằng khoá hiện có (khoá đã bị thay?).');
    }
  }
}

export function defaultSecretBox(dataDir: string): SecretBox {
  return new FileSecretBox(process.env.MOTCUA_PROVINCIAL_KEY_FILE || path.join(dataDir, 'provincial.key'));
}
