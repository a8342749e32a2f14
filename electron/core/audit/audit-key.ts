import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Db } from '../db/database';
import { maxSeq } from './audit-store';

/**
 * The secret that keys the audit chain, kept outside the database: someone who can edit the database file
 * can rewrite and re-chain the rows' SHA-256 hashes (the attack run did, and verify-audit said "nguyên vẹn"),
 * but cannot compute the rows' HMACs without this key.
 *
 * `keyedSince`: the first row written with the key. Rows before it (written before this version) carry no
 * HMAC; every row from it on must, so nulling the HMACs does not make rewritten rows look old.
 */
export interface AuditKey {
  key: Buffer;
  keyedSince: number;
}

/** Where the key lives: a file readable only by the service account (web mode); the OS key store in Electron. */
export interface AuditKeyStore {
  /** The key, created on first use; `nextSeq` is the seq the first keyed row will take. */
  load(nextSeq: () => number): AuditKey;
}

const KeyFileSchema = z.object({ key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/), keyedSince: z.number().int().min(1) });

/**
 * Web mode: `<data>/audit.key` by default (or MOTCUA_AUDIT_KEY_FILE, e.g. on another volume), mode 0600.
 * Electron: implement AuditKeyStore over safeStorage (electron/credential-vault.ts) and pass it to createCore.
 */
export class FileAuditKeyStore implements AuditKeyStore {
  constructor(readonly file: string) {}

  load(nextSeq: () => number): AuditKey {
    if (fs.existsSync(this.file)) {
      const parsed = KeyFileSchema.parse(JSON.parse(fs.readFileSync(this.file, 'utf8')));
      return { key: Buffer.from(parsed.key, 'base64'), keyedSince: parsed.keyedSince };
    }
    const created = { key: randomBytes(32), keyedSince: nextSeq() };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    // wx: two processes starting at once never overwrite each other's key.
    try {
      fs.writeFileSync(this.file, JSON.stringify({ key: created.key.toString('base64'), keyedSince: created.keyedSince }), {
        mode: 0o600,
        flag: 'wx',
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return this.load(nextSeq);
      throw error;
    }
    return created;
  }
}

export function defaultAuditKeyStore(dataDir: string): AuditKeyStore {
  return new FileAuditKeyStore(process.env.MOTCUA_AUDIT_KEY_FILE || path.join(dataDir, 'audit.key'));
}

const keys = new WeakMap<Db, AuditKey>();

/** Keys the audit chain of this database: every row appended from now on carries its HMAC. */
export function useAuditKey(db: Db, store: AuditKeyStore): AuditKey {
  const nextSeq = () => maxSeq(db) + 1;
  const key = store.load(nextSeq);
  keys.set(db, key);
  return key;
}

export function auditKeyOf(db: Db): AuditKey | undefined {
  return keys.get(db);
}

/** HMAC-SHA256 of a row's chained hash: binds the row and, through the chain, everything before it. */
export function rowMac(key: Buffer, hash: string): string {
  return createHmac('sha256', key).update(hash, 'utf8').digest('hex');
}
