import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { trustedUrlChecker } from './ipc/bind-ipc';
import { allowExternalOpen, allowNavigation, decidePermission, secureWebPreferences } from './window-policy';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('Electron window policy', () => {
  it('isolates the renderer from Node', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      plugins: true, // the PDF viewer for receipts; the only plugin Electron still has
    });
  });

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'anything-new'])(
    'denies the %s permission',
    (permission) => expect(decidePermission(permission)).toBe(false),
  );

  it('allows navigation only within the app’s own entry page', () => {
    const trusted = trustedUrlChecker('file:///opt/motcua/dist/renderer/index.html');
    expect(allowNavigation('file:///opt/motcua/dist/renderer/index.html#/kiosk', trusted)).toBe(true);
    expect(allowNavigation('file:///etc/passwd', trusted)).toBe(false);
    expect(allowNavigation('https://evil.example/', trusted)).toBe(false);
  });

  it.each([
    ['https://dichvucong.gov.vn/p/home', true],
    ['http://dichvucong.gov.vn/', false],
    ['https://dichvucong.gov.vn.evil.example/', false],
    ['file:///c:/windows/system32/calc.exe', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('opens %s externally: %s', (url, allowed) => {
    expect(allowExternalOpen(url, ['dichvucong.gov.vn'])).toBe(allowed);
  });

  it('main.ts applies the policy module rather than its own settings', () => {
    const main = fs.readFileSync(path.join(ROOT, 'electron/main.ts'), 'utf8');
    expect(main).toContain('webPreferences: secureWebPreferences(');
    expect(main).toContain('setPermissionRequestHandler');
    expect(main).toContain("return { action: 'deny' }");
    expect(main).toContain('will-navigate');
    expect(main).not.toMatch(/nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false/);
  });
});
