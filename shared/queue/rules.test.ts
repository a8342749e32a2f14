import { parseCccdQr } from '../domain/cccd';
import { describe, expect, it } from 'vitest';
import { ageOn, businessDay, callOrder, estimateWaitMinutes, formatTicketNumber, isOpenAt, pickNext, type QueueCandidate } from './rules';

describe('businessDay', () => {
  it.each([
    ['2026-11-23T16:59:00Z', '00:00', '2026-11-23'], // 23:59 Vietnam time
    ['2026-11-23T17:00:00Z', '00:00', '2026-11-24'], // 00:00 Vietnam time: a new day
    ['2026-11-23T21:59:00Z', '05:00', '2026-11-23'], // 04:59 before a 05:00 reset: still yesterday
    ['2026-11-23T22:00:00Z', '05:00', '2026-11-24'],
    ['2026-12-31T17:30:00Z', '00:00', '2027-01-01'],
  ])('%s with reset %s → %s', (at, reset, day) => {
    expect(businessDay(new Date(at), reset)).toBe(day);
  });
});

describe('isOpenAt', () => {
  const hours = { open: '07:00', close: '17:00', enforce: true };
  it.each([
    ['2026-11-23T00:00:00Z', hours, true], // 07:00
    ['2026-11-22T23:59:00Z', hours, false], // 06:59
    ['2026-11-23T09:59:00Z', hours, true], // 16:59
    ['2026-11-23T10:00:00Z', hours, false], // 17:00
    ['2026-11-23T10:00:00Z', { ...hours, enforce: false }, true],
    ['2026-11-23T16:00:00Z', { open: '22:00', close: '02:00', enforce: true }, true], // 23:00 overnight
  ])('%s %o → %s', (at, h, open) => {
    expect(isOpenAt(new Date(at), h)).toBe(open);
  });
});

describe('formatTicketNumber', () => {
  it.each([
    ['A', 7, 999, 'A007'],
    ['B', 123, 999, 'B123'],
    ['', 1023, 1999, '1023'],
    ['C', 5, 9999, 'C0005'],
  ])('%s %d (to %d) → %s', (prefix, seq, end, out) => {
    expect(formatTicketNumber(prefix, seq, end)).toBe(out);
  });
});

describe('pickNext / callOrder', () => {
  const t = (id: string, serviceId: string, order: number, priority = false, targetCounterId: string | null = null): QueueCandidate => ({
    id,
    serviceId,
    order,
    priority,
    targetCounterId,
  });
  const counter = { id: 'q1', serviceIds: ['a', 'b'] };
  const tickets = [t('n1', 'a', 1), t('n2', 'b', 2), t('p1', 'a', 3, true), t('x', 'c', 0), t('n3', 'a', 4), t('p2', 'b', 5, true)];

  it.each([
    ['strict takes priority first', { mode: 'strict' as const, normalPerPriority: 2 }, 0, 'p1'],
    ['alternate: normal while fewer than N normals', { mode: 'alternate' as const, normalPerPriority: 2 }, 1, 'n1'],
    ['alternate: priority after N normals', { mode: 'alternate' as const, normalPerPriority: 2 }, 2, 'p1'],
  ])('%s', (_name, policy, normals, expected) => {
    expect(pickNext(tickets, counter, policy, normals)?.id).toBe(expected);
  });

  it('never calls another service’s ticket, and null when nothing waits', () => {
    expect(pickNext([t('x', 'c', 0)], counter, { mode: 'strict', normalPerPriority: 1 }, 0)).toBeNull();
  });

  it('a ticket transferred to a counter is called only there', () => {
    const moved = [t('m', 'c', 0, false, 'q1')];
    expect(pickNext(moved, counter, { mode: 'strict', normalPerPriority: 1 }, 0)?.id).toBe('m');
    expect(pickNext(moved, { id: 'q2', serviceIds: ['c'] }, { mode: 'strict', normalPerPriority: 1 }, 0)).toBeNull();
  });

  it.each([
    ['strict', { mode: 'strict' as const, normalPerPriority: 2 }, ['p1', 'p2', 'n1', 'n2', 'n3']],
    ['alternate 2:1', { mode: 'alternate' as const, normalPerPriority: 2 }, ['n1', 'n2', 'p1', 'n3', 'p2']],
    ['alternate 1:1', { mode: 'alternate' as const, normalPerPriority: 1 }, ['n1', 'p1', 'n2', 'p2', 'n3']],
  ])('call order %s', (_name, policy, order) => {
    expect(callOrder(tickets, counter, policy, 0).map((x) => x.id)).toEqual(order);
  });
});

describe('estimateWaitMinutes', () => {
  it.each([
    [0, 3, 10, 0],
    [1, 1, 10, 10],
    [5, 2, 8, 20],
    [4, 0, 5, 20],
  ])('%d ahead, %d counters, %d min → %d', (ahead, counters, minutes, out) => {
    expect(estimateWaitMinutes(ahead, counters, minutes)).toBe(out);
  });
});

describe('age from the CCCD QR (parseCccdQr + ageOn)', () => {
  it.each([
    ['079056001234|123456789|Nguyễn Văn An|15031956|Nam|12 Lê Lợi, Phường Bến Thành, TP. Hồ Chí Minh|01072021', 'Nguyễn Văn An', 70],
    ['079300001234||Trần Thị Bình|24112000|Nữ|Hà Nội|01072021||', 'Trần Thị Bình', 26],
    ['079300001234||Trần Thị Bình|25112000|Nữ|Hà Nội|01072021', 'Trần Thị Bình', 25], // birthday tomorrow
  ])('%s', (qr, name, age) => {
    const read = parseCccdQr(qr);
    if (!read.ok) throw new Error(read.error);
    expect(read.applicant.fullName).toBe(name);
    expect(ageOn(read.applicant.birthDate, new Date('2026-11-24T03:00:00Z'))).toBe(age);
  });

  it.each([
    ['too few fields', '079056001234|123456789|Nguyễn Văn An|15031956|Nam'],
    ['bad id', '07905600123|x|Nguyễn Văn An|15031956|Nam|addr|01072021'],
    ['impossible date', '079056001234||Nguyễn Văn An|31021956|Nam|addr|01072021'],
    ['not a CCCD', 'https://example.vn/abc'],
  ])('rejects %s', (_name, qr) => {
    expect(parseCccdQr(qr).ok).toBe(false);
  });
});
