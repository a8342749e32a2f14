import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { vnIso } from '../../../shared/vn-time';
import { testCore } from '../../../tests/support/core';
import { MIGRATIONS, type Core } from '../app';
import type { CallContext } from '../contract/router';
import { migrate, type Db } from '../db/database';
import { parseRows } from '../db/rows';
import { QueueService } from './queue-service';
import { computeStats } from './queue-stats';
import { anonymiseTicketsBefore, averageServiceMinutes } from './queue-store';

// Issue 12: the queue stored UTC `toISOString()` ("…Z") while dossiers stored +07:00 text. Instants are
// now vnIsoMs text everywhere; queue/003-vn-instants rewrites rows written the old way, and every
// query that compares or orders times gives the same answers after the migration.
const officer: CallContext['caller'] = { role: 'officer', userId: 'can-bo-an' };
const kiosk: CallContext['caller'] = { role: 'kiosk', deviceId: 'kiosk-1' };
const INSTANTS = { queue_tickets: ['issued_at', 'called_at', 'first_called_at', 'started_at', 'ended_at'], queue_events: ['at'] } as const;
const VN_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00$/;

const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

function instants(db: Db): string[] {
  return Object.entries(INSTANTS).flatMap(([table, columns]) =>
    columns.flatMap((c) =>
      parseRows(table, z.string().nullable(), db.prepare(`SELECT ${c} FROM ${table} ORDER BY rowid`).pluck().all()).filter(
        (v): v is string => v !== null,
      ),
    ),
  );
}

/** What the old code wrote: the same instants as UTC text, and the migration not yet applied. */
function writeTheOldWay(db: Db): void {
  for (const [table, columns] of Object.entries(INSTANTS)) {
    for (const c of columns) {
      const rows = parseRows(
        table,
        z.object({ rid: z.number(), v: z.string().nullable() }),
        db.prepare(`SELECT rowid AS rid, ${c} AS v FROM ${table}`).all(),
      );
      for (const r of rows)
        if (r.v !== null) db.prepare(`UPDATE ${table} SET ${c} = ? WHERE rowid = ?`).run(new Date(r.v).toISOString(), r.rid);
    }
  }
  db.prepare("DELETE FROM schema_migrations WHERE id = 'queue/003-vn-instants'").run();
}

describe('queue instants, one stored format (issue 12)', () => {
  it('new rows are vnIsoMs text; old UTC rows are rewritten and stats, day queries and call order answer the same', async () => {
    const c = testCore({ devices: { printer: 'off' } });
    cores.push(c);
    let now = new Date('2026-11-23T01:00:00Z'); // 08:00 in Vietnam
    const at = (ms: number) => (now = new Date(Date.parse('2026-11-23T01:00:00Z') + ms));
    const q = new QueueService(c.db, c.bus, c.hall, c.printer, { agencyName: 'X', now: () => now });
    await q.issueTicket({ serviceId: 'ho-tich' }, kiosk);
    at(120_000);
    const second = await q.issueTicket({ serviceId: 'ho-tich' }, kiosk);
    at(300_000);
    q.callNext('quay-1', officer);
    q.startService('quay-1', officer);
    at(960_000);
    q.finish('quay-1', officer);
    // Two calls 300 ms apart at two counters: ordering by called_at needs the milliseconds.
    await q.issueTicket({ serviceId: 'ho-tich' }, kiosk);
    at(1_200_000);
    q.callNext('quay-1', officer);
    at(1_200_300);
    q.callNext('quay-2', officer);
    const written = instants(c.db);
    expect(
      written.every((v) => VN_MS.test(v)),
      written.join(' '),
    ).toBe(true);

    const day = q.today();
    const answers = () => ({
      stats: computeStats(c.db, c.hall, '2026-11-23', '2026-11-23'),
      avgService: averageServiceMinutes(c.db, '2026-11-23'),
      state: q.state(),
    });
    const before = answers();
    expect(before.stats.totals).toMatchObject({ issued: 3, served: 1 });

    writeTheOldWay(c.db);
    expect(instants(c.db).every((v) => v.endsWith('Z'))).toBe(true);
    expect(migrate(c.db, MIGRATIONS)).toEqual(['queue/003-vn-instants']);
    const migrated = instants(c.db);
    expect(
      migrated.every((v) => VN_MS.test(v)),
      migrated.join(' '),
    ).toBe(true);
    expect(migrated.map((v) => Date.parse(v))).toEqual(written.map((v) => Date.parse(v)));
    expect(answers()).toEqual(before);
    expect(q.today()).toBe(day);

    // A cutoff in the one format splits the tickets at the right instant: old UTC rows compared as text
    // with a +07:00 cutoff of 08:01 would all have counted as earlier (T01:… < T08:…).
    c.db.prepare("UPDATE queue_tickets SET citizen_name = 'Nguyễn Văn A'").run();
    expect(anonymiseTicketsBefore(c.db, vnIso('2026-11-23T01:01:00Z'))).toBe(1);
    const named = parseRows(
      'queue_tickets',
      z.string(),
      c.db.prepare('SELECT id FROM queue_tickets WHERE citizen_name IS NOT NULL').pluck().all(),
    );
    expect(named).toContain(second.id);
  });
});
