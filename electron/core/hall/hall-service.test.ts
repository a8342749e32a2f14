import { afterEach, describe, expect, it } from 'vitest';
import { testCore } from '../../../tests/support/core';
import { openDatabase, databasePath } from '../db/database';
import { saveCounter } from './hall-store';
import type { Core } from '../app';

const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

function core(): Core {
  const c = testCore();
  cores.push(c);
  return c;
}

describe('hall configuration kept in memory', () => {
  it('a counter saved through the service is seen at once', () => {
    const c = core();
    const before = c.hall.config();
    c.hall.saveCounter({ id: 'quay-20', number: 20, name: 'Quầy 20', serviceIds: [] });
    expect(c.hall.config().counters.map((k) => k.id)).toContain('quay-20');
    expect(before.counters.map((k) => k.id)).not.toContain('quay-20');
  });

  it('a counter added by another process (the CLI) is seen on the next read', () => {
    const c = core();
    expect(c.hall.config().counters.map((k) => k.id)).not.toContain('quay-21');
    const cli = openDatabase(databasePath(c.config.dataDir));
    saveCounter(cli, { id: 'quay-21', number: 21, name: 'Quầy 21', serviceIds: [], active: true });
    cli.close();
    expect(c.hall.config().counters.map((k) => k.id)).toContain('quay-21');
  });

  it('a change rolled back with its transaction is not kept', () => {
    const c = core();
    expect(() =>
      c.db.transaction(() => {
        c.hall.saveCounter({ id: 'quay-22', number: 22, name: 'Quầy 22', serviceIds: [] });
        expect(c.hall.config().counters.map((k) => k.id)).toContain('quay-22');
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    expect(c.hall.config().counters.map((k) => k.id)).not.toContain('quay-22');
  });

  it('the shared copy cannot be changed in place by a caller', () => {
    const c = core();
    const config = c.hall.config();
    expect(() => config.counters.push({ id: 'x', number: 99, name: 'x', serviceIds: [], active: true })).toThrow(TypeError);
    expect(() => {
      config.counters[0]!.serviceIds.push('x');
    }).toThrow(TypeError);
  });
});
