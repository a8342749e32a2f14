/**
 * `npm run tthc-sim -- --port <N> --data <DIR> [--faults] [--fault-rate 0.3] [--host H]
 *   [--credentials quay1:matkhau1,quay2:matkhau2] [--tls-cert F --tls-key F] [--no-fsync]
 *   [--mode motcua|dvcqg] [--auth-path /auth] [--service-path /service] [--dstcode CODE] [--exists-code 0|3|-3]`
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CREDENTIALS, startSimulator } from './simulator';

async function main(): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: process.argv.slice(2),
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        faults: { type: 'boolean' },
        'fault-rate': { type: 'string' },
        'max-latency': { type: 'string' },
        credentials: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'no-fsync': { type: 'boolean' },
        mode: { type: 'string' },
        'auth-path': { type: 'string' },
        'service-path': { type: 'string' },
        dstcode: { type: 'string' },
        'exists-code': { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`Tham số không hợp lệ: ${(error as Error).message}`);
    return 2;
  }
  const port = Number(values.port ?? 8090);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Cổng không hợp lệ: ${values.port}`);
    return 2;
  }
  const credentials = values.credentials
    ? Object.fromEntries(
        values.credentials.split(',').map((pair) => {
          const i = pair.indexOf(':');
          return [pair.slice(0, i), pair.slice(i + 1)];
        }),
      )
    : DEFAULT_CREDENTIALS;
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) {
    console.error('Cần cả --tls-cert và --tls-key.');
    return 2;
  }
  const mode = values.mode ?? 'motcua';
  if (mode !== 'motcua' && mode !== 'dvcqg') {
    console.error(`--mode phải là motcua hoặc dvcqg: ${mode}`);
    return 2;
  }
  const existsCode = Number(values['exists-code'] ?? 3);
  if (![0, 3, -3].includes(existsCode)) {
    console.error(`--exists-code phải là 0, 3 hoặc -3: ${values['exists-code']}`);
    return 2;
  }
  const sim = await startSimulator({
    mode,
    dvcqg: {
      existsCode,
      ...(values['auth-path'] ? { authPath: values['auth-path'] } : {}),
      ...(values['service-path'] ? { servicePath: values['service-path'] } : {}),
      ...(values.dstcode ? { dstcode: values.dstcode } : {}),
    },
    port,
    host: values.host ?? '127.0.0.1',
    dataDir: path.resolve(values.data ?? 'tthc-sim-data'),
    credentials,
    faults: {
      enabled: values.faults === true,
      ...(values['fault-rate'] ? { rate: Number(values['fault-rate']) } : {}),
      ...(values['max-latency'] ? { maxLatencyMs: Number(values['max-latency']) } : {}),
    },
    tls: values['tls-cert'] && values['tls-key'] ? { cert: values['tls-cert'], key: values['tls-key'] } : undefined,
    fsync: !values['no-fsync'],
    log: (line) => console.error(line),
  });
  console.log(`Giả lập hệ thống TTHC tỉnh đang chạy tại ${sim.url}${values.faults ? ' (chế độ lỗi)' : ''}`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(`Lỗi: ${(error as Error).message}`);
    process.exit(1);
  },
);
