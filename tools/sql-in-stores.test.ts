/**
 * Issue #12: "SQL lives inside every service" (193 `prepare(` calls spread through the services). Each
 * feature's tables have one store file, the only place with their SQL; migrations have theirs. This walks
 * electron/core and lists every other file that holds table SQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = path.resolve(import.meta.dirname, '../electron/core');

/** Where SQL belongs: a module's store, its migrations (`migrations.ts`, `*-schema.ts`). */
const SQL_HOME = /(-store|^migrations|-schema)\.ts$/;

/**
 * The database layer itself, which is about connections and not about any feature's tables:
 * opening and pragmas, group commit, the one-time instant migrations, and the name-spacing that lets
 * replication reuse the sync engine's tables.
 */
const INFRASTRUCTURE = new Set(['db/database.ts', 'db/group-commit.ts', 'db/instants.ts', 'replication/namespaced-db.ts']);

const TABLE_SQL =
  /\.prepare\(|\b(SELECT\s[\s\S]{0,200}?\sFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|TRIGGER))\b/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

export function filesWithStraySql(root = CORE): string[] {
  return sourceFiles(root)
    .map((file) => path.relative(root, file).split(path.sep).join('/'))
    .filter((rel) => !SQL_HOME.test(path.basename(rel)) && !INFRASTRUCTURE.has(rel))
    .filter((rel) => TABLE_SQL.test(fs.readFileSync(path.join(root, rel), 'utf8')))
    .sort();
}

describe('SQL lives in the stores', () => {
  it('no file of electron/core outside a store, a migrations file or the database layer holds table SQL', () => {
    expect(filesWithStraySql()).toEqual([]);
  });

  it('the check sees a query written in a service, and a statement prepared there', () => {
    const dir = fs.mkdtempSync(path.join(fs.mkdtempSync('/tmp/sql-guard-'), 'core-'));
    fs.mkdirSync(path.join(dir, 'queue'));
    fs.writeFileSync(path.join(dir, 'queue/queue-service.ts'), "const q = 'SELECT id FROM queue_tickets WHERE x = 1';\n");
    fs.writeFileSync(path.join(dir, 'queue/queue-views.ts'), 'db.prepare(sql).all();\n');
    fs.writeFileSync(path.join(dir, 'queue/queue-store.ts'), "db.prepare('DELETE FROM queue_tickets').run();\n");
    fs.writeFileSync(path.join(dir, 'queue/migrations.ts'), "db.exec('CREATE TABLE t (a)');\n");
    fs.writeFileSync(path.join(dir, 'queue/ticket-qr.ts'), 'const m = /^(\\d+):x$/.exec(text); // select a number from the text\n');
    expect(filesWithStraySql(dir)).toEqual(['queue/queue-service.ts', 'queue/queue-views.ts']);
  });
});
