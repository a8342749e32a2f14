/**
 * Where to look for PKCS#11 modules: the vendor list is data
 * (resources/signing/pkcs11-modules.json), this is its loader and the search.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { resourcePath } from '../../resources';

const Platform = z.enum(['win32', 'linux', 'darwin']);
type Platform = z.infer<typeof Platform>;

export const ModuleListSchema = z.object({
  directories: z.record(Platform, z.array(z.string())),
  vendors: z.array(
    z.object({ vendor: z.string().min(1), win32: z.array(z.string()), linux: z.array(z.string()), darwin: z.array(z.string()) }),
  ),
});
export type ModuleList = z.infer<typeof ModuleListSchema>;

export function loadModuleList(file = resourcePath('signing', 'pkcs11-modules.json')): ModuleList {
  return ModuleListSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

export interface ModuleCandidate {
  vendor: string;
  path: string;
}

function platformOf(p: NodeJS.Platform): Platform {
  return p === 'win32' || p === 'darwin' ? p : 'linux';
}

/** Every (vendor, full path) the list names for this OS, in list order. */
export function candidatePaths(list: ModuleList, platform: NodeJS.Platform): ModuleCandidate[] {
  const os = platformOf(platform);
  const dirs = list.directories[os] ?? [];
  const join = os === 'win32' ? path.win32.join : path.posix.join;
  return list.vendors.flatMap((v) => v[os].flatMap((file) => dirs.map((dir) => ({ vendor: v.vendor, path: join(dir, file) }))));
}

/** Modules that exist on this machine, plus the configured path first when given. */
export function discoverModules(
  options: { configured?: string; list?: ModuleList; platform?: NodeJS.Platform; exists?: (p: string) => boolean } = {},
): ModuleCandidate[] {
  const exists = options.exists ?? fs.existsSync;
  const found: ModuleCandidate[] = [];
  if (options.configured) found.push({ vendor: 'Cấu hình', path: options.configured });
  for (const c of candidatePaths(options.list ?? loadModuleList(), options.platform ?? process.platform)) {
    if (exists(c.path) && !found.some((f) => f.path === c.path)) found.push(c);
  }
  return found;
}
