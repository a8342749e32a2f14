// `npm run serve -- ARGS`: builds what changed (tools/build-hub.mjs), then runs
// the hub bundle in this process, with ARGS as its command line.
import { createRequire } from 'node:module';
import { HUB_ENTRY, ensureBuilt } from './build-hub.mjs';

await ensureBuilt();
createRequire(import.meta.url)(HUB_ENTRY);
