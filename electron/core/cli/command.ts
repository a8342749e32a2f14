import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError } from '../../../shared/contract';

export interface CliCommand {
  name: string;
  /** Vietnamese, one line, for the usage text. */
  summary: string;
  /** Returns the exit code. */
  run(args: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with a Vietnamese error on unknown or malformed flags. */
export function parseCliOptions<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new AppError('invalid_input', `Tham số không hợp lệ: ${(error as Error).message}`);
  }
}
