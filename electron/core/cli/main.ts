/**
 * `npm run cli -- <command>`: for IT staff and scripts. Messages are
 * Vietnamese; exit codes: 0 success, 1 failure found, 2 bad input.
 */
import { runCli } from './commands';

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
