/**
 * `npm run fuzz`: the long run. Every target for FUZZ_RUNS cases (default
 * 20 000), with progress; `npm run fuzz -- <part of a name>` runs some.
 * Exit 1 with fast-check's counterexample and seed on a finding.
 */
import { FUZZ_TARGETS } from './targets';
import { runTarget } from './harness';

const runs = Number(process.env.FUZZ_RUNS ?? 20_000);
const filter = process.argv.slice(2).join(' ').toLowerCase();
const targets = FUZZ_TARGETS.filter((t) => !filter || t.name.toLowerCase().includes(filter));
let failed = 0;
for (const [i, target] of targets.entries()) {
  const started = Date.now();
  process.stdout.write(`[${i + 1}/${targets.length}] ${target.name}: ${runs} trường hợp… `);
  try {
    await runTarget(target, { numRuns: runs, caseTimeoutMs: 10_000 });
    console.log(`không có lỗi (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed++;
    console.log('TÌM THẤY LỖI');
    console.error(error instanceof Error ? error.message : error);
    const cause = error instanceof Error ? (error.cause as Error | undefined) : undefined;
    if (cause) console.error(`Nguyên nhân: ${cause.message}`);
  }
}
console.log(failed ? `${failed}/${targets.length} mục tìm thấy lỗi.` : `Tất cả ${targets.length} mục: không tìm thấy lỗi.`);
process.exit(failed ? 1 : 0);
