import { describe, expect, it } from 'vitest';
import { FUZZ_TARGETS } from '../fuzz/targets';
import { Finding, expectClearOutcome, runTarget } from '../fuzz/harness';
import { AppError } from '../../shared/contract';

// The fast run inside `npm test`; `npm run fuzz` runs the same targets 20 000 times each.
const RUNS = Number(process.env.FUZZ_QUICK_RUNS ?? 150);

describe('fuzzing the parsers of outside input', () => {
  it.each(FUZZ_TARGETS.map((t) => [t.name, t] as const))('%s: no crash, no hang, a clear error each time', async (_name, target) => {
    await expect(runTarget(target, { numRuns: RUNS })).resolves.toBeUndefined();
  });

  it('the harness itself catches a crashing parser and a hanging one', async () => {
    expect(() => expectClearOutcome(() => JSON.parse('{'))).toThrow(Finding);
    expect(
      expectClearOutcome(() => {
        throw new AppError('invalid_input', 'Dữ liệu không hợp lệ.');
      }),
    ).toBeInstanceOf(AppError);
    const fc = (await import('fast-check')).default;
    const failure = (promise: Promise<void>) =>
      promise.then(
        () => 'no finding',
        (error: Error) => `${error.message} ${(error.cause as Error | undefined)?.message ?? ''}`,
      );
    expect(
      await failure(runTarget({ name: 'crash', arbitrary: fc.string(), check: (s) => void JSON.parse(`"${s}`) }, { numRuns: 20 })),
    ).toMatch(/Property failed[\s\S]*JSON/);
    expect(
      await failure(
        runTarget(
          { name: 'hang', arbitrary: fc.constant(1), check: () => new Promise(() => undefined) },
          { numRuns: 1, caseTimeoutMs: 50 },
        ),
      ),
    ).toMatch(/hang: hang took more than 50 ms/);
  });
});
