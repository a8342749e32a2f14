/** Types of tools/build-electron.mjs for the TypeScript tests and bench that call it. */
import type { BuildOptions } from 'esbuild';

export declare const NATIVE_EXTERNALS: string[];
export declare const LAZY_PACKAGES: string[];
export declare function nodeBundleOptions(outdir: string, entryPoints: Record<string, string>, options?: { lazy?: boolean }): BuildOptions;
/** Worker threads, each loaded from a file next to the bundle that starts it. */
export declare const WORKER_ENTRIES: Record<string, string>;
export declare function buildElectron(): Promise<{ outdir: string; preloadBytes: number }>;
