// `npm test`: type-check, then vitest (unit + integration), then Playwright
// (end-to-end in Debian's Chromium). Ends with one plain line
// "N passed, N failed" that counts both runners.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const VITEST_REPORT = 'test-results/vitest.json';
const E2E_REPORT = 'test-results/e2e-report.json';
fs.mkdirSync('test-results', { recursive: true });
for (const file of [VITEST_REPORT, E2E_REPORT]) fs.rmSync(file, { force: true });

function step(title, command, args) {
  console.log(`\n=== ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  console.log(
    `=== ${title}: ${result.status === 0 ? 'ok' : `failed (exit ${result.status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return result.status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const typecheckOk =
  step('type-check', npx, ['tsc', '-p', 'tsconfig.node.json']) && step('type-check renderer', npx, ['tsc', '-p', 'tsconfig.renderer.json']);
const unitOk = step('vitest', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_REPORT}`]);
const e2eOk = step('playwright', npx, ['playwright', 'test']);

const unit = readJson(VITEST_REPORT);
const e2e = readJson(E2E_REPORT);
const passed = (unit?.numPassedTests ?? 0) + (e2e?.stats?.expected ?? 0);
const failed = (unit?.numFailedTests ?? 0) + (e2e?.stats?.unexpected ?? 0) + (e2e?.stats?.flaky ?? 0);
const skipped = (unit?.numPendingTests ?? 0) + (unit?.numTodoTests ?? 0) + (e2e?.stats?.skipped ?? 0);
// A runner that crashed before writing its report counts as a failure, not as zero tests.
const missing = (unit ? 0 : 1) + (e2e ? 0 : 1);

console.log('');
console.log(`${passed} passed, ${failed + missing} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(typecheckOk && unitOk && e2eOk && failed + missing === 0 && skipped === 0 ? 0 : 1);
