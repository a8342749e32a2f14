import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Issue 12: privacy/sources/queue-tickets.ts updated queue_tickets and printer_demo_prints with its own
// SQL. Each feature's store owns its tables; a privacy source only calls that store.
describe('privacy sources', () => {
  it("reach every table through the owning feature's store, with no SQL of their own", () => {
    const dir = path.dirname(new URL(import.meta.url).pathname);
    const withSql = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .filter((f) => /\.prepare\(|\.exec\(|\b(SELECT|UPDATE|DELETE|INSERT)\s/.test(fs.readFileSync(path.join(dir, f), 'utf8')));
    expect(withSql).toEqual([]);
  });
});
