import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkCalendar, fromLocal, toLocal } from './working-time';

const calendar = new WorkCalendar([{ date: '2025-04-26', kind: 'work', reason: 'Làm bù' }]);
// Any minute between 2024 and 2028, as a local moment.
const moment = fc.integer({ min: 0, max: 5 * 366 * 1440 }).map((m) => fromLocal({ day: 19723 + Math.floor(m / 1440), minute: m % 1440 }));
const minutes = fc.integer({ min: 0, max: 30 * 480 });

describe('working-time arithmetic (properties)', () => {
  it('the due moment is never before the receipt and always inside working time', () => {
    fc.assert(
      fc.property(moment, minutes, (received, m) => {
        const due = toLocal(calendar.dueDate(received, { unit: 'hours', value: m / 60 }));
        expect(fromLocal(due) >= received.slice(0, 16)).toBe(true);
        expect(calendar.isWorkingDay(due.day)).toBe(true);
        expect((due.minute >= 420 && due.minute <= 690) || (due.minute >= 810 && due.minute <= 1020)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('adding a then b equals adding a + b (for a > 0), and exactly that much working time lies between', () => {
    fc.assert(
      fc.property(moment, fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 5000 }), (received, a, b) => {
        const start = toLocal(received);
        const once = calendar.addWorkingMinutes(start, a + b);
        const twice = calendar.addWorkingMinutes(calendar.addWorkingMinutes(start, a), b === 0 ? 0 : b);
        if (b > 0) expect(twice).toEqual(once);
        const begin = calendar.normalize(start);
        expect(calendar.workingMinutesBetween(fromLocal(begin), fromLocal(once))).toBe(a + b);
      }),
      { numRuns: 400 },
    );
  });

  it('a later receipt is never due earlier', () => {
    fc.assert(
      fc.property(moment, fc.integer({ min: 1, max: 3 * 1440 }), fc.integer({ min: 0, max: 10 }), (received, later, days) => {
        const t = toLocal(received);
        const second = fromLocal({ day: t.day + Math.floor((t.minute + later) / 1440), minute: (t.minute + later) % 1440 });
        expect(calendar.dueDate(second, { unit: 'days', value: days }) >= calendar.dueDate(received, { unit: 'days', value: days })).toBe(
          true,
        );
      }),
      { numRuns: 400 },
    );
  });
});
