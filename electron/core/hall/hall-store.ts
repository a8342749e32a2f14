/**
 * The hall's tables (services, counters, counter_services): the only place with their SQL.
 * Rows are parsed once here and come out as the contract's Service and Counter.
 */
import { z } from 'zod';
import type { Counter, Service } from '../../../shared/contract';
import type { Db } from '../db/database';
import { integerColumn, parseRow, parseRows, textColumn } from '../db/rows';

const ServiceRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  active: z.number().int(),
  sort_order: z.number().int(),
});
const CounterRowSchema = z.object({ id: z.string(), number: z.number().int(), name: z.string(), active: z.number().int() });
const LinkRowSchema = z.object({ counter_id: z.string(), service_id: z.string() });

export function services(db: Db): Service[] {
  const rows = parseRows('services', ServiceRowSchema, db.prepare('SELECT * FROM services ORDER BY sort_order, name').all());
  return rows.map((r) => ({ id: r.id, name: r.name, prefix: r.prefix, active: r.active === 1, sortOrder: r.sort_order }));
}

export function counters(db: Db): Counter[] {
  const links = parseRows('counter_services', LinkRowSchema, db.prepare('SELECT counter_id, service_id FROM counter_services').all());
  const rows = parseRows('counters', CounterRowSchema, db.prepare('SELECT * FROM counters ORDER BY number').all());
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    name: r.name,
    active: r.active === 1,
    serviceIds: links.filter((l) => l.counter_id === r.id).map((l) => l.service_id),
  }));
}

export function serviceCount(db: Db): number {
  return parseRow('services', integerColumn, db.prepare('SELECT COUNT(*) FROM services').pluck().get()) ?? 0;
}

/** The name of another service that uses `prefix`, if any. */
export function serviceWithPrefix(db: Db, prefix: string, exceptId: string): string | undefined {
  return parseRow(
    'services',
    textColumn,
    db.prepare('SELECT name FROM services WHERE prefix = ? AND id <> ?').pluck().get(prefix, exceptId),
  );
}

/** The name of another counter with `number`, if any. */
export function counterWithNumber(db: Db, number: number, exceptId: string): string | undefined {
  return parseRow(
    'counters',
    textColumn,
    db.prepare('SELECT name FROM counters WHERE number = ? AND id <> ?').pluck().get(number, exceptId),
  );
}

export function upsertService(db: Db, service: Service): void {
  db.prepare(
    `INSERT INTO services (id, name, prefix, active, sort_order) VALUES (@id, @name, @prefix, @active, @sortOrder)
     ON CONFLICT(id) DO UPDATE SET name = excluded.name, prefix = excluded.prefix,
       active = excluded.active, sort_order = excluded.sort_order`,
  ).run({ ...service, active: service.active ? 1 : 0 });
}

/** The counter and the services it serves, in one transaction. */
export function saveCounter(db: Db, counter: Counter): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO counters (id, number, name, active) VALUES (@id, @number, @name, @active)
       ON CONFLICT(id) DO UPDATE SET number = excluded.number, name = excluded.name, active = excluded.active`,
    ).run({ id: counter.id, number: counter.number, name: counter.name, active: counter.active ? 1 : 0 });
    db.prepare('DELETE FROM counter_services WHERE counter_id = ?').run(counter.id);
    const link = db.prepare('INSERT INTO counter_services (counter_id, service_id) VALUES (?, ?)');
    for (const serviceId of counter.serviceIds) link.run(counter.id, serviceId);
  })();
}
