/**
 * The offline bundle file (one file on a USB stick) and its codec, used by the
 * workbench (export) and by the provincial emulator (import).
 *
 *   MOTCUA-SYNC-BUNDLE/1\n
 *   <manifest length in bytes>\n<manifest JSON>
 *   <Ed25519 signature of the manifest bytes, base64>\n
 *   <bytes of every file, in manifest order>
 *
 * Integrity: the manifest lists each file's SHA-256 and size and every outbox
 * item; the installation's Ed25519 key signs the manifest bytes, so a changed
 * item, file list or file byte is detected (files by their hash). The public key
 * travels in the manifest; the receiver pins it per agency on first use.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BundleManifestSchema, type BundleManifest } from '../../../shared/provincial';

export const BUNDLE_MAGIC = 'MOTCUA-SYNC-BUNDLE/1\n';

export interface InstallationKey {
  privateKey: KeyObject;
  publicKeyBase64: string;
}

/** The installation's signing key, created on first use in the data directory (mode 0600). */
export function installationKey(dataDir: string): InstallationKey {
  const file = path.join(dataDir, 'sync-bundle-key.pem');
  if (!fs.existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  const privateKey = createPrivateKey(fs.readFileSync(file));
  const publicKeyBase64 = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
  return { privateKey, publicKeyBase64 };
}

export function encodeBundle(manifest: BundleManifest, key: InstallationKey, fileBytes: readonly Buffer[]): Buffer {
  const manifestBytes = Buffer.from(JSON.stringify(manifest), 'utf8');
  const signature = sign(null, manifestBytes, key.privateKey).toString('base64');
  return Buffer.concat([
    Buffer.from(`${BUNDLE_MAGIC}${manifestBytes.length}\n`, 'utf8'),
    manifestBytes,
    Buffer.from(`${signature}\n`, 'utf8'),
    ...fileBytes,
  ]);
}

export class BundleError extends Error {}

/** Parses and checks a bundle: signature over the manifest, then every file against its hash. */
export function decodeBundle(bytes: Buffer): { manifest: BundleManifest; files: Map<string, Buffer> } {
  if (!bytes.subarray(0, BUNDLE_MAGIC.length).equals(Buffer.from(BUNDLE_MAGIC)))
    throw new BundleError('Tệp không phải gói đồng bộ Một Cửa.');
  let pos = BUNDLE_MAGIC.length;
  const nl = bytes.indexOf(10, pos);
  const length = Number(bytes.subarray(pos, nl).toString('utf8'));
  if (nl < 0 || !Number.isInteger(length) || length <= 0 || nl + 1 + length > bytes.length)
    throw new BundleError('Gói đồng bộ bị hỏng (phần mô tả).');
  pos = nl + 1;
  const manifestBytes = bytes.subarray(pos, pos + length);
  pos += length;
  const sigEnd = bytes.indexOf(10, pos);
  if (sigEnd < 0) throw new BundleError('Gói đồng bộ bị hỏng (chữ ký).');
  const signature = Buffer.from(bytes.subarray(pos, sigEnd).toString('utf8'), 'base64');
  pos = sigEnd + 1;
  let manifest: BundleManifest;
  try {
    manifest = BundleManifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')));
  } catch {
    throw new BundleError('Gói đồng bộ bị hỏng (phần mô tả không đọc được).');
  }
  const publicKey = createPublicKey({ key: Buffer.from(manifest.publicKey, 'base64'), format: 'der', type: 'spki' });
  if (!verify(null, manifestBytes, publicKey, signature)) throw new BundleError('Chữ ký của gói đồng bộ không hợp lệ.');
  const files = new Map<string, Buffer>();
  for (const f of manifest.files) {
    const data = bytes.subarray(pos, pos + f.size);
    pos += f.size;
    if (data.length !== f.size || createHash('sha256').update(data).digest('hex') !== f.sha256) {
      throw new BundleError(`Tệp ${f.sha256.slice(0, 12)}… trong gói bị hỏng (sai mã băm).`);
    }
    files.set(f.sha256, data);
  }
  if (pos !== bytes.length) throw new BundleError('Gói đồng bộ có dữ liệu thừa.');
  return { manifest, files };
}
