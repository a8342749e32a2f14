import { afterEach, describe, expect, it } from 'vitest';
import { vnIso } from '../../../shared/vn-time';
import { testCore } from '../../../tests/support/core';
import type { Core } from '../app';

// Issue 12 repro: the purge cutoff was UTC text ("…05:00:00.000Z") while dossiers store received_at as
// +07:00 text, so a text comparison put a dossier received two hours before the cutoff
// ("…T10:00:00+07:00" = 03:00 UTC) after it, and it outlived its retention by up to seven hours.
const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

describe('privacy purge cutoff', () => {
  it('is Vietnam ISO text, so it compares as text with the stored instants', () => {
    const core = testCore({ devices: { printer: 'off' } });
    cores.push(core);
    const seen: string[] = [];
    core.privacy.register({
      id: 'test.cutoff',
      name: 'Cutoff',
      purge: (_db, cutoff) => {
        seen.push(cutoff);
        return { records: 0, files: [] };
      },
      referencesFile: () => false,
      exportCitizen: () => ({ records: [], files: [] }),
    });
    core.privacy.purge({ now: new Date('2026-01-11T05:00:00Z'), days: 1, dryRun: false });
    const [cutoff] = seen;
    expect(cutoff).toMatch(/\+07:00$/);
    const receivedTwoHoursBefore = vnIso('2026-01-10T03:00:00Z');
    const receivedTwoHoursAfter = vnIso('2026-01-10T07:00:00Z');
    expect(receivedTwoHoursBefore < cutoff!).toBe(true);
    expect(receivedTwoHoursAfter < cutoff!).toBe(false);
  });
});
