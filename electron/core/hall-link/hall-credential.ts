/**
 * Where a workstation keeps what pairing gave it: the hub's address, the
 * pinned certificate and its own device credential. Web mode: one JSON file
 * readable only by its owner (0600), refused when anyone else may read it.
 * Electron: the OS key store through electron/credential-vault.ts (main.ts
 * passes it in as a `SecretVault`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/contract';
import { writeAtomically } from '../files/durable-write';

export const HallCredentialSchema = z.object({
  hubUrl: z.url(),
  /** The hub's certificate, trusted alone (no CA), and its SHA-256 fingerprint. */
  certPem: z.string().min(1).max(20_000),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  credential: z.string().min(1).max(512),
  deviceId: z.string().min(1).max(64),
  name: z.string().max(80),
  joinedAt: z.string(),
});
export type HallCredential = z.infer<typeof HallCredentialSchema>;

export interface CredentialStore {
  load(): HallCredential | null;
  save(credential: HallCredential): void;
  forget(): void;
}

export function credentialFile(dataDir: string): string {
  return path.join(dataDir, 'hall', 'workstation-credential.json');
}

const OWNER_ONLY = 0o600;

export class FileCredentialStore implements CredentialStore {
  constructor(
    private readonly file: string,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  load(): HallCredential | null {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return null;
    }
    // Like ssh with a private key: a credential others could read is not used.
    if (this.platform !== 'win32' && (fs.statSync(this.file).mode & 0o077) !== 0) {
      throw new AppError(
        'forbidden',
        `Tệp khoá ghép nối ${this.file} đang cho người khác đọc được: hãy chạy "chmod 600" rồi khởi động lại, hoặc ghép nối lại.`,
      );
    }
    const parsed = HallCredentialSchema.safeParse(safeJson(text));
    if (!parsed.success) throw new AppError('invalid_input', `Tệp khoá ghép nối ${this.file} bị hỏng: hãy ghép nối lại (join-hall).`);
    return parsed.data;
  }

  save(credential: HallCredential): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    writeAtomically(this.file, Buffer.from(JSON.stringify(credential), 'utf8'));
    fs.chmodSync(this.file, OWNER_ONLY);
  }

  forget(): void {
    fs.rmSync(this.file, { force: true });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The slice of electron/credential-vault.ts's CredentialVault a workstation needs. */
export interface SecretVault {
  save(hubOrigin: string, secret: string): void;
  load(hubOrigin: string): string | undefined;
  forget(hubOrigin: string): void;
}

/** Electron: the whole record sealed by the OS key store, under the hub's origin. */
export class VaultCredentialStore implements CredentialStore {
  constructor(
    private readonly vault: SecretVault,
    private readonly hubUrl: string,
  ) {}

  load(): HallCredential | null {
    const sealed = this.vault.load(this.hubUrl);
    if (!sealed) return null;
    const parsed = HallCredentialSchema.safeParse(safeJson(sealed));
    return parsed.success ? parsed.data : null;
  }

  save(credential: HallCredential): void {
    this.vault.save(this.hubUrl, JSON.stringify(credential));
  }

  forget(): void {
    this.vault.forget(this.hubUrl);
  }
}

/** A data directory that holds a pairing is a workstation's (doctor and other scripts run without the serve flags). */
export function storedHubUrl(dataDir: string): string | null {
  return new FileCredentialStore(credentialFile(dataDir)).load()?.hubUrl ?? null;
}
