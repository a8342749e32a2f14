import { expect, type Page } from '@playwright/test';

/** Runs in the page (the Node type-check has no DOM types). */
declare const localStorage: { setItem(key: string, value: string): void };

/** The e2e hub starts with MOTCUA_ADMIN_PASSWORD set (playwright.config.ts), so the first admin's password is known. */
export const ADMIN = { username: 'admin', password: 'e2e-admin-password-2026' };

async function adminToken(page: Page, base = ''): Promise<string> {
  const response = await page.request.post(`${base}/api/auth.login`, { data: ADMIN });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

/**
 * Logs the page in as the admin before it loads (the login screen itself is tested in security.spec.ts);
 * answers the header for the test's own `page.request` calls.
 */
export async function loginAsAdmin(page: Page, base = ''): Promise<{ authorization: string }> {
  const token = await adminToken(page, base);
  await page.addInitScript((t) => localStorage.setItem('motcua.token', t), token);
  return { authorization: `Bearer ${token}` };
}

/** Pairs the page as a kiosk or display through the contract, as the pairing page would. */
export async function pairAs(page: Page, role: 'kiosk' | 'display', name = `${role} e2e`, base = ''): Promise<void> {
  const token = await adminToken(page, base);
  const code = await page.request.post(`${base}/api/devices.createPairingCode`, {
    data: { role, name },
    headers: { authorization: `Bearer ${token}` },
  });
  const paired = await page.request.post(`${base}/api/auth.pair`, { data: { code: ((await code.json()) as { code: string }).code } });
  expect(paired.status()).toBe(200);
  const { credential } = (await paired.json()) as { credential: string };
  await page.addInitScript((c) => localStorage.setItem('motcua.device', c), credential);
}
