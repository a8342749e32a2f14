import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeSafeStorage } from '../tests/support/fake-safe-storage';
import { tempDir } from '../tests/support/temp-dir';
import { CredentialVault } from './credential-vault';

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
