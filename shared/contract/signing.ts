import { z } from 'zod';
import { STAFF, method } from './define';
import { Sha256Schema } from './files';

const PinFlagsSchema = z.object({ countLow: z.boolean(), finalTry: z.boolean(), locked: z.boolean() });

export const TokenSchema = z.object({
  module: z.string(),
  vendor: z.string(),
  label: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  serial: z.string(),
  pin: PinFlagsSchema,
  /** Vietnamese, from the token's PIN flags. */
  pinWarning: z.string().nullable(),
  /** Certificates readable without the PIN (public objects), with validity and key usage. */
  certificates: z.array(
    z.object({
      commonName: z.string(),
      subject: z.string(),
      issuer: z.string(),
      notBefore: z.string(),
      notAfter: z.string(),
      keyUsage: z.array(z.string()),
      status: z.enum(['valid', 'expired', 'not-yet-valid']),
      /** Vietnamese reason it may not sign, or null. */
      refused: z.string().nullable(),
    }),
  ),
});

export const SigningCertificateSchema = z.object({
  commonName: z.string(),
  subject: z.string(),
  issuer: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  status: z.enum(['valid', 'expired', 'not-yet-valid']),
});

export const CopyTypeSchema = z.enum(['sao-y', 'trich-sao', 'sao-luc', 'so-hoa']);

export const SignatureCheckSchema = z.object({
  index: z.number().int(),
  signer: z.string(),
  issuer: z.string(),
  signingTime: z.string().optional(),
  subFilter: z.string().optional(),
  reason: z.string().optional(),
  digestMatches: z.boolean(),
  signatureValid: z.boolean(),
  byteRangeOk: z.boolean(),
  changedAfter: z.boolean(),
  pades: z.object({ signingCertificateV2: z.boolean(), signingTimeAttribute: z.boolean() }),
  /** RFC 3161 time (PAdES B-T), when present. */
  timestamp: z.string().optional(),
  /** valid | tampered (bytes changed) | bad-signature | bad-byte-range | unsupported (cannot be checked) | unreadable. */
  status: z.enum(['valid', 'tampered', 'bad-signature', 'bad-byte-range', 'unsupported', 'unreadable']).optional(),
  /** e.g. "ECDSA, SHA-384". */
  algorithm: z.string().optional(),
  weakDigest: z.boolean().optional(),
  intact: z.boolean(),
  summary: z.string(),
});

export const signingMethods = {
  'signing.tokens': method({
    summary: 'PKCS#11 modules found (vendor list + configured path) and the tokens plugged in, with PIN flags',
    input: z.object({}),
    output: z.object({
      tokens: z.array(TokenSchema),
      modules: z.array(z.object({ vendor: z.string(), path: z.string() })),
      demoAvailable: z.boolean(),
    }),
    roles: STAFF,
  }),
  'signing.openSession': method({
    summary: 'Log in to a token once with the PIN (kept in memory only, never retried) or open the demo key',
    input: z.union([
      z.object({ module: z.string().min(1).max(500), token: z.string().min(1).max(64), pin: z.string().min(1).max(64) }),
      z.object({ demo: z.literal(true) }),
    ]),
    output: z.object({ sessionId: z.string(), certificate: SigningCertificateSchema, demo: z.boolean() }),
    roles: STAFF,
  }),
  'signing.closeSession': method({
    summary: 'End a signing session (logs out of the token)',
    input: z.object({ sessionId: z.string() }),
    output: z.null(),
    roles: STAFF,
  }),
  'signing.sign': method({
    summary: 'Sign stored PDFs with one session (PAdES B-B, incremental); stops cleanly if the token is pulled',
    input: z.object({
      sessionId: z.string(),
      sha256s: z.array(Sha256Schema).min(1).max(200),
      copyType: CopyTypeSchema.optional(),
      reason: z.string().max(200).optional(),
      /** On an original: signer and seal images (stored PNGs) where the officer placed them (points, page 0-based). */
      original: z
        .object({
          page: z.number().int().min(0),
          x: z.number().min(0),
          y: z.number().min(0),
          signerImageSha256: Sha256Schema.optional(),
          sealImageSha256: Sha256Schema.optional(),
        })
        .optional(),
      /** User password of encrypted PDFs; an encrypted file is signed as a decrypted copy. */
      password: z.string().max(128).optional(),
    }),
    output: z.object({
      /** decrypted: the stored file was encrypted and a decrypted copy was signed. */
      signed: z.array(z.object({ from: Sha256Schema, to: Sha256Schema, size: z.number().int(), decrypted: z.boolean().optional() })),
      stopped: z.object({ sha256: Sha256Schema, message: z.string() }).optional(),
    }),
    roles: STAFF,
  }),
  'signing.verify': method({
    summary: 'Check every signature of a stored PDF: signer, time, digest over the byte range, changes after it',
    input: z.object({ sha256: Sha256Schema }),
    output: z.object({ signatures: z.array(SignatureCheckSchema), allIntact: z.boolean() }),
    roles: STAFF,
  }),
};

export const signingEvents = {
  'signing.progress': z
    .object({ sessionId: z.string(), done: z.number().int(), total: z.number().int() })
    .describe('Batch signing progress: files signed so far'),
};
