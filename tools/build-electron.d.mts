/** Types of tools/build-electron.mjs for the TypeScript tests and bench that call it. */
export declare const NATIVE_EXTERNALS: string[];
export declare function buildElectron(): Promise<{ outdir: string; preloadBytes: number }>;
