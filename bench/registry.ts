import { contractBench } from './contract-call.bench';
import { hostileBodiesBench, securityBench } from './security.bench';
import { queueBench } from './queue.bench';
import { dossierSearchBench } from './dossier-search.bench';
import { syncUploadBench } from './sync-upload.bench';
import { digitizeSignBench } from './digitize-sign.bench';
import { serveStartBench } from './serve-start.bench';
import { hallBench } from './hall.bench';
import type { Benchmark } from './types';

/** Every benchmark; a feature adds its own file and one entry here. */
export const BENCHMARKS: readonly Benchmark[] = [
  contractBench,
  queueBench,
  dossierSearchBench,
  digitizeSignBench,
  syncUploadBench,
  securityBench,
  serveStartBench,
  hallBench,
  hostileBodiesBench,
];
