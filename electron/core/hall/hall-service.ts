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
  /**
   * Found in the hub's CPU profile under `npm run bench -- hall`: every ticket, call and screen refresh
   * read the counters and services again (two queries and their parsing), 3 % of the hub's busy time.
   * The hall changes a few times a year; the copy is kept until this service writes or another process
   * (the CLI) commits. Never kept from inside a transaction, which may still roll back.
   */
  private cached: { config: HallConfig; dataVersion: unknown } | null = null;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {}

  config(): HallConfig {
    const dataVersion: unknown = this.db.pragma('data_version', { simple: true });
    if (this.cached && this.cached.dataVersion === dataVersion) return this.cached.config;
    const config = deepFreeze({ services: store.services(this.db), counters: store.counters(this.db) });
    this.cached = this.db.inTransaction ? null : { config, dataVersion };
    return config;
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
    this.cached = null;
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
    this.cached = null;
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
    this.cached = null;
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

/** Shared by every caller, so nobody may change it in place. */
function deepFreeze(config: HallConfig): HallConfig {
  for (const service of config.services) Object.freeze(service);
  for (const counter of config.counters) Object.freeze(Object.freeze(counter).serviceIds);
  Object.freeze(config.services);
  Object.freeze(config.counters);
  return Object.freeze(config);
}
