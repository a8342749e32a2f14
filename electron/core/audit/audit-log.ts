import { createHash } from 'node:crypto';
import type { AuditEntry, AuditProblem, AuditVerification } from '../../../shared/contract';
import type { Caller } from '../contract/router';
import type { Db } from '../db/database';
import { knownAnchors, type AuditAnchor } from './audit-anchors';
import { auditKeyOf, rowMac } from './audit-key';
import { allRows, insertRow, lastLink, rowsBefore, type AuditRow } from './audit-store';

/**
 * Append-only, hash-chained audit trail. Every row carries the SHA-256 of its
 * own fields and of the previous row's hash, so editing a row breaks its own
 * hash and deleting one leaves a gap in `seq` and a broken link. Triggers
 * refuse UPDATE and DELETE from the application; someone editing the file with
 * another tool is caught by `verify-audit`.
 *
 * Each row also carries an HMAC of its hash with a key kept outside the
 * database (audit-key.ts), so re-chaining rewritten rows is caught; anchors of
 * the head handed out (printed daily summary, bundle, sync) catch a truncated
 * tail (audit-anchors.ts).
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRecordInput {
  /** The caller from the call context, or 'system' for the app's own actions (first start, purge). */
  actor: Caller | 'system';
  /** Dotted verb, e.g. `auth.login`, `device.revoke`, `dossier.receive`. */
  action: string;
  subjectType?: string;
  subjectId?: string;
  /** Small JSON detail; never a password, never a whole citizen record. */
  detail?: unknown;
}

export function rowHash(row: Omit<AuditRow, 'hash'>): string {
  const canonical = JSON.stringify([
    row.seq,
    row.at,
    row.actor_role,
    row.actor_id,
    row.actor_name,
    row.device_id,
    row.action,
    row.subject_type,
    row.subject_id,
    row.detail,
    row.prev_hash,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * Appends one entry. Call it inside the transaction that makes the change, so
 * the change and its audit row commit together or not at all; outside a
 * transaction it opens its own (IMMEDIATE, so two processes never take the
 * same `seq`).
 */
export function record(db: Db, entry: AuditRecordInput, now: Date = new Date()): AuditEntry {
  const write = (): AuditRow => {
    const last = lastLink(db);
    const actor = entry.actor === 'system' ? undefined : entry.actor;
    const base: Omit<AuditRow, 'hash'> = {
      seq: (last?.seq ?? 0) + 1,
      at: now.toISOString(),
      actor_role: actor?.role ?? 'system',
      actor_id: actor?.userId ?? actor?.deviceId ?? null,
      actor_name: actor?.name ?? null,
      device_id: actor?.deviceId ?? null,
      action: entry.action,
      subject_type: entry.subjectType ?? null,
      subject_id: entry.subjectId ?? null,
      detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      prev_hash: last?.hash ?? GENESIS_HASH,
    };
    const hash = rowHash(base);
    const key = auditKeyOf(db);
    const row: AuditRow = { ...base, hash, mac: key ? rowMac(key.key, hash) : null };
    insertRow(db, row);
    return row;
  };
  const row = db.inTransaction ? write() : db.transaction(write).immediate();
  return toEntry(row);
}

function toEntry(r: AuditRow): AuditEntry {
  return {
    seq: r.seq,
    at: r.at,
    actorRole: r.actor_role,
    actorId: r.actor_id,
    actorName: r.actor_name,
    deviceId: r.device_id,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    detail: r.detail,
  };
}

export function listAudit(db: Db, limit: number, beforeSeq?: number): AuditEntry[] {
  return rowsBefore(db, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit).map(toEntry);
}

/** Walks the whole chain once (streaming, constant memory) and names every row that does not fit. */
export function verifyAudit(db: Db, now: Date = new Date(), extraAnchors: readonly AuditAnchor[] = []): AuditVerification {
  const problems: AuditProblem[] = [];
  const key = auditKeyOf(db);
  const anchors = [...knownAnchors(db), ...extraAnchors];
  const anchorBySeq = new Map(anchors.map((a) => [a.seq, a]));
  const forged: number[] = [];
  let lastSeq = 0;
  let expectedSeq = 1;
  let expectedPrev = GENESIS_HASH;
  let checked = 0;
  for (const row of allRows(db)) {
    checked++;
    const { hash, mac, ...rest } = row;
    if (row.seq > expectedSeq) {
      const last = row.seq - 1;
      problems.push({
        seq: expectedSeq,
        kind: 'deleted',
        message:
          last === expectedSeq ? `Dòng nhật ký số ${expectedSeq} đã bị xoá.` : `Các dòng nhật ký số ${expectedSeq}–${last} đã bị xoá.`,
      });
    } else if (row.prev_hash !== expectedPrev && checked > 1) {
      // The link to the previous row is broken although no row is missing: the previous row
      // was rewritten together with its own hash.
      problems.push({
        seq: row.seq - 1,
        kind: 'edited',
        message: `Dòng nhật ký số ${row.seq - 1} đã bị sửa (mã băm không khớp với dòng sau).`,
      });
    } else if (row.prev_hash !== expectedPrev) {
      problems.push({ seq: row.seq, kind: 'inserted', message: `Dòng nhật ký số ${row.seq} không nối với đầu chuỗi.` });
    }
    if (rowHash(rest) !== hash) {
      problems.push({ seq: row.seq, kind: 'edited', message: `Dòng nhật ký số ${row.seq} đã bị sửa (nội dung không khớp mã băm).` });
    }
    // Re-chained rows pass the SHA-256 checks above; without the key their HMAC cannot be made.
    if (key && row.seq >= key.keyedSince && (!mac || mac !== rowMac(key.key, hash))) {
      forged.push(row.seq);
    }
    if (anchorBySeq.has(row.seq) && anchorBySeq.get(row.seq)!.hash !== hash) {
      problems.push({
        seq: row.seq,
        kind: 'forged',
        message: `Dòng nhật ký số ${row.seq} khác với mốc đã in/gửi ra ngoài (${anchorBySeq.get(row.seq)!.where}).`,
      });
    }
    lastSeq = row.seq;
    expectedSeq = row.seq + 1;
    expectedPrev = hash;
  }
  if (forged.length > 0) {
    const span =
      forged.length === 1
        ? `Dòng nhật ký số ${forged[0]}`
        : `${forged.length} dòng nhật ký (từ số ${forged[0]} đến ${forged[forged.length - 1]})`;
    problems.push({
      seq: forged[0]!,
      kind: 'forged',
      message: `${span} không mang chữ ký khoá của máy chủ: đã bị viết lại hoặc chèn thêm.`,
    });
  }
  for (const anchor of anchors) {
    if (anchor.seq > lastSeq) {
      problems.push({
        seq: anchor.seq,
        kind: 'truncated',
        message: `Nhật ký chỉ còn đến dòng ${lastSeq} nhưng mốc ngày ${anchor.at.slice(0, 10)} (${anchor.where}) đã ghi đến dòng ${anchor.seq}: các dòng cuối đã bị xoá.`,
      });
    }
  }
  return { ok: problems.length === 0, checked, problems, checkedAt: now.toISOString() };
}
