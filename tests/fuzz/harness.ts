/**
 * Fuzz harness: every parser that takes outside input is one `FuzzTarget`.
 * `npm test` runs each briefly (tests/integration/fuzz.test.ts); `npm run fuzz`
 * runs each for long (tests/fuzz/run.ts). A finding is a crash (an exception
 * that is not a clear AppError), a hang (a case slower than the time limit),
 * or an answer that breaks the target's own rule (e.g. an `internal` error or
 * a message that leaks a stack trace).
 */
import fc from 'fast-check';
import { AppError, ERROR_CODES } from '../../shared/contract';

export interface FuzzTarget<Input = unknown, Context = unknown> {
  /** Shown in reports: what is parsed and where it comes from. */
  name: string;
  /** Builds what the target needs once (a core, a hub); disposed after the run. */
  prepare?: () => Promise<{ context: Context; dispose: () => Promise<void> }>;
  /** What the outside may send, biased towards almost-valid input where that reaches deeper. */
  arbitrary: fc.Arbitrary<Input>;
  /** Feeds one input. Throws only for a finding. */
  check: (input: Input, context: Context) => void | Promise<void>;
}

/** Keeps each target's own Input/Context types while listing them together. */
export function defineTarget<Input, Context = undefined>(target: FuzzTarget<Input, Context>): FuzzTarget {
  return target as unknown as FuzzTarget;
}

export class Finding extends Error {}

/** Vietnamese, human, and no trace of code: what every error a user can see must look like. */
export function assertClearMessage(message: unknown): void {
  if (typeof message !== 'string' || message.trim() === '') throw new Finding(`empty error message: ${JSON.stringify(message)}`);
  if (/\bat .+:\d+:\d+|TypeError|ReferenceError|SyntaxError: Unexpected|undefined is not|Cannot read prop/.test(message)) {
    throw new Finding(`error message leaks internals: ${message}`);
  }
}

/** For plain parsers: returns, or throws an AppError with a clear message and a known code — never anything else. */
export function expectClearOutcome<T>(parse: () => T): T | AppError {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof AppError)) throw new Finding(`threw ${String(error)}`);
    if (!ERROR_CODES.includes(error.code)) throw new Finding(`unknown error code ${error.code}`);
    if (error.code === 'internal') throw new Finding(`internal error: ${error.message}`);
    assertClearMessage(error.message);
    return error;
  }
}

async function withTimeout<T>(work: Promise<T> | T, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve(work),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Finding(`hang: ${what} took more than ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface RunOptions {
  numRuns: number;
  /** Per case; a synchronous endless loop is caught by the runner's overall timeout instead. */
  caseTimeoutMs?: number;
  seed?: number;
}

/** Runs one target; rejects with fast-check's report (seed, path, shrunk counterexample) on a finding. */
export async function runTarget(target: FuzzTarget, options: RunOptions): Promise<void> {
  const prepared = target.prepare ? await target.prepare() : { context: undefined, dispose: async () => undefined };
  try {
    await fc.assert(
      fc.asyncProperty(target.arbitrary, async (input) => {
        await withTimeout(target.check(input, prepared.context), options.caseTimeoutMs ?? 5_000, target.name);
      }),
      { numRuns: options.numRuns, ...(options.seed === undefined ? {} : { seed: options.seed }) },
    );
  } finally {
    await prepared.dispose();
  }
}
