import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testCore } from '../../../tests/support/core';
import { tempDir } from '../../../tests/support/temp-dir';
import { MIGRATIONS } from '../app';
import { migrate } from '../db/database';
import { calendarHealth, CalendarStore, parseAnnouncementFile } from './calendar-store';

const DOC = { type: 'Thông báo', number: '1234/TB-BNV', date: '2026-11-20', issuer: 'Bộ Nội vụ' };

/** A plausible arrangement for 2027 (Tết Sat 6/2/2027), as a supervisor would import it. */
function file2027(
  days = [
    { date: '2027-02-04', kind: 'off', reason: 'Tết Nguyên đán Đinh Mùi: nghỉ trước Tết' },
    { date: '2027-02-11', kind: 'work', reason: 'Đi làm lại sau Tết' },
  ],
): string {
  return JSON.stringify({ announcements: [{ document: DOC, days }] });
}

describe('calendar store: announcements', () => {
  it('a new database has every shipped year, each day with its document', () => {
    const core = testCore();
    try {
      const overrides = core.calendar.overrides();
      expect(new Set(overrides.map((o) => o.date.slice(0, 4)))).toEqual(new Set(['2020', '2021', '2022', '2023', '2024', '2025', '2026']));
      expect(overrides.find((o) => o.date === '2026-08-22')).toMatchObject({
        kind: 'work',
        document: { number: '9441', issuer: 'Bộ Nội vụ' },
      });
      // Repro (issue 14): a 2026 dossier received before the swapped Saturday 22/8 used the rule (Mon 24/8).
      expect(core.calendar.get().dueDate('2026-08-21T10:00', { unit: 'days', value: 1 })).toBe('2026-08-22T10:00:00+07:00');
    } finally {
      void core.close();
    }
  });

  it('an upgraded installation keeps its own choices and gets the documents for matching days', () => {
    const db = new Database(path.join(tempDir(), 'x.db'));
    const before = MIGRATIONS.filter((m) => m.id !== 'dossier/010-calendar-announcements');
    migrate(db, before.slice(0, before.findIndex((m) => m.id === 'dossier/001-calendar') + 1));
    // What the 2025-only seed wrote, plus a supervisor's own decision against an announcement.
    const insert = db.prepare('INSERT INTO calendar_overrides (date, kind, reason) VALUES (?, ?, ?)');
    insert.run('2025-01-27', 'off', 'Tết Nguyên đán Ất Tỵ (theo thông báo)');
    insert.run('2024-05-04', 'off', 'Đơn vị không làm bù thứ Bảy 4/5');
    migrate(db, MIGRATIONS);
    const store = new CalendarStore(db);
    const byDate = new Map(store.overrides().map((o) => [o.date, o]));
    expect(byDate.get('2025-01-27')).toMatchObject({
      kind: 'off',
      reason: 'Tết Nguyên đán Ất Tỵ (theo thông báo)',
      document: { number: '6150/TB-LĐTBXH' },
    });
    expect(byDate.get('2024-05-04')).toMatchObject({ kind: 'off', reason: 'Đơn vị không làm bù thứ Bảy 4/5', document: null });
    expect(byDate.get('2024-02-08')).toMatchObject({ kind: 'off', document: { number: '5015/TB-LĐTBXH', date: '2023-11-22' } });
    db.close();
  });

  // Repro (issue 14, left over): the 2020 days shipped after 010 had run, so an installation that had migrated
  // before never got them, and Tết 2020 dossiers' due dates counted 23–29/1/2020 as working days.
  it('an installation migrated before 2020 shipped gets the 2020 days, and a day it deleted stays deleted', () => {
    const db = new Database(path.join(tempDir(), 'x.db'));
    const upTo010 = MIGRATIONS.slice(0, MIGRATIONS.findIndex((m) => m.id === 'dossier/010-calendar-announcements') + 1);
    migrate(db, upTo010);
    db.prepare(`DELETE FROM calendar_overrides WHERE date LIKE '2020-%' OR date = '2024-02-08'`).run();
    migrate(db, MIGRATIONS);
    const byDate = new Map(new CalendarStore(db).overrides().map((o) => [o.date, o]));
    expect(byDate.get('2020-01-23')).toMatchObject({ kind: 'off', document: { number: expect.stringContaining('4544') } });
    expect(byDate.get('2024-02-08')).toBeUndefined();
    db.close();
  });

  it('imports next year’s file and the due dates follow it at once', () => {
    const core = testCore();
    try {
      const rule = core.calendar.get().dueDate('2027-02-03T10:00', { unit: 'days', value: 1 });
      expect(rule).toBe('2027-02-04T10:00:00+07:00');
      const result = core.calendar.importAnnouncements(file2027());
      expect(result).toMatchObject({ imported: 2, years: [2027] });
      expect(core.calendar.get().dueDate('2027-02-03T10:00', { unit: 'days', value: 1 })).toBe('2027-02-11T10:00:00+07:00');
      expect(core.calendar.overrides().find((o) => o.date === '2027-02-11')?.document).toEqual(DOC);
    } finally {
      void core.close();
    }
  });

  it.each([
    ['not JSON', '{ announcements: ', 'không phải JSON hợp lệ'],
    ['no announcements', '{}', 'announcements'],
    [
      'no document number',
      JSON.stringify({ announcements: [{ document: { ...DOC, number: '' }, days: [{ date: '2027-02-04', kind: 'off', reason: 'x' }] }] }),
      'số hiệu văn bản',
    ],
    ['a bad kind', file2027([{ date: '2027-02-04', kind: 'nghỉ', reason: 'x' }]), '"off" (nghỉ) hoặc "work"'],
    ['a date that does not exist', file2027([{ date: '2027-02-30', kind: 'off', reason: 'x' }]), 'không có trong lịch'],
    ['a day off on a Sunday', file2027([{ date: '2027-02-07', kind: 'off', reason: 'x' }]), 'ngày nghỉ cuối tuần'],
    ['a worked day that is a working day anyway', file2027([{ date: '2027-03-03', kind: 'work', reason: 'x' }]), 'vốn là ngày làm việc'],
    [
      'the same date twice',
      file2027([
        { date: '2027-02-04', kind: 'off', reason: 'x' },
        { date: '2027-02-04', kind: 'off', reason: 'y' },
      ]),
      'hai lần',
    ],
  ])('refuses a file with %s, in Vietnamese, and writes nothing', (_label, text, message) => {
    const core = testCore();
    try {
      const before = core.calendar.overrides();
      expect(() => core.calendar.importAnnouncements(text)).toThrow(
        expect.objectContaining({ code: 'invalid_input', message: expect.stringContaining(message) }),
      );
      expect(core.calendar.overrides()).toEqual(before);
    } finally {
      void core.close();
    }
  });

  it('a file with one bad day writes none of its good days', () => {
    expect(() =>
      parseAnnouncementFile(
        file2027([
          { date: '2027-02-04', kind: 'off', reason: 'x' },
          { date: '2027-02-06', kind: 'off', reason: 'y' },
        ]),
      ),
    ).toThrow(/06\/02\/2027 là ngày nghỉ cuối tuần/);
    const core = testCore();
    try {
      expect(() =>
        core.calendar.importAnnouncements(
          file2027([
            { date: '2027-02-04', kind: 'off', reason: 'x' },
            { date: '2027-02-06', kind: 'off', reason: 'y' },
          ]),
        ),
      ).toThrow();
      expect(core.calendar.overrides().some((o) => o.date === '2027-02-04')).toBe(false);
    } finally {
      void core.close();
    }
  });

  it('is a supervisor’s method: an officer is refused, a supervisor imports', async () => {
    const core = testCore();
    try {
      const officer = await core.router.call('calendar.importAnnouncements', { text: file2027() }, { caller: { role: 'officer' } });
      expect(officer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      const supervisor = await core.router.call('calendar.importAnnouncements', { text: file2027() }, { caller: { role: 'supervisor' } });
      expect(supervisor).toMatchObject({ ok: true, result: { imported: 2, years: [2027] } });
      const year = await core.router.call('calendar.get', { year: 2027 }, { caller: { role: 'officer' } });
      expect(year.ok && JSON.stringify(year.result)).toContain('1234/TB-BNV');
    } finally {
      void core.close();
    }
  });

  it('doctor warns while the coming year has no announcement, and stops once it is imported', () => {
    const core = testCore();
    try {
      const health = calendarHealth(core.calendar, () => new Date('2026-12-01T03:00:00Z'));
      expect(health.check()).toMatchObject({ status: 'warn', detail: expect.stringContaining('2027') });
      core.calendar.importAnnouncements(file2027());
      expect(health.check()).toMatchObject({ status: 'ok' });
    } finally {
      void core.close();
    }
  });
});

describe('calendar files from outside', () => {
  it('a hostile file (too many days, deep nesting, wrong types) is refused in Vietnamese; a whole year of days is accepted', () => {
    const many = Array.from({ length: 401 }, (_, i) => ({
      date: `2027-03-${String((i % 28) + 1).padStart(2, '0')}`,
      kind: 'off',
      reason: 'x',
    }));
    expect(() => parseAnnouncementFile(file2027(many))).toThrow(/tối đa 400 ngày/);
    expect(() => parseAnnouncementFile('['.repeat(5000) + ']'.repeat(5000))).toThrow(/Tệp lịch nghỉ không hợp lệ/);
    expect(() => parseAnnouncementFile(JSON.stringify({ announcements: [{ document: DOC, days: 'all of Tết' }] }))).toThrow(
      /danh sách ngày/,
    );
    const year = Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10));
    const weekdays = year.filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
    expect(parseAnnouncementFile(file2027(weekdays.map((date) => ({ date, kind: 'off', reason: 'Nghỉ' }))))).toHaveLength(weekdays.length);
  });
});
