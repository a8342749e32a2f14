/**
 * Where a counter PC or kiosk running the Electron app keeps the device
 * credential it got by pairing with another hall's hub: encrypted with
 * Electron's safeStorage (DPAPI on Windows, Keychain on macOS, the Secret
 * Service / KWallet on Linux), in one file under userData. Written against the
 * slice of `safeStorage` it uses so it is tested without an Electron runtime;
 * main.ts passes the real one.
 *
 * Browsers (kiosks and displays on a plain browser) keep theirs in
 * localStorage: there is nothing better a web page can do.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means no keyring, i.e. a hard-coded key — not a secret at all. */
  getSelectedStorageBackend?(): string;
}

const VaultFileSchema = z.record(z.string(), z.string());

export class CredentialVault {
  constructor(
    private readonly file: string,
    private readonly safeStorage: SafeStorageLike,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** False where the OS offers no real key store: the caller then asks the supervisor to pair again after each start. */
  canStore(): boolean {
    if (!this.safeStorage.isEncryptionAvailable()) return false;
    if (this.platform === 'linux' && this.safeStorage.getSelectedStorageBackend?.() === 'basic_text') return false;
    return true;
  }

  private readAll(): Record<string, string> {
    try {
      const parsed = VaultFileSchema.safeParse(JSON.parse(fs.readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  private writeAll(entries: Record<string, string>): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(entries), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }

  /** Stores the credential for one hub (by origin). Refuses rather than writing it in clear. */
  save(hubOrigin: string, credential: string): void {
    if (!this.canStore()) throw new Error('safeStorage is not available: the device credential is not written to disk');
    const entries = this.readAll();
    entries[new URL(hubOrigin).origin] = this.safeStorage.encryptString(credential).toString('base64');
    this.writeAll(entries);
  }

  load(hubOrigin: string): string | undefined {
    const sealed = this.readAll()[new URL(hubOrigin).origin];
    if (!sealed || !this.safeStorage.isEncryptionAvailable()) return undefined;
    try {
      return this.safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    } catch {
      return undefined; // another user's or another machine's vault: pair again
    }
  }

  forget(hubOrigin: string): void {
    const entries = this.readAll();
    delete entries[new URL(hubOrigin).origin];
    this.writeAll(entries);
  }
}
