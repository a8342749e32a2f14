/**
 * A hall on loopback made of real processes: a hub (`serve`, HTTP for kiosks
 * and displays, HTTPS for workstations) and workstations (`serve --hall-hub`),
 * joined with the real `join-hall` command. Used by the multi-process
 * integration test and the two-workstation Playwright test.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ADMIN_PASSWORD = 'hall-admin-password-2026';

export interface ServeProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGKILL, as a power cut; resolves when the process is gone. */
  kill9(): Promise<void>;
}

export async function startServe(port: number, dataDir: string, extra: string[] = []): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'electron/core/hub/serve.ts',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--data',
      dataDir,
      '--printer',
      'off',
      ...extra,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], cwd: path.resolve('.'), env: { ...process.env, MOTCUA_ADMIN_PASSWORD: ADMIN_PASSWORD } },
  );
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`serve on ${port} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    child,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export async function api<T = unknown>(base: string, method: string, input: unknown, token?: string): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const response = await fetch(`${base}/api/${method}`, { method: 'POST', headers, body: JSON.stringify(input) });
  return { status: response.status, body: (await response.json()) as T };
}

export async function adminLogin(hub: string): Promise<string> {
  const answer = await api<{ token: string }>(hub, 'auth.login', { username: 'admin', password: ADMIN_PASSWORD });
  if (answer.status !== 200) throw new Error(`admin login ${answer.status}`);
  return answer.body.token;
}

/** A hall account made at the hub, its one-time password already replaced; answers its password. */
export async function createOfficer(
  hub: string,
  admin: string,
  username: string,
  role: 'officer' | 'supervisor' = 'officer',
): Promise<string> {
  const saved = await api<{ oneTimePassword: string }>(hub, 'accounts.save', { username, displayName: `Cán bộ ${username}`, role }, admin);
  if (saved.status !== 200) throw new Error(`accounts.save ${saved.status} ${JSON.stringify(saved.body)}`);
  const first = await api<{ token: string }>(hub, 'auth.login', { username, password: saved.body.oneTimePassword });
  const password = `${saved.body.oneTimePassword}-own`;
  const changed = await api(
    hub,
    'auth.changePassword',
    { currentPassword: saved.body.oneTimePassword, newPassword: password },
    first.body.token,
  );
  if (changed.status !== 200) throw new Error(`changePassword ${changed.status}`);
  return password;
}

export async function pairDevice(hub: string, admin: string, role: 'kiosk' | 'display', name: string): Promise<string> {
  const code = await api<{ code: string }>(hub, 'devices.createPairingCode', { role, name }, admin);
  const paired = await api<{ credential: string }>(hub, 'auth.pair', { code: code.body.code });
  return paired.body.credential;
}

/** Giám sát → Ghép nối thiết bị (máy trạm), then `npm run cli -- join-hall` on the workstation. */
export async function joinWorkstation(hub: string, hubTls: string, admin: string, dataDir: string, name: string): Promise<void> {
  const code = await api<{ code: string }>(hub, 'devices.createPairingCode', { role: 'counter-device', name }, admin);
  if (code.status !== 200) throw new Error(`pairing code ${code.status}`);
  await run(
    process.execPath,
    [
      '--import',
      'tsx',
      'electron/core/cli/main.ts',
      'join-hall',
      '--hub',
      hubTls,
      '--code',
      code.body.code,
      '--data',
      dataDir,
      '--name',
      name,
    ],
    {
      cwd: path.resolve('.'),
    },
  );
}

export async function until<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve(probe()).catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
