/**
 * A real SoftHSM2 token for signing tests, made in a temporary directory the
 * way STACK.md describes: token, RSA key on the token, self-signed certificate
 * (generated on the token by certtool) written back to the token.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export interface TestToken {
  dir: string;
  module: string;
  label: string;
  pin: string;
  certPem: string;
}

export function createSoftHsmToken(
  dir: string,
  options: { label?: string; pin?: string; commonName?: string; days?: number; expired?: boolean } = {},
): TestToken {
  const label = options.label ?? 'TEST-TOKEN';
  const pin = options.pin ?? '123456';
  const tokens = path.join(dir, 'tokens');
  fs.mkdirSync(tokens, { recursive: true });
  const conf = path.join(dir, 'softhsm2.conf');
  fs.writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  // SoftHSM reads its configuration from the environment when the module is initialized.
  process.env.SOFTHSM2_CONF = conf;
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  const run = (cmd: string, args: string[], extra: Record<string, string> = {}) =>
    execFileSync(cmd, args, { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
  run('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', '12345678', '--pin', pin]);
  run('pkcs11-tool', [
    '--module',
    SOFTHSM_MODULE,
    '--token-label',
    label,
    '--login',
    '--pin',
    pin,
    '--keypairgen',
    '--key-type',
    'rsa:2048',
    '--id',
    '01',
    '--label',
    'signkey',
  ]);
  const tmpl = path.join(dir, 'cert.tmpl');
  fs.writeFileSync(
    tmpl,
    [
      `cn = "${options.commonName ?? 'Nguyen Van Thu'}"`,
      'organization = "UBND phuong Tan Dinh"',
      'serial = 7',
      ...(options.expired
        ? ['activation_date = "2020-01-01 00:00:00"', 'expiration_date = "2021-01-01 00:00:00"']
        : [`expiration_days = ${options.days ?? 365}`]),
      'signing_key',
      'cert_signing_key',
    ].join('\n') + '\n',
  );
  const certPem = path.join(dir, 'cert.pem');
  run(
    'certtool',
    [
      '--provider',
      SOFTHSM_MODULE,
      '--generate-self-signed',
      '--template',
      tmpl,
      '--outfile',
      certPem,
      '--load-privkey',
      `pkcs11:token=${label};object=signkey;type=private`,
      '--load-pubkey',
      `pkcs11:token=${label};object=signkey;type=public`,
    ],
    { GNUTLS_PIN: pin },
  );
  const certDer = path.join(dir, 'cert.der');
  run('openssl', ['x509', '-in', certPem, '-outform', 'DER', '-out', certDer]);
  run('pkcs11-tool', [
    '--module',
    SOFTHSM_MODULE,
    '--token-label',
    label,
    '--login',
    '--pin',
    pin,
    '--write-object',
    certDer,
    '--type',
    'cert',
    '--id',
    '01',
    '--label',
    'signkey',
  ]);
  return { dir, module: SOFTHSM_MODULE, label, pin, certPem };
}

/** poppler's independent validator. */
export function pdfsig(file: string): { ok: boolean; output: string } {
  try {
    return { ok: true, output: execFileSync('pdfsig', [file], { stdio: ['ignore', 'pipe', 'pipe'] }).toString() };
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer };
    return { ok: false, output: `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}` };
  }
}
