/**
 * The hub's own TLS certificate for workstation traffic on the LAN. Made on
 * the first start (ECDSA P-256, self-signed, 10 years) and kept in the data
 * directory; workstations do not trust it through any CA but pin its SHA-256
 * fingerprint when they pair, so nothing on the LAN can sit in the middle.
 */
import { X509Certificate, KeyObject, createHash, randomBytes, webcrypto } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as x509 from '@peculiar/x509';
import { writeAtomically } from '../files/durable-write';

export interface HubTls {
  keyPem: string;
  certPem: string;
  /** SHA-256 of the certificate's DER, lowercase hex without separators. */
  fingerprint: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const VALID_YEARS = 10;

export function hubTlsDir(dataDir: string): string {
  return path.join(dataDir, 'hall');
}

function tlsFiles(dataDir: string): { key: string; cert: string } {
  const dir = hubTlsDir(dataDir);
  return { key: path.join(dir, 'hub-key.pem'), cert: path.join(dir, 'hub-cert.pem') };
}

export function fingerprintOfPem(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256.replace(/:/g, '').toLowerCase();
}

export function fingerprintOfDer(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

/** The certificate already made, or null (the hub has never started with TLS). */
export function readHubTls(dataDir: string): HubTls | null {
  const files = tlsFiles(dataDir);
  if (!fs.existsSync(files.key) || !fs.existsSync(files.cert)) return null;
  const certPem = fs.readFileSync(files.cert, 'utf8');
  return { keyPem: fs.readFileSync(files.key, 'utf8'), certPem, fingerprint: fingerprintOfPem(certPem) };
}

/** Reads the hub's certificate, making it on the first start. */
export async function ensureHubTls(dataDir: string, commonName = 'Mot Cua hub'): Promise<HubTls> {
  const existing = readHubTls(dataDir);
  if (existing) return existing;
  const made = await makeSelfSigned(commonName);
  const files = tlsFiles(dataDir);
  fs.mkdirSync(path.dirname(files.key), { recursive: true, mode: 0o700 });
  writeAtomically(files.key, Buffer.from(made.keyPem, 'utf8'));
  fs.chmodSync(files.key, 0o600);
  writeAtomically(files.cert, Buffer.from(made.certPem, 'utf8'));
  return made;
}

/** A fresh self-signed certificate; also used by tests to play the man in the middle. */
export async function makeSelfSigned(commonName: string): Promise<HubTls> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    // A leading 01 keeps the serial positive in DER.
    serialNumber: `01${randomBytes(15).toString('hex')}`,
    name: `CN=${commonName.replace(/[,=+<>#;"\\]/g, ' ')}`,
    notBefore: new Date(now - 24 * 3_600_000),
    notAfter: new Date(now + VALID_YEARS * 365 * 24 * 3_600_000),
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    ],
  });
  const certPem = cert.toString('pem');
  const keyPem = KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString();
  return { keyPem, certPem, fingerprint: fingerprintOfPem(certPem) };
}

// Crockford's base32: no I, L, O, U, so a code read aloud or off a screen is typed right.
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 16 base32 characters = 80 bits of the fingerprint: a forged certificate would need a 2^80 second preimage. */
export const PIN_CHARS = 16;

export function fingerprintPin(fingerprint: string): string {
  const bytes = Buffer.from(fingerprint, 'hex');
  let bits = '';
  for (const byte of bytes) bits += byte.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i < PIN_CHARS; i++) out += BASE32[parseInt(bits.slice(i * 5, i * 5 + 5), 2)];
  return out;
}

/** What the supervisor reads off the hub for a counter PC: the 8-digit code, then the certificate's pin. */
export function joinCode(pairingCode: string, fingerprint: string): string {
  const pin = fingerprintPin(fingerprint);
  return `${pairingCode} · ${pin.match(/.{4}/g)?.join(' ') ?? pin}`;
}

export interface ParsedJoinCode {
  /** The 8 digits `auth.pair` takes. */
  code: string;
  /** The certificate pin, uppercase base32. */
  pin: string;
}

/** "1234 5678 · ABCD EFGH JKMN PQRS" (spaces, dashes and dots free) → its parts; null when it is not one. */
export function parseJoinCode(text: string): ParsedJoinCode | null {
  const compact = text
    .toUpperCase()
    .replace(/[\s\-.·_]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  const match = compact.match(/^(\d{8})([0-9A-HJKMNP-TV-Z]{16})$/);
  return match?.[1] && match[2] ? { code: match[1], pin: match[2] } : null;
}
