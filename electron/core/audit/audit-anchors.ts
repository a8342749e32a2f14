import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Db } from '../db/database';
import { vnDay, vnIso } from '../../../shared/vn-time';
import { actionCountsBetween, lastLink } from './audit-store';

/**
 * An anchor is the chain's head (seq + hash) handed to somewhere the database's editor cannot reach: a
 * printed daily summary, an offline bundle or a sync upload to the province. Each one handed out is also
 * remembered in `<data>/audit-anchors.jsonl`, so verify-audit can check the chain still contains it: a
 * truncated tail or a re-forged past then shows, even with the key stolen.
 */
export const AuditAnchorSchema = z.object({
  seq: z.number().int().min(1),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string(),
  where: z.string(),
});
export type AuditAnchor = z.infer<typeof AuditAnchorSchema>;

const files = new WeakMap<Db, string>();

export function useAuditAnchors(db: Db, dataDir: string): void {
  files.set(db, path.join(dataDir, 'audit-anchors.jsonl'));
}

/** The current head, or null on an empty trail. */
export function auditHead(db: Db): { seq: number; hash: string } | null {
  return lastLink(db) ?? null;
}

/** Takes the head as an anchor for `where` (e.g. "bản in hằng ngày", "gói ngoại tuyến") and remembers it. */
export function takeAnchor(db: Db, where: string, now: Date = new Date()): AuditAnchor | null {
  const head = auditHead(db);
  if (!head) return null;
  const anchor: AuditAnchor = { ...head, at: now.toISOString(), where };
  const file = files.get(db);
  if (file) fs.appendFileSync(file, `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
  return anchor;
}

/** Anchors remembered for this database; lines that do not parse are ignored (the file is a convenience copy). */
export function knownAnchors(db: Db): AuditAnchor[] {
  const file = files.get(db);
  if (!file || !fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        const parsed = AuditAnchorSchema.safeParse(JSON.parse(line));
        return parsed.success ? [parsed.data] : [];
      } catch {
        return [];
      }
    });
}

/**
 * The printable daily summary: what the trail recorded that day (Vietnam time) and the head it ended on,
 * in groups of 8 hex digits so a person can copy it back (`verify-audit --anchor SEQ:HASH`). Printing it
 * takes an anchor.
 */
export function dailyAuditSummary(db: Db, day?: string, now: Date = new Date()): { text: string; anchor: AuditAnchor | null } {
  const date = day ?? vnDay(vnIso(now));
  const from = new Date(`${date}T00:00:00+07:00`).toISOString();
  const to = new Date(new Date(from).getTime() + 86_400_000).toISOString();
  const counts = actionCountsBetween(db, from, to);
  const anchor = takeAnchor(db, `bản tóm tắt ngày ${date}`, now);
  const total = counts.reduce((sum, c) => sum + c.n, 0);
  const lines = [
    `TÓM TẮT NHẬT KÝ THAO TÁC — ngày ${date.split('-').reverse().join('/')}`,
    `Số dòng trong ngày: ${total}`,
    ...counts.map((c) => `  ${c.action}: ${c.n}`),
    anchor ? `Mốc đầu chuỗi: dòng ${anchor.seq}` : 'Nhật ký còn trống.',
    ...(anchor
      ? [
          `Mã băm: ${anchor.hash.match(/.{8}/g)!.join(' ')}`,
          `Kiểm tra lại: npm run cli -- verify-audit --anchor ${anchor.seq}:${anchor.hash}`,
        ]
      : []),
    'Người in: ……………………   Ký tên: ……………………',
  ];
  return { text: lines.join('\n'), anchor };
}
