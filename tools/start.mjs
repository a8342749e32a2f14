// `npm start`: the Electron shell where its runtime is installed; otherwise
// one line saying so, then web mode (the hub serving the same UI).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

function electronBinary() {
  try {
    const binary = require('electron'); // the package exports the runtime's path, or throws when it was not downloaded
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { stdio: 'inherit', shell: process.platform === 'win32' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

const binary = electronBinary();
if (binary) {
  for (const script of ['build:renderer', 'build:electron']) {
    const result = spawnSync('npm', ['run', '--silent', script], { stdio: 'inherit', shell: process.platform === 'win32' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
  run(binary, ['.', ...args]);
} else {
  console.log('Không có Electron trên máy này (No Electron runtime here): chạy chế độ web — starting web mode.');
  run('npm', ['run', '--silent', 'serve', '--', ...args]);
}
