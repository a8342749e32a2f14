/**
 * `npm run bench`: every benchmark, each printing its figures and its ratio to
 * a baseline measured in the same run (the machines are noisy; absolute
 * numbers from another run mean little). `npm run bench -- <name>` runs one.
 * Results are also written to bench/results/<name>.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BENCHMARKS } from './registry';

const RESULTS = path.resolve(import.meta.dirname, 'results');

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const chosen = wanted.length ? BENCHMARKS.filter((b) => wanted.includes(b.name)) : BENCHMARKS;
  if (chosen.length === 0) {
    console.error(`Không có benchmark nào tên: ${wanted.join(', ')}. Có: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
    process.exit(2);
  }
  fs.mkdirSync(RESULTS, { recursive: true });
  let missed = 0;
  for (const bench of chosen) {
    console.log(`\n## ${bench.name} — ${bench.summary}`);
    const report = await bench.run();
    for (const line of report.lines) console.log(`  ${line}`);
    for (const target of report.targets) {
      console.log(`  ${target.met ? 'ĐẠT ' : 'CHƯA'} ${target.description}: ${target.actual}`);
      if (!target.met) missed += 1;
    }
    fs.writeFileSync(path.join(RESULTS, `${bench.name}.json`), JSON.stringify(report, null, 2));
  }
  console.log(`\n${missed === 0 ? 'Mọi mục tiêu đều đạt.' : `${missed} mục tiêu chưa đạt.`}`);
}

void main();
