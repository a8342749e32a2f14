/**
 * The desktop app's secrets in the OS key store (Electron's safeStorage, through
 * credential-vault.ts): the hall credential of a workstation, the audit
 * chain's key and the provincial link's password. Where the OS has no real key store (Linux without a keyring),
 * both fall back to the owner-only files web mode uses, rather than to nothing.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CredentialVault, type SafeStorageLike } from './credential-vault';
import { FileAuditKeyStore, defaultAuditKeyStore, type AuditKey, type AuditKeyStore } from './core/audit/audit-key';
import { FileCredentialStore, VaultCredentialStore, credentialFile, type CredentialStore } from './core/hall-link/hall-credential';
import { defaultSecretBox, type SecretBox } from './core/db/secret-box';
import { AppError } from '../shared/contract';

/** The vault's entries are keyed by origin; the audit key is this installation's own. */
const AUDIT_KEY_ENTRY = 'https://audit-key.motcua.invalid';

const SealedAuditKeySchema = z.object({ key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/), keyedSince: z.number().int().min(1) });

export function desktopVault(userData: string, safeStorage: SafeStorageLike): CredentialVault {
  return new CredentialVault(path.join(userData, 'credentials.vault'), safeStorage);
}

export class VaultAuditKeyStore implements AuditKeyStore {
  /** `legacyFile`: the 0600 key file earlier desktop versions wrote; moved into the vault, so old rows still verify. */
  constructor(
    private readonly vault: CredentialVault,
    private readonly legacyFile: string,
  ) {}

  load(nextSeq: () => number): AuditKey {
    const sealed = this.vault.load(AUDIT_KEY_ENTRY);
    if (sealed !== undefined) {
      const parsed = SealedAuditKeySchema.parse(JSON.parse(sealed));
      return { key: Buffer.from(parsed.key, 'base64'), keyedSince: parsed.keyedSince };
    }
    const created = fs.existsSync(this.legacyFile)
      ? new FileAuditKeyStore(this.legacyFile).load(nextSeq)
      : { key: randomBytes(32), keyedSince: nextSeq() };
    this.vault.save(AUDIT_KEY_ENTRY, JSON.stringify({ key: created.key.toString('base64'), keyedSince: created.keyedSince }));
    fs.rmSync(this.legacyFile, { force: true });
    return created;
  }
}

export function desktopAuditKeyStore(vault: CredentialVault, dataDir: string): AuditKeyStore {
  return vault.canStore() ? new VaultAuditKeyStore(vault, path.join(dataDir, 'audit.key')) : defaultAuditKeyStore(dataDir);
}

export function desktopHallCredentials(vault: CredentialVault, hubUrl: string, dataDir: string): CredentialStore {
  return vault.canStore() ? new VaultCredentialStore(vault, hubUrl) : new FileCredentialStore(credentialFile(dataDir));
}

/** Marks a password sealed by the OS key store; the web-mode file box writes "v1.". */
const SAFE_STORAGE_PREFIX = 'os1.';

/**
 * The provincial password sealed by safeStorage (DPAPI, Keychain, Secret Service): the database holds only
 * what this OS account on this machine can open. A password the file box sealed before (an earlier
 * version, or a start without a keyring) is still opened by it, and sealed anew on the next save.
 */
export class SafeStorageSecretBox implements SecretBox {
  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly earlier: SecretBox,
  ) {}

  seal(plain: string): string {
    return `${SAFE_STORAGE_PREFIX}${this.safeStorage.encryptString(plain).toString('base64')}`;
  }

  open(sealed: string): string {
    if (!sealed.startsWith(SAFE_STORAGE_PREFIX)) return this.earlier.open(sealed);
    try {
      return this.safeStorage.decryptString(Buffer.from(sealed.slice(SAFE_STORAGE_PREFIX.length), 'base64'));
    } catch {
      throw new AppError(
        'internal',
        'Mật khẩu kết nối tỉnh đã lưu không mở được bằng kho khoá của hệ điều hành (tài khoản hoặc máy khác?). Hãy nhập lại mật khẩu.',
      );
    }
  }
}

export function desktopSecretBox(vault: CredentialVault, safeStorage: SafeStorageLike, dataDir: string): SecretBox {
  return vault.canStore() ? new SafeStorageSecretBox(safeStorage, defaultSecretBox(dataDir)) : defaultSecretBox(dataDir);
}
