/**
 * Child process for the durability test: saves through the real service,
 * reports each save on stdout as soon as the call returns, then keeps going
 * until it is killed.
 */
import { createCore } from '../../electron/core/app';
import { defaultConfig } from '../../electron/core/config';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: durability-writer <dataDir>');
const core = createCore(defaultConfig({ dataDir, seedDemo: true }));
let n = 0;
function saveOne(): void {
  n += 1;
  const saved = core.hall.saveService({ name: `Lĩnh vực ${n}`, prefix: `Z${String.fromCharCode(65 + n)}`, id: `durable-${n}` });
  process.stdout.write(`saved ${saved.id}\n`);
  if (n < 25) setImmediate(saveOne);
}
saveOne();
setInterval(() => undefined, 1000);
