import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import {
  AppError,
  CounterSchema,
  ServiceSchema,
  type Counter,
  type HallConfig,
  type MethodParsedInput,
  type Service,
} from '../../../shared/contract';
import type { Db, Migration } from '../db/database';
import type { EventBus } from '../events';
import type { Handlers } from '../contract/router';

export const hallMigrations: Migration[] = [
  {
    id: 'hall/001-services-counters',
    up: (db) =>
      db.exec(`
        CREATE TABLE services (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          prefix TEXT NOT NULL UNIQUE,
          active INTEGER NOT NULL DEFAULT 1,
          sort_order INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE counters (
          id TEXT PRIMARY KEY,
          number INTEGER NOT NULL UNIQUE,
          name TEXT NOT NULL,
          active INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE counter_services (
          counter_id TEXT NOT NULL REFERENCES counters(id) ON DELETE CASCADE,
          service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
          PRIMARY KEY (counter_id, service_id)
        );
      `),
  },
];

const DemoHallSchema = z.object({
  services: z.array(ServiceSchema.partial({ active: true, sortOrder: true })),
  counters: z.array(CounterSchema.partial({ active: true })),
});

interface ServiceRow { id: string; name: string; prefix: string; active: number; sort_order: number }
interface CounterRow { id: string; number: number; name: string; active: number }

/** The hall's services (lĩnh vực) and counters (quầy): the queue's configuration. */
export class HallService {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {}

  config(): HallConfig {
    const services = (this.db.prepare('SELECT * FROM services ORDER BY sort_order, name').all() as ServiceRow[]).map(
      (r): Service => ({ id: r.id, name: r.name, prefix: r.prefix, active: r.active === 1, sortOrder: r.sort_order }),
    );
    const links = this.db.prepare('SELECT counter_id, service_id FROM counter_services').all() as {
      counter_id: string;
      service_id: string;
    }[];
    const counters = (this.db.prepare('SELECT * FROM counters ORDER BY number').all() as CounterRow[]).map(
      (r): Counter => ({
        id: r.id,
        number: r.number,
        name: r.name,
        active: r.active === 1,
        serviceIds: links.filter((l) => l.counter_id === r.id).map((l) => l.service_id),
      }),
    );
    return { services, counters };
  }

  saveService(input: MethodParsedInput<'hall.saveService'>): Service {
    const service: Service = {
      id: input.id ?? randomUUID(),
      name: input.name,
      prefix: input.prefix,
      active: input.active ?? true,
      sortOrder: input.sortOrder ?? 0,
    };
    const clash = this.db
      .prepare('SELECT name FROM services WHERE prefix = ? AND id <> ?')
      .get(service.prefix, service.id) as { name: string } | undefined;
    if (clash) throw new AppError('conflict', `Tiền tố "${service.prefix}" đã dùng cho lĩnh vực "${clash.name}".`);
    this.db
      .prepare(
        `INSERT INTO services (id, name, prefix, active, sort_order) VALUES (@id, @name, @prefix, @active, @sortOrder)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, prefix = excluded.prefix,
           active = excluded.active, sort_order = excluded.sort_order`,
      )
      .run({ ...service, active: service.active ? 1 : 0 });
    this.changed();
    return service;
  }

  saveCounter(input: MethodParsedInput<'hall.saveCounter'>): Counter {
    const counter: Counter = {
      id: input.id ?? randomUUID(),
      number: input.number,
      name: input.name,
      serviceIds: [...new Set(input.serviceIds)],
      active: input.active ?? true,
    };
    const known = new Set(this.config().services.map((s) => s.id));
    const unknown = counter.serviceIds.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new AppError('not_found', `Không có lĩnh vực: ${unknown.join(', ')}.`);
    const clash = this.db
      .prepare('SELECT name FROM counters WHERE number = ? AND id <> ?')
      .get(counter.number, counter.id) as { name: string } | undefined;
    if (clash) throw new AppError('conflict', `Số quầy ${counter.number} đã dùng cho "${clash.name}".`);
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO counters (id, number, name, active) VALUES (@id, @number, @name, @active)
           ON CONFLICT(id) DO UPDATE SET number = excluded.number, name = excluded.name, active = excluded.active`,
        )
        .run({ id: counter.id, number: counter.number, name: counter.name, active: counter.active ? 1 : 0 });
      this.db.prepare('DELETE FROM counter_services WHERE counter_id = ?').run(counter.id);
      const link = this.db.prepare('INSERT INTO counter_services (counter_id, service_id) VALUES (?, ?)');
      for (const serviceId of counter.serviceIds) link.run(counter.id, serviceId);
    })();
    this.changed();
    return counter;
  }

  /** Loads the demo hall when the hall is empty; returns whether it did. */
  seedDemo(file: string): boolean {
    const count = this.db.prepare('SELECT COUNT(*) FROM services').pluck().get() as number;
    if (count > 0) return false;
    const demo = DemoHallSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    this.db.transaction(() => {
      demo.services.forEach((s, i) => this.saveService({ ...s, sortOrder: s.sortOrder ?? i }));
      demo.counters.forEach((c) => this.saveCounter(c));
    })();
    return true;
  }

  private changed(): void {
    this.bus.emit('hall.changed', this.config());
  }
}

export function hallHandlers(hall: HallService): Pick<Handlers, 'hall.config' | 'hall.saveService' | 'hall.saveCounter'> {
  return {
    'hall.config': () => hall.config(),
    'hall.saveService': (input) => hall.saveService(input),
    'hall.saveCounter': (input) => hall.saveCounter(input),
  };
}
