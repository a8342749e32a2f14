// Bundles the Electron main process, the digitize worker and the preload with
// esbuild (CommonJS, as a sandboxed preload requires). Native modules stay
// external: electron-builder rebuilds them for Electron's ABI when packaging.
//
// `import.meta` has no value in CommonJS. It is defined from the bundle file
// (tools/import-meta-shim.mjs), and any other use of it is a build error rather
// than an `undefined` at run time (issue #16). tests/electron/bundle-load.test.ts
// loads the result under Node to prove it starts.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist-electron');
// The preload must stay a few KB: no zod, no contract schemas (validation is the main process's job).
const PRELOAD_MAX_BYTES = 8 * 1024;

export const NATIVE_EXTERNALS = ['electron', 'better-sqlite3', 'serialport', '@serialport/*', 'node-hid', 'pkcs11js', 'graphene-pk11',
  'node-webcrypto-p11', 'sharp'];

const common = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // esbuild only warns about an `import.meta` it cannot fill in; here that is a broken bundle.
  logOverride: { 'empty-import-meta': 'error' },
  outdir: OUT,
  outExtension: { '.js': '.cjs' },
};

const nodeBundle = {
  ...common,
  external: NATIVE_EXTERNALS,
  inject: [path.join(ROOT, 'tools/import-meta-shim.mjs')],
  define: { 'import.meta.url': 'importMetaUrl', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
};

/** Builds main.cjs, digitize-worker.cjs (loaded next to main.cjs) and preload.cjs. */
export async function buildElectron() {
  await build({ ...nodeBundle, entryPoints: { main: 'electron/main.ts', 'digitize-worker': 'electron/core/digitize/worker.ts' } });
  // The preload runs sandboxed: only `electron` may stay external.
  await build({ ...common, entryPoints: { preload: 'electron/preload.ts' }, external: ['electron'] });
  const preloadBytes = fs.statSync(path.join(OUT, 'preload.cjs')).size;
  if (preloadBytes > PRELOAD_MAX_BYTES) {
    throw new Error(`preload.cjs is ${preloadBytes} bytes (limit ${PRELOAD_MAX_BYTES}): something heavy was imported into electron/preload.ts`);
  }
  return { outdir: OUT, preloadBytes };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { preloadBytes } = await buildElectron();
  console.log(`dist-electron/main.cjs, dist-electron/digitize-worker.cjs, dist-electron/preload.cjs (${preloadBytes} bytes)`);
}
