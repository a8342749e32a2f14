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
import type { Db } from '../db/database';
import type { EventBus } from '../events';
import type { Handlers } from '../contract/router';
import * as store from './hall-store';

export { hallMigrations } from './migrations';

const DemoHallSchema = z.object({
  services: z.array(ServiceSchema.partial({ active: true, sortOrder: true })),
  counters: z.array(CounterSchema.partial({ active: true })),
});

/** The hall's services (lĩnh vực) and counters (quầy): the queue's configuration. */
export class HallService {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {}

  config(): HallConfig {
    return { services: store.services(this.db), counters: store.counters(this.db) };
  }

  saveService(input: MethodParsedInput<'hall.saveService'>): Service {
    const service: Service = {
      id: input.id ?? randomUUID(),
      name: input.name,
      prefix: input.prefix,
      active: input.active ?? true,
      sortOrder: input.sortOrder ?? 0,
    };
    const clash = store.serviceWithPrefix(this.db, service.prefix, service.id);
    if (clash) throw new AppError('conflict', `Tiền tố "${service.prefix}" đã dùng cho lĩnh vực "${clash}".`);
    store.upsertService(this.db, service);
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
    const clash = store.counterWithNumber(this.db, counter.number, counter.id);
    if (clash) throw new AppError('conflict', `Số quầy ${counter.number} đã dùng cho "${clash}".`);
    store.saveCounter(this.db, counter);
    this.changed();
    return counter;
  }

  /** Loads the demo hall when the hall is empty; returns whether it did. */
  seedDemo(file: string): boolean {
    if (store.serviceCount(this.db) > 0) return false;
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
