// `npm run serve` runs the hub from a bundle (dist-hub/serve.cjs, with the
// digitize worker next to it), built by esbuild with the Electron bundle's
// recipe, and rebuilds it and the renderer only when their sources changed:
// a content hash of the inputs is stored next to each output (issue #10,
// "the hub starts like a service").
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const HUB_OUT = path.join(ROOT, 'dist-hub');
export const HUB_ENTRY = path.join(HUB_OUT, 'serve.cjs');
const RENDERER_OUT = path.join(ROOT, 'dist/renderer');

const SHARED_INPUTS = ['shared', 'package.json', 'package-lock.json', 'tsconfig.base.json'];

/** What each output is built from, and where its stamp lives (outside the folder the build empties). */
export const TARGETS = {
  renderer: {
    inputs: ['renderer', 'vite.config.ts', 'tsconfig.renderer.json', ...SHARED_INPUTS],
    output: path.join(RENDERER_OUT, 'index.html'),
    stamp: path.join(ROOT, 'dist/renderer.sha256'),
    build: buildRenderer,
  },
  hub: {
    inputs: ['electron/core', 'tools/build-hub.mjs', 'tools/build-electron.mjs', 'tools/import-meta-shim.mjs', ...SHARED_INPUTS],
    output: HUB_ENTRY,
    stamp: path.join(HUB_OUT, 'sources.sha256'),
    build: buildHub,
  },
};

function filesUnder(relative) {
  const full = path.join(ROOT, relative);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [relative];
  return fs
    .readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !/\.test\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** SHA-256 over every input file's path and bytes, in a fixed order. */
export function sourceHash(inputs) {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap(filesUnder).sort()) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(ROOT, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function stale(target, hash) {
  if (!fs.existsSync(target.output)) return true;
  try {
    return fs.readFileSync(target.stamp, 'utf8').trim() !== hash;
  } catch {
    return true;
  }
}

async function buildRenderer() {
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status})`);
}

async function buildHub() {
  const [{ build }, { nodeBundleOptions, WORKER_ENTRIES }] = await Promise.all([import('esbuild'), import('./build-electron.mjs')]);
  await Promise.all([
    build(nodeBundleOptions(HUB_OUT, { serve: 'electron/core/hub/serve.ts' })),
    build(nodeBundleOptions(HUB_OUT, WORKER_ENTRIES, { lazy: false })),
  ]);
}

/** Rebuilds each target whose sources changed since its stamp; answers which were rebuilt. */
export async function ensureBuilt(names = Object.keys(TARGETS)) {
  const rebuilt = [];
  for (const name of names) {
    const target = TARGETS[name];
    const hash = sourceHash(target.inputs);
    if (!stale(target, hash)) continue;
    await target.build();
    fs.mkdirSync(path.dirname(target.stamp), { recursive: true });
    fs.writeFileSync(target.stamp, `${hash}\n`);
    rebuilt.push(name);
  }
  return rebuilt;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rebuilt = await ensureBuilt();
  console.log(rebuilt.length ? `rebuilt: ${rebuilt.join(', ')}` : 'dist/renderer and dist-hub are up to date');
}
