// Injected by tools/build-electron.mjs: gives `import.meta.url` a value in the CommonJS bundle.
exports.importMetaUrl = require('node:url').pathToFileURL(__filename).href;
