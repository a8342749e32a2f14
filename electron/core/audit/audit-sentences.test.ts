import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_SENTENCES, auditRowWords, type AuditNames } from '../../../shared/audit-sentences';
import { AUDITED_METHODS } from './audited-methods';

const CORE = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Actions services write with `record(db, { action: '…' })` themselves, read from the source so a new one cannot be missed. */
function recordedActions(): string[] {
  const found = new Set<string>();
  for (const file of sources(CORE)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\baction: '([a-z][\w.]*)'/gi)) found.add(m[1]!);
  }
  return [...found];
}

const names: AuditNames = {
  accounts: new Map([['a-1', 'lan']]),
  devices: new Map([['d-1', 'Kiosk sảnh A']]),
  counters: new Map([['c-1', 'Quầy 1 — Tư pháp']]),
};

describe('audit sentences', () => {
  it('every audited method and every action a service records has a Vietnamese sentence', () => {
    const actions = [...Object.keys(AUDITED_METHODS), ...recordedActions()];
    expect(actions.length).toBeGreaterThan(40);
    expect(actions.filter((a) => !(a in AUDIT_SENTENCES))).toEqual([]);
  });

  it('no sentence is a raw method code', () => {
    for (const sentence of Object.values(AUDIT_SENTENCES)) expect(sentence).not.toMatch(/[a-z]+\.[a-z]+/i);
  });

  // Repro (issue 13): the list showed `queue.noShow`, a ticket UUID and `ip:127.0.0.1`.
  it('a queue row reads as who, did what, to which ticket number, at which counter', () => {
    const words = auditRowWords(
      {
        actorRole: 'officer',
        actorName: 'Trần Lan',
        deviceId: 'ip:127.0.0.1',
        action: 'queue.noShow',
        subjectType: 'ticket',
        subjectId: '7e1d402a-0c5b-4f43-9b8e-3f6a1f0d2c11',
        detail: JSON.stringify({ number: 'A001', counterId: 'c-1' }),
      },
      names,
    );
    expect(words).toEqual({ who: 'Trần Lan', did: 'đánh dấu vắng mặt số', subject: 'A001', from: 'Quầy 1 — Tư pháp' });
  });

  it('a dossier row names its code; an account its username; a device its name; a browser its address in words', () => {
    const row = { actorRole: 'admin', actorName: null, detail: null } as const;
    expect(
      auditRowWords({ ...row, deviceId: 'd-1', action: 'dossier.receive', subjectType: 'dossier', subjectId: 'H01.2026.000123' }, names),
    ).toMatchObject({
      who: 'Quản trị',
      did: 'tiếp nhận hồ sơ',
      subject: 'H01.2026.000123',
      from: 'Kiosk sảnh A',
    });
    expect(
      auditRowWords({ ...row, deviceId: 'ip:127.0.0.1', action: 'account.unlock', subjectType: 'account', subjectId: 'a-1' }, names),
    ).toMatchObject({
      subject: 'lan',
      from: 'Máy chưa ghép nối (địa chỉ 127.0.0.1)',
    });
    expect(
      auditRowWords(
        { ...row, deviceId: null, action: 'some.future', subjectType: 'x', subjectId: '7e1d402a-0c5b-4f43-9b8e-3f6a1f0d2c11' },
        names,
      ).subject,
    ).toBe('');
  });
});
