/**
 * Starts a worker thread from source or from a bundle, one way for every worker (digitize, forms,
 * catalog import). `callerUrl` is the caller's `import.meta.url`: a `.ts` file when running from
 * source, where the worker is TypeScript loaded through tsx; otherwise the bundle file (main.cjs,
 * serve.cjs), whose workers tools/build-electron.mjs writes next to it as `<bundleName>.cjs`
 * (WORKER_ENTRIES). Electron ≥ 18 starts workers from inside app.asar (electron/electron#33216).
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function spawnWorker(callerUrl: string, sourceFile: string, bundleName: string, options: WorkerOptions = {}): Worker {
  if (callerUrl.endsWith('.ts')) {
    const url = new URL(sourceFile, callerUrl).href;
    return new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); })`, {
      ...options,
      eval: true,
    });
  }
  return new Worker(new URL(`./${bundleName}.cjs`, callerUrl), options);
}
