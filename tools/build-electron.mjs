// Bundles the Electron main process and preload with esbuild (CommonJS, as a
// sandboxed preload requires). Native modules stay external: electron-builder
// rebuilds them for Electron's ABI when packaging.
import { build } from 'esbuild';

const external = ['electron', 'better-sqlite3', 'serialport', '@serialport/*', 'node-hid', 'pkcs11js', 'graphene-pk11',
  'node-webcrypto-p11', 'sharp'];

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  outdir: 'dist-electron',
  outExtension: { '.js': '.cjs' },
};

await build({
  ...common,
  entryPoints: { main: 'electron/main.ts' },
  external,
  inject: ['tools/import-meta-shim.cjs'],
  define: { 'import.meta.url': 'importMetaUrl', 'import.meta.dirname': '__dirname' },
});
// The digitize worker thread (PDF assembly, page analysis, signing byte work), loaded next to main.cjs.
await build({
  ...common,
  entryPoints: { 'digitize-worker': 'electron/core/digitize/worker.ts' },
  external,
  inject: ['tools/import-meta-shim.cjs'],
  define: { 'import.meta.url': 'importMetaUrl', 'import.meta.dirname': '__dirname' },
});
// The form worker thread (receipts and official forms as PDF), loaded next to main.cjs.
await build({
  ...common,
  entryPoints: { 'forms-worker': 'electron/core/dossier/forms/render-worker.ts' },
  external,
  inject: ['tools/import-meta-shim.cjs'],
  define: { 'import.meta.url': 'importMetaUrl', 'import.meta.dirname': '__dirname' },
});
// The preload runs sandboxed: only `electron` may stay external.
await build({ ...common, entryPoints: { preload: 'electron/preload.ts' }, external: ['electron'] });
console.log('dist-electron/main.cjs, dist-electron/preload.cjs');
