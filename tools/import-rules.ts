/**
 * The layering rule, checked by a test: which folders may import what.
 *   shared/         pure TypeScript: no Node built-ins, no electron, nothing from electron/ or renderer/
 *   electron/core/  plain Node: never `electron`, never renderer/
 *   renderer/       the browser: no Node built-ins, no electron, nothing from electron/
 * Only electron/main.ts and electron/preload.ts touch Electron itself.
 */
import { builtinModules } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

// import x from '...'; import '...'; export ... from '...'; import('...'); require('...')
const IMPORT_PATTERN = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

export function importsOf(source: string): string[] {
  // Comments often mention module names; strip them before scanning.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  return [...code.matchAll(IMPORT_PATTERN)].map((m) => m[1] ?? '');
}

type Layer = 'shared' | 'core' | 'renderer' | 'electron-glue';

function layerOf(relative: string): Layer | null {
  if (relative.startsWith('shared/')) return 'shared';
  if (relative.startsWith('electron/core/')) return 'core';
  if (relative.startsWith('renderer/')) return 'renderer';
  if (relative.startsWith('electron/')) return 'electron-glue';
  return null;
}

export function checkImport(relativeFile: string, specifier: string): string | null {
  const layer = layerOf(relativeFile);
  if (!layer) return null;
  const isElectron = specifier === 'electron' || specifier.startsWith('electron/');
  const isNode = NODE_BUILTINS.has(specifier);
  const target = specifier.startsWith('.')
    ? layerOf(path.posix.normalize(path.posix.join(path.posix.dirname(relativeFile), specifier)) + '/')
    : null;
  switch (layer) {
    case 'shared':
      if (isElectron || isNode) return 'shared/ must stay pure (no Node, no Electron)';
      if (target && target !== 'shared') return 'shared/ must not reach into electron/ or renderer/';
      return null;
    case 'core':
      if (isElectron) return 'electron/core must never import electron';
      if (target === 'renderer') return 'electron/core must not import renderer/';
      return null;
    case 'renderer':
      if (isElectron || isNode) return 'renderer/ must not import Node built-ins or electron';
      if (target === 'core' || target === 'electron-glue') return 'renderer/ talks to the back end only through the bridge';
      return null;
    case 'electron-glue':
      if (target === 'renderer') return 'the main process must not import renderer/';
      return null;
  }
}

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|cts)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

export function findViolations(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const folder of ['shared', 'electron', 'renderer']) {
    for (const file of sourceFiles(path.join(root, folder))) {
      const relative = path.relative(root, file).split(path.sep).join('/');
      for (const specifier of importsOf(fs.readFileSync(file, 'utf8'))) {
        const rule = checkImport(relative, specifier);
        if (rule) violations.push({ file: relative, specifier, rule });
      }
    }
  }
  return violations;
}
