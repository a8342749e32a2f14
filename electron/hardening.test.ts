/**
 * Electron's security checklist, item by item, for what can be checked without
 * an Electron runtime (none runs on the build machines). The README's security
 * section lists each item and where it is met.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRELOAD_GLOBAL } from '../shared/contract';
import { secureWebPreferences } from './window-policy';

const ROOT = path.resolve(import.meta.dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

describe('Electron security checklist', () => {
  const prefs = secureWebPreferences('/app/preload.cjs') as unknown as Record<string, unknown>;

  it('no experimental features and no Blink features switched on', () => {
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(read('electron/main.ts')).not.toMatch(/enableBlinkFeatures|experimentalFeatures:\s*true|nodeIntegration:\s*true/);
  });

  it('main.ts installs every guard: sandbox, permissions, devices, CSP, navigation, redirects, new windows, webviews', () => {
    const main = read('electron/main.ts');
    for (const needle of [
      'app.enableSandbox()',
      'setPermissionRequestHandler',
      'setPermissionCheckHandler',
      'setDevicePermissionHandler(() => false)',
      "'Content-Security-Policy': [CONTENT_SECURITY_POLICY]",
      "contents.on('will-navigate'",
      "contents.on('will-redirect'",
      'contents.setWindowOpenHandler',
      "return { action: 'deny' }",
      "contents.on('will-attach-webview', (event) => event.preventDefault())",
      'allowExternalOpen(url, EXTERNAL_HOSTS)',
      'isTrustedUrl: isTrusted',
    ]) {
      expect(main, needle).toContain(needle);
    }
    // shell.openExternal is reached only behind the allow-list.
    const opens = main.split('\n').filter((line) => line.includes('shell.openExternal('));
    expect(opens.length).toBeGreaterThan(0);
    for (const line of opens) expect(line).toContain('if (allowExternalOpen(url, EXTERNAL_HOSTS))');
  });

  it('the preload exposes one global with the contract’s two channels and nothing of Electron', () => {
    const preload = read('electron/preload.ts');
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(preload).toContain(`exposeInMainWorld(PRELOAD_GLOBAL, api)`);
    expect(PRELOAD_GLOBAL).toBe('motcua');
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\b/);
    expect(preload).not.toMatch(/require\(|process\.|shell\./);
  });

  it('packaging sets the fuses', () => {
    const builder = read('electron-builder.yml');
    for (const fuse of [
      'runAsNode: false',
      'enableCookieEncryption: true',
      'enableNodeOptionsEnvironmentVariable: false',
      'enableNodeCliInspectArguments: false',
      'enableEmbeddedAsarIntegrityValidation: true',
      'onlyLoadAppFromAsar: true',
      'grantFileProtocolExtraPrivileges: false',
    ]) {
      expect(builder).toContain(fuse);
    }
  });

  it('uses a current Electron (a supported major)', () => {
    const pkg = JSON.parse(read('package.json')) as { devDependencies: Record<string, string> };
    expect(Number(/\d+/.exec(pkg.devDependencies.electron ?? '')?.[0])).toBeGreaterThanOrEqual(38);
  });
});
