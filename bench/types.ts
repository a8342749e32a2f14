export interface Target {
  description: string;
  actual: string;
  met: boolean;
}

export interface BenchReport {
  lines: string[];
  targets: Target[];
  /** Raw figures for bench/results/<name>.json. */
  figures: Record<string, number>;
}

export interface Benchmark {
  name: string;
  summary: string;
  run(): Promise<BenchReport>;
}
