import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../tests/support/temp-dir';
import { CredentialVault, type SafeStorageLike } from './credential-vault';

/** Stands in for safeStorage: real encryption with a key the "OS" holds. */
function fakeSafeStorage(options: { available?: boolean; backend?: string } = {}): SafeStorageLike {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptString(text) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

describe('device credential vault (safeStorage)', () => {
  it('keeps the credential encrypted on disk, per hub', () => {
    const file = path.join(tempDir(), 'vault.json');
    const vault = new CredentialVault(file, fakeSafeStorage(), 'linux');
    vault.save('http://192.168.1.10:8080/#/kiosk', 'mcd_secret-credential');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('mcd_secret');
    expect(vault.load('http://192.168.1.10:8080')).toBe('mcd_secret-credential');
    expect(vault.load('http://192.168.1.11:8080')).toBeUndefined();
    vault.forget('http://192.168.1.10:8080');
    expect(vault.load('http://192.168.1.10:8080')).toBeUndefined();
  });

  it('refuses to write a credential where there is no real key store', () => {
    const dir = tempDir();
    expect(() => new CredentialVault(path.join(dir, 'a.json'), fakeSafeStorage({ available: false })).save('http://hub', 'x')).toThrow(
      'not written',
    );
    const basic = new CredentialVault(path.join(dir, 'b.json'), fakeSafeStorage({ backend: 'basic_text' }), 'linux');
    expect(basic.canStore()).toBe(false);
    expect(() => basic.save('http://hub', 'x')).toThrow();
    expect(fs.existsSync(path.join(dir, 'b.json'))).toBe(false);
  });

  it('a vault sealed by another machine or user reads as empty, not as an error', () => {
    const file = path.join(tempDir(), 'vault.json');
    new CredentialVault(file, fakeSafeStorage(), 'win32').save('http://hub:8080', 'mcd_x');
    expect(new CredentialVault(file, fakeSafeStorage(), 'win32').load('http://hub:8080')).toBeUndefined();
    fs.writeFileSync(file, '{not json');
    expect(new CredentialVault(file, fakeSafeStorage(), 'win32').load('http://hub:8080')).toBeUndefined();
  });
});
