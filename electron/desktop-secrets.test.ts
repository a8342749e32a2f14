import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeSafeStorage } from '../tests/support/fake-safe-storage';
import { tempDir } from '../tests/support/temp-dir';
import { migrate, openDatabase } from './core/db/database';
import { syncMigrations } from './core/sync/outbox';
import { FileSecretBox } from './core/db/secret-box';
import { ProvincialCredentials } from './core/sync/provincial-credentials';
import { CredentialVault } from './credential-vault';
import { SafeStorageSecretBox, desktopSecretBox } from './desktop-secrets';

const URL = 'https://dvc.tinh.gov.vn';

function credentialsDb(dir: string) {
  const db = openDatabase(path.join(dir, 'db.sqlite'));
  migrate(db, syncMigrations);
  return db;
}

// Issue #13: the provincial password must be kept in the OS key store in Electron; only web mode's 0600 key
// file existed (electron/core/sync/provincial-credentials.ts), and main.ts passed no SecretBox at all.
describe('provincial password in the OS key store (safeStorage)', () => {
  it('seals with safeStorage: no key file, no plain text in the database, opened again after a restart', () => {
    const dir = tempDir();
    const os = fakeSafeStorage();
    const vault = new CredentialVault(path.join(dir, 'credentials.vault'), os, 'linux');
    const db = credentialsDb(dir);
    new ProvincialCredentials(db, desktopSecretBox(vault, os, dir)).save({ url: URL, username: 'quay1', password: 'matkhau-tỉnh-2026' });
    db.close();
    expect(fs.readFileSync(path.join(dir, 'db.sqlite')).includes(Buffer.from('matkhau-tỉnh-2026'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'provincial.key'))).toBe(false);

    const reopened = new ProvincialCredentials(openDatabase(path.join(dir, 'db.sqlite')), desktopSecretBox(vault, os, dir));
    expect(reopened.account()).toEqual({ url: URL, username: 'quay1', password: 'matkhau-tỉnh-2026' });
  });

  it('another OS account or machine cannot open it: a Vietnamese reason, not a crypto error', () => {
    const dir = tempDir();
    const sealed = new SafeStorageSecretBox(fakeSafeStorage(), new FileSecretBox(path.join(dir, 'provincial.key'))).seal('matkhau');
    const stranger = new SafeStorageSecretBox(fakeSafeStorage(), new FileSecretBox(path.join(dir, 'provincial.key')));
    expect(() => stranger.open(sealed)).toThrow(/kho khoá của hệ điều hành.*nhập lại mật khẩu/);
  });

  it('opens a password the web-mode file box sealed before, and seals the next save in the key store', () => {
    const dir = tempDir();
    const file = new FileSecretBox(path.join(dir, 'provincial.key'));
    const earlier = file.seal('matkhau-cu');
    const box = new SafeStorageSecretBox(fakeSafeStorage(), file);
    expect(box.open(earlier)).toBe('matkhau-cu');
    const next = box.seal('matkhau-moi');
    expect(next.startsWith('os1.')).toBe(true);
    expect(() => file.open(next)).toThrow();
    expect(box.open(next)).toBe('matkhau-moi');
  });

  it.each([
    ['no encryption at all', { available: false }],
    ['Linux without a keyring (basic_text)', { backend: 'basic_text' }],
  ])('falls back to the 0600 key file where the OS has no real key store: %s', (_why, options) => {
    const dir = tempDir();
    const os = fakeSafeStorage(options);
    const box = desktopSecretBox(new CredentialVault(path.join(dir, 'credentials.vault'), os, 'linux'), os, dir);
    expect(box).toBeInstanceOf(FileSecretBox);
    expect(box.open(box.seal('matkhau'))).toBe('matkhau');
    expect(fs.statSync(path.join(dir, 'provincial.key')).mode & 0o777).toBe(0o600);
  });
});
