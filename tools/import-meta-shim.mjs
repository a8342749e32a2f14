// Injected by tools/build-electron.mjs into the CommonJS bundles. esbuild binds an
// injected file's ESM exports only, so this file must stay ESM with a named export:
// `import.meta.url` is defined as `importMetaUrl`, the URL of the bundle file itself.
import { pathToFileURL } from 'node:url';

export const importMetaUrl = pathToFileURL(__filename).href;
