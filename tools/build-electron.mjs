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
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist-electron');
// The preload must stay a few KB: no zod, no contract schemas (validation is the main process's job).
const PRELOAD_MAX_BYTES = 8 * 1024;

export const NATIVE_EXTERNALS = [
  'electron',
  'better-sqlite3',
  'serialport',
  '@serialport/*',
  'node-hid',
  'pkcs11js',
  'graphene-pk11',
  'node-webcrypto-p11',
  'sharp',
];

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

/**
 * Pure-JS packages that only PDF, spreadsheet and signing work needs, yet cost
 * most of a start when evaluated up front (measured: fontkit ~0.5 s, exceljs
 * and pdf-lib ~0.15 s each on a loaded build machine). Bundled as they are, but
 * evaluated on first use.
 */
export const LAZY_PACKAGES = ['@pdf-lib/fontkit', 'exceljs', 'pdf-lib', 'pkijs', 'asn1js'];

/**
 * esbuild plugin: `import x from 'pkg'` gets a stand-in module whose exports are
 * getters that `require` the real, bundled package on first access. esbuild
 * keeps a `require()` inside a function lazy, and copies getters as getters
 * when it converts the stand-in for an ESM importer, so the package body runs
 * only when a PDF or a spreadsheet is made. The export names are read from the
 * package at build time; a package whose export is not a plain object (a
 * callable default) cannot be stood in for and fails the build.
 */
function lazyPackages(names) {
  const requireHere = createRequire(import.meta.url);
  const filter = new RegExp(`^(${names.map((n) => n.replace(/[/.@-]/g, (c) => `\\${c}`)).join('|')})$`);
  return {
    name: 'lazy-packages',
    setup(esbuild) {
      // The stand-in's own require() of the package (importer in the lazy namespace) resolves to the real one.
      esbuild.onResolve({ filter }, (args) =>
        args.namespace === 'lazy-package' ? undefined : { path: args.path, namespace: 'lazy-package' },
      );
      esbuild.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => {
        const real = requireHere(args.path);
        if (typeof real !== 'object' || real === null)
          throw new Error(`${args.path}: its export is not an object; it cannot be loaded lazily`);
        const keys = Object.keys(real).filter((key) => key !== 'default' || real.__esModule);
        const contents = [
          'let real;',
          `const load = () => (real ??= require(${JSON.stringify(args.path)}));`,
          ...(real.__esModule ? ["Object.defineProperty(module.exports, '__esModule', { value: true });"] : []),
          `for (const key of ${JSON.stringify(keys)}) Object.defineProperty(module.exports, key, { enumerable: true, get: () => load()[key] });`,
        ].join('\n');
        return { contents, loader: 'js', resolveDir: ROOT };
      });
    },
  };
}

const nodeBundle = {
  ...common,
  external: NATIVE_EXTERNALS,
  inject: [path.join(ROOT, 'tools/import-meta-shim.mjs')],
  define: { 'import.meta.url': 'importMetaUrl', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
};

/**
 * The same CommonJS bundle of electron/core for plain Node (tools/build-hub.mjs):
 * one recipe, so the hub's bundle cannot drift from the desktop one.
 */
export function nodeBundleOptions(outdir, entryPoints, { lazy = true } = {}) {
  return { ...nodeBundle, outdir, entryPoints, plugins: lazy ? [lazyPackages(LAZY_PACKAGES)] : [] };
}

/** Worker threads, each loaded from a file next to the bundle that starts it (main.cjs, serve.cjs). */
export const WORKER_ENTRIES = {
  'digitize-worker': 'electron/core/digitize/worker.ts',
  'forms-worker': 'electron/core/dossier/forms/render-worker.ts',
  'catalog-import-worker': 'electron/core/catalog/catalog-import-worker.ts',
};

/** Builds main.cjs, the workers (loaded next to main.cjs) and preload.cjs. */
export async function buildElectron() {
  await build(nodeBundleOptions(OUT, { main: 'electron/main.ts' }));
  // The workers exist to make PDFs: nothing there to defer.
  await build(nodeBundleOptions(OUT, WORKER_ENTRIES, { lazy: false }));
  // The preload runs sandboxed: only `electron` may stay external.
  await build({ ...common, entryPoints: { preload: 'electron/preload.ts' }, external: ['electron'] });
  const preloadBytes = fs.statSync(path.join(OUT, 'preload.cjs')).size;
  if (preloadBytes > PRELOAD_MAX_BYTES) {
    throw new Error(
      `preload.cjs is ${preloadBytes} bytes (limit ${PRELOAD_MAX_BYTES}): something heavy was imported into electron/preload.ts`,
    );
  }
  return { outdir: OUT, preloadBytes };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { preloadBytes } = await buildElectron();
  console.log(`dist-electron/main.cjs, dist-electron/digitize-worker.cjs, dist-electron/preload.cjs (${preloadBytes} bytes)`);
}
