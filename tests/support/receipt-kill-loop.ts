import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';
import { createCore } from '../../electron/core/app';
import { defaultConfig } from '../../electron/core/config';
import { tempDir } from './temp-dir';

const WRITER = path.resolve(import.meta.dirname, 'receipt-writer.ts');

/** Runs the writer until it has sent `sends` requests since it started, then SIGKILLs it; answers what it printed. */
function runUntilKilled(
  dataDir: string,
  first: number,
  resend: string[],
  sends: number,
  delayMs: number,
): Promise<{ sent: string[]; acked: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, String(first), resend.join(',')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const sent: string[] = [];
    const acked: string[] = [];
    let buffer = '';
    let killing = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [kind, id] = line.split(' ');
        if (kind === 'sent' && id) sent.push(id);
        if (kind === 'ok' && id) acked.push(id);
        if (!killing && sent.length >= sends) {
          killing = true;
          // Somewhere inside the call: before, during or after the commit, or while the PDF renders.
          setTimeout(() => child.kill('SIGKILL'), delayMs);
        }
      }
    });
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve({ sent, acked }) : reject(new Error(`writer ended with ${signal}`)),
    );
  });
}

/** The kill -9 loop; CI runs a few kills, `npm run soak` many more (RECEIPT_KILLS). */
export async function receiptKillLoop(kills: number): Promise<void> {
  const dataDir = tempDir();
  let next = 1;
  let unacked: string[] = [];
  const everSent = new Set<string>();
  for (let k = 0; k < kills; k++) {
    const { sent, acked } = await runUntilKilled(dataDir, next, unacked, unacked.length + 2 + (k % 3), [0, 5, 20, 60, 150][k % 5]!);
    for (const id of sent) everSent.add(id);
    const ackedSet = new Set(acked);
    // Resend what was never answered, plus the last answered one (a timeout the officer could not tell apart).
    unacked = [...new Set(sent)].filter((id) => !ackedSet.has(id));
    if (acked.length > 0) unacked.push(acked[acked.length - 1]!);
    next += sent.filter((id) => id.startsWith('nhap-')).length + 1;
  }
  const core = createCore(defaultConfig({ dataDir, hub: { host: '127.0.0.1', port: 0 } }));
  try {
    await core.dossiers.renderMissingReceipts();
    const rows = core.db.prepare('SELECT id, code, request_id FROM dossiers').all() as {
      id: number;
      code: string;
      request_id: string | null;
    }[];
    expect(rows.length).toBeGreaterThan(0);
    const noAudit = rows.filter(
      (r) => !core.db.prepare("SELECT 1 FROM audit_log WHERE action = 'dossier.receive' AND subject_id = ?").get(r.code),
    );
    expect(noAudit).toEqual([]);
    const noReceipt = rows.filter((r) => !core.db.prepare("SELECT 1 FROM dossier_forms WHERE dossier_id = ? AND form = '01'").get(r.id));
    expect(noReceipt).toEqual([]);
    const noOutbox = rows.filter((r) => !core.db.prepare('SELECT 1 FROM sync_outbox WHERE ma_ho_so = ?').get(r.code));
    expect(noOutbox).toEqual([]);
    // No duplicate: one dossier per request id, and none without one.
    const ids = rows.map((r) => r.request_id?.split('|')[1]);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(rows.length);
    for (const id of ids) expect(everSent.has(id!)).toBe(true);
  } finally {
    await core.close();
  }
}
