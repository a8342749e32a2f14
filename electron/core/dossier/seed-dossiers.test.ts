import { describe, expect, it } from 'vitest';
import { validateIdNumber } from '../../../shared/domain/cccd';
import { testCore } from '../../../tests/support/core';
import { sampleApplicant, seedReceivedDossiers } from './seed-dossiers';

describe('seed dossiers', () => {
  it.each([1, 2, 7, 49, 50, 999, 123_457])('sample applicant %i passes the reception’s ID check', (n) => {
    const a = sampleApplicant(n);
    const check = validateIdNumber(a.idNumber ?? '', { birthDate: a.birthDate ?? undefined, sex: a.sex ?? undefined });
    expect(check.ok).toBe(true);
  });

  it('creates real received dossiers with files, findable by search, each with its outbox entry', () => {
    const core = testCore();
    const result = seedReceivedDossiers(core, { count: 12, filesPerDossier: 4, minSize: 100, maxSize: 200 });
    expect(result).toMatchObject({ dossiers: 12, files: 48 });
    expect(core.dossiers.count()).toBe(12);
    const found = core.dossiers.search({ query: sampleApplicant(3).fullName, limit: 20 });
    expect(found.length).toBeGreaterThan(0);
    const outbox = core.db.prepare(`SELECT COUNT(*) FROM sync_outbox WHERE kind = 'dossier'`).pluck().get();
    expect(outbox).toBe(12);
    const withFiles = core.db.prepare('SELECT COUNT(*) FROM dossier_components WHERE sha256 IS NOT NULL').pluck().get();
    expect(withFiles).toBe(48);
    return core.close();
  });
});
