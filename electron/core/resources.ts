import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file every copy of `resources/` has: tells the real folder from a look-alike. */
const MARKER = path.join('catalog', 'seed.json');

/** Electron sets `process.resourcesPath` (next to the executable); plain Node does not. */
function electronResourcesPath(): string | undefined {
  const value: unknown = Reflect.get(process, 'resourcesPath');
  return typeof value === 'string' ? value : undefined;
}

/**
 * Where `resources/` may be, most specific first:
 *  - MOTCUA_RESOURCES (scripted installs, tests);
 *  - the packaged app: electron-builder's extraResources copies it to `<resourcesPath>/resources`;
 *  - next to the bundle: dist-electron/main.cjs → `../resources`;
 *  - from source: electron/core/resources.ts → `../../resources`.
 * Module-level callers (fonts in forms/render.ts) ask before main.ts runs, so
 * this cannot rely on main.ts having set anything.
 */
export function resourceCandidates(moduleDir = path.dirname(fileURLToPath(import.meta.url))): string[] {
  const packaged = electronResourcesPath();
  return [
    ...(process.env.MOTCUA_RESOURCES ? [process.env.MOTCUA_RESOURCES] : []),
    ...(packaged ? [path.join(packaged, 'resources')] : []),
    path.resolve(moduleDir, '../resources'),
    path.resolve(moduleDir, '../../resources'),
  ];
}

let found: string | undefined;

/** Absolute path of `resources/`; the first candidate that holds it. */
export function resourcesDir(): string {
  if (process.env.MOTCUA_RESOURCES) return process.env.MOTCUA_RESOURCES;
  found ??= locate(resourceCandidates());
  return found;
}

function locate(candidates: string[]): string {
  const hit = candidates.find((dir) => fs.existsSync(path.join(dir, MARKER)));
  if (!hit) throw new Error(`resources/ not found; looked in: ${candidates.join(', ')}`);
  return hit;
}

export function resourcePath(...parts: string[]): string {
  return path.join(resourcesDir(), ...parts);
}
