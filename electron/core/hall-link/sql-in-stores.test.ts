import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Issue 12: SQL lived inside every hall-link and replication service (session-resume.ts,
// cached-login.ts, workstation.ts, code-leases.ts…). Each feature's tables now have a store
// (`*-store.ts`), the only place with their SQL; migrations stay in the module's migrations.ts,
// and replication/namespaced-db.ts is the sync engine's table renaming, not a statement of its own.
const FOLDERS = ['electron/core/hall-link', 'electron/core/replication'];
const MAY_HOLD_SQL = /(-store|\/migrations)\.ts$|^electron\/core\/replication\/namespaced-db\.ts$/;
const STATEMENT = /\.(prepare|exec)\(/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p.split(path.sep).join('/')] : [];
  });
}

describe('hall-link and replication keep their SQL in stores', () => {
  it('no file but a *-store.ts, migrations.ts or namespaced-db.ts calls .prepare( or .exec(', () => {
    const files = FOLDERS.flatMap(sources);
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((f) => !MAY_HOLD_SQL.test(f) && STATEMENT.test(fs.readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
