import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Issue 12 ("instants stored one way everywhere"): the queue, accounts, trust, catalog… stored UTC
// `toISOString()` text and sync stored epoch ms, next to the dossiers' +07:00 text. Every stored instant
// is now Vietnam ISO text from shared/vn-time.ts (`vnIso`, `vnIsoMs`). A file holding SQL that writes
// `toISOString()`, or binds a bare `Date.now()`, fails here.

/** Files that still call toISOString(), none of them for a database row, each with its reason. */
const NOT_STORED: Record<string, string> = {
  'electron/core/audit/audit-log.ts':
    'audit rows are sealed: `at` is inside each row hash and the anchors; rewriting would break verify-audit',
  'electron/core/audit/audit-anchors.ts': 'day ranges over the sealed audit rows, in their own (UTC) form',
  'electron/core/cli/security-commands.ts': "audit anchors, in the sealed rows' form",
  'electron/core/signing/signing-service.ts': 'certificate validity to the contract (wire), not stored',
  'electron/core/signing/verify.ts': 'signature and timestamp times to the contract (wire), not stored',
  'electron/core/devices/token/pkcs11-token.ts': 'certificate validity to the contract (wire), not stored',
  'electron/core/digitize/digitize-service.ts': 'the PDF metadata creation date',
  'electron/core/hub/hub-server.ts': 'GET /healthz answer',
  'electron/core/hall-link/workstation-link.ts': "the report's sentAt on the wire (the hub measures clock skew with it)",
  'electron/core/hall-link/hub-connection.ts': 'in-memory link snapshot',
  'electron/core/hall-link/join-hall.ts': 'joinedAt in the hall.json the operator reads, not the database',
  'electron/core/app.ts': 'the replication backlog on the wire to the hub',
  'electron/core/db/serve-lock.ts': 'the serve lock file, not the database',
  'electron/core/system/system-service.ts': 'in-memory start time',
};

/** The audit trail keeps its rows as they were sealed (UTC text): the only SQL allowed to write toISOString(). */
const SEALED = new Set([
  'electron/core/audit/audit-log.ts',
  'electron/core/audit/audit-anchors.ts',
  'electron/core/cli/security-commands.ts',
]);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const code = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');
const rel = (file: string) => file.split(path.sep).join('/');

describe('one stored instant format', () => {
  const files = sources('electron/core').map((f) => ({ file: rel(f), text: code(f) }));

  it('no file with SQL writes toISOString(), and every other use is listed with its reason', () => {
    const users = files.filter((f) => /\.toISOString\(\)/.test(f.text));
    const withSql = users.filter((f) => /\.prepare\(|\bdb\.exec\(/.test(f.text) && !SEALED.has(f.file));
    expect(withSql.map((f) => f.file)).toEqual([]);
    expect(users.map((f) => f.file).filter((f) => !(f in NOT_STORED))).toEqual([]);
  });

  it('no statement binds a bare Date.now() (epoch ms) as a value', () => {
    const bare = /\.(run|get|all)\([^;]*?(?<!vnIsoMs\()Date\.now\(\)/;
    const found = files.flatMap((f) =>
      f.text
        .split('\n')
        .filter((line) => bare.test(line))
        .map((line) => `${f.file}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });
});
