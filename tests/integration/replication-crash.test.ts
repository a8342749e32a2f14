/**
 * The hall as real processes on loopback: a hub syncing to the provincial
 * emulator, three workstations, a misbehaving proxy between workstation 1 and
 * the hub. Workstation 1 is killed with SIGKILL in the middle of replicating
 * its receipts, then the hub is; receipts go on at a workstation while the hub
 * is down. Afterwards every dossier is exactly once at the hub and exactly
 * once at the province, its file byte-identical, and a dossier received at
 * workstation 1 and returned at workstation 2 shows returned at workstation 1.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databasePath } from '../../electron/core/db/database';
import { fileStoreFor } from '../../electron/core/files/file-store';
import { startReplicationProxy } from '../support/replication-proxy';
import { postJson } from '../support/core';
import { BIRTH_APPLICANT } from '../support/dossier-fixtures';
import { tempDir } from '../support/temp-dir';
import { scanPdf } from '../support/scan-pdf';
import { startSimProcess } from '../support/tthc-sim';

const ROOT = path.resolve(import.meta.dirname, '../..');
const HUB_PORT = Number(process.env.E2E_PORT ?? 25000) + 101;
const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  children.clear();
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface NodeProcess {
  child: ChildProcess;
  url: string;
  officer: string;
  tokens: string[];
  /** What the process wrote to stderr so far: a stuck wait says what the process complained of. */
  stderr: () => string;
}

function startNode(env: Record<string, string>): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/support/replication-node.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  children.add(child);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`node did not start: ${stderr}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`node exited ${code}: ${stderr}`)));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const ready = /READY (\S+)/.exec(out);
      if (!ready) return;
      clearTimeout(timer);
      resolve({
        child,
        url: ready[1]!,
        officer: /OFFICER (\S+)/.exec(out)![1]!,
        tokens: [...out.matchAll(/TOKEN (\S+)/g)].map((m) => m[1]!),
        stderr: () => stderr.slice(-2000),
      });
    });
  });
}

function kill9(node: NodeProcess): Promise<void> {
  return new Promise((resolve) => {
    node.child.once('exit', () => resolve());
    node.child.kill('SIGKILL');
  });
}

async function api<T>(node: NodeProcess, method: string, input: unknown): Promise<T> {
  const { status, body } = await postJson(`${node.url}/api/${method}`, input, node.officer);
  if (status !== 200) throw new Error(`${method}: ${JSON.stringify(body)}`);
  return body as T;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const started = Date.now();
  let last: unknown = null;
  while (Date.now() - started < timeoutMs) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for: ${what} ${last ? String(last) : ''}`);
}

async function receive(node: NodeProcess, scan: Buffer): Promise<string> {
  const { sha256 } = await api<{ sha256: string }>(node, 'files.put', { base64: scan.toString('base64') });
  const [procedure] = await api<{ code: string; components: { code: string; name: string }[] }[]>(node, 'catalog.search', {
    query: 'khai sinh',
  });
  const dossier = await api<{ code: string }>(node, 'dossier.receive', {
    procedureCode: procedure!.code,
    applicant: { ...BIRTH_APPLICANT, fullName: 'Trần Thị Bình' },
    components: procedure!.components.map((k, i) => ({
      code: k.code,
      name: k.name,
      originals: 1,
      copies: 0,
      sha256: i === 0 ? sha256 : null,
      fileName: i === 0 ? 'to-khai.pdf' : null,
    })),
  });
  return dossier.code;
}

