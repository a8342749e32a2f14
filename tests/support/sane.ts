import fs from 'node:fs';
import path from 'node:path';

/** A SANE configuration that loads only the `test` backend (no /etc edits). */
export function saneTestConfig(dir: string): string {
  const conf = path.join(dir, 'sane.d');
  fs.mkdirSync(conf, { recursive: true });
  fs.writeFileSync(path.join(conf, 'dll.conf'), 'test\n');
  fs.copyFileSync('/etc/sane.d/test.conf', path.join(conf, 'test.conf'));
  return conf;
}
