import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Absolute path of `resources/`. A packaged app sets MOTCUA_RESOURCES (the
 * folder electron-builder copies next to the executable); from source it is
 * the repository's own folder.
 */
export function resourcesDir(): string {
  return process.env.MOTCUA_RESOURCES ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources');
}

export function resourcePath(...parts: string[]): string {
  return path.join(resourcesDir(), ...parts);
}