describe('hall replication across processes, with kill -9', () => {
  it('every dossier exactly once at the hub and at the province, files byte-identical, after a workstation and the hub are killed', async () => {
    const sim = await startSimProcess(tempDir('motcua-sim-'));
    cleanups.push(() => sim.stop());
    const hubDir = tempDir('motcua-hub-');
    const hubEnv = {
      MOTCUA_HALL_ROLE: 'hub',
      MOTCUA_DATA: hubDir,
      MOTCUA_PORT: String(HUB_PORT),
      MOTCUA_PROVINCIAL_URL: sim.url,
      MOTCUA_DEVICE_TOKENS: '3',
    };
    let hub = await startNode(hubEnv);
    const proxy = await startReplicationProxy(HUB_PORT);
    cleanups.push(() => proxy.close());
    const wsEnv = (station: number, hubUrl: string, dir: string) => ({
      MOTCUA_HALL_ROLE: 'workstation',
      MOTCUA_DATA: dir,
      MOTCUA_STATION: String(station),
      MOTCUA_HUB_URL: hubUrl,
      MOTCUA_HUB_TOKEN: hub.tokens[station - 1]!,
    });
    const dirs = [tempDir('motcua-ws1-'), tempDir('motcua-ws2-'), tempDir('motcua-ws3-')];
    const ws1Env = wsEnv(1, `http://127.0.0.1:${proxy.port}`, dirs[0]!);
    const started = await Promise.all([startNode(ws1Env), startNode(wsEnv(2, hub.url, dirs[1]!)), startNode(wsEnv(3, hub.url, dirs[2]!))]);
    let ws1 = started[0];
    const [, ws2, ws3] = started;

    const scans = new Map<string, Buffer>();
    const receiveAt = async (node: NodeProcess, count: number, size = 200_000) => {
      for (let i = 0; i < count; i++) {
        const scan = scanPdf(randomBytes(size + i * 1000));
        scans.set(await receive(node, scan), scan);
      }
    };

    // Workstation 1 behind a misbehaving link, killed while its receipts are on their way.
    proxy.mode = 'chaos';
    await receiveAt(ws2, 2);
    await receiveAt(ws1, 4, 800_000);
    const before = await api<{ pending: number }>(ws1, 'replication.status', {});
    expect(before.pending).toBeGreaterThan(0);
    await kill9(ws1);
    ws1 = await startNode(ws1Env);
    await receiveAt(ws3, 2);

    // The hub dies; counters go on receiving, locally.
    await kill9(hub);
    await receiveAt(ws2, 2);
    await receiveAt(ws1, 1);
    expect((await api<{ items: unknown[]; scope: string }>(ws2, 'dossier.search', { query: '' })).scope).toBe('local');
    hub = await startNode(hubEnv);
    proxy.mode = 'pass';

    const codes = [...scans.keys()];
    const stuckItems = (dir: string) => {
      const db = new Database(databasePath(dir), { readonly: true });
      try {
        return JSON.stringify(db.prepare(`SELECT id, state, attempts, last_error FROM repl_outbox WHERE state != 'done'`).all());
      } finally {
        db.close();
      }
    };
    for (const [i, ws] of [ws1, ws2, ws3].entries()) {
      await until(
        'workstation drained',
        async () => {
          const s = await api<{ pending: number; attention: number }>(ws, 'replication.status', {});
          if (s.pending === 0 && s.attention === 0) return true;
          // Say what is left when the wait runs out: a stuck item's reason is the whole diagnosis.
          const attention = JSON.stringify(await api(ws, 'replication.attention', {}));
          throw new Error(`${JSON.stringify(s)} ${attention} ${stuckItems(dirs[i]!)}\nworkstation: ${ws.stderr()}\nhub: ${hub.stderr()}`);
        },
        90_000,
      );
    }
    await until(
      'province has every dossier',
      async () => {
        const state = await sim.state();
        return codes.every((c) => state.dossiers.some((d) => d.MaHoSo === c));
      },
      90_000,
    );

    const hubDb = new Database(databasePath(hubDir), { readonly: true });
    try {
      const rows = hubDb.prepare('SELECT code, COUNT(*) AS n FROM dossiers GROUP BY code').all() as { code: string; n: number }[];
      expect(rows.map((r) => r.code).sort()).toEqual([...codes].sort());
      expect(rows.every((r) => r.n === 1)).toBe(true);
      const hubFiles = fileStoreFor(hubDir);
      for (const [code, scan] of scans) {
        const sha = hubDb
          .prepare(
            `SELECT c.sha256 FROM dossier_components c JOIN dossiers d ON d.id = c.dossier_id WHERE d.code = ? AND c.sha256 IS NOT NULL`,
          )
          .pluck()
          .get(code) as string;
        expect(fs.readFileSync(hubFiles.pathOf(sha)).equals(scan)).toBe(true);
      }
    } finally {
      hubDb.close();
    }
    const state = await sim.state();
    for (const code of codes) {
      const atProvince = state.dossiers.filter((d) => d.MaHoSo === code);
      expect(atProvince).toHaveLength(1);
      expect(atProvince[0]!.created).toBe(1);
    }
    for (const scan of scans.values()) {
      const { createHash } = await import('node:crypto');
      const sha = createHash('sha256').update(scan).digest('hex');
      expect(state.files.find((f) => f.sha256 === sha)).toMatchObject({ size: scan.length, stored: 1 });
    }

    // Received at workstation 1, returned at workstation 2: workstation 1 shows it returned.
    const fromWs1 = codes.find((c) => c === codes[0])!;
    await api(ws2, 'dossier.returnResult', {
      code: fromWs1,
      documents: [{ name: 'Giấy khai sinh', sha256: null }],
      collectedBy: 'Trần Thị Bình',
      note: '',
    });
    await until(
      'workstation 1 shows it returned',
      async () => (await api<{ status: number }>(ws1, 'dossier.get', { code: fromWs1 })).status === 10,
      30_000,
    );
  }, 240_000);
});
