import { z } from 'zod';
import { COLOR_MODES, PAGE_SIZES, PAPER_SOURCES } from '../digitize-rules';
import { STAFF, method } from './define';
import { Sha256Schema } from './files';

const Id = z.string().min(1).max(64);

export const ScanProfileSchema = z.object({
  resolution: z.number().int().min(50).max(1200),
  colorMode: z.enum(COLOR_MODES),
  source: z.enum(PAPER_SOURCES),
  pageSize: z.enum(Object.keys(PAGE_SIZES) as [keyof typeof PAGE_SIZES, ...(keyof typeof PAGE_SIZES)[]]),
  jpegQuality: z.number().int().min(30).max(100),
});

export const ScanDeviceSchema = z.object({ id: z.string(), name: z.string(), driver: z.enum(['sane', 'naps2', 'escl', 'demo']) });

export const PageSchema = z.object({
  id: Id,
  /** The stored source: the image, or the whole imported PDF. */
  sha256: Sha256Schema,
  kind: z.enum(['jpeg', 'png', 'pdf']),
  pageIndex: z.number().int().nonnegative().optional(),
  widthPx: z.number().int().nonnegative(),
  heightPx: z.number().int().nonnegative(),
  dpi: z.number().positive(),
  rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
  blank: z.boolean(),
  coveragePercent: z.number(),
  /** Estimated skew in degrees (scanned images). */
  skewDegrees: z.number().optional(),
  thumbnailSha256: Sha256Schema.optional(),
});
export type Page = z.infer<typeof PageSchema>;

export const BatchSchema = z.object({
  id: Id,
  name: z.string(),
  createdAt: z.string(),
  pages: z.array(PageSchema),
  /** Set once built: the PDF in the file store. */
  output: z.object({ sha256: Sha256Schema, size: z.number().int(), signed: z.boolean() }).optional(),
});
export type Batch = z.infer<typeof BatchSchema>;

export const ScanStateSchema = z.enum(['scanning', 'done', 'cancelled', 'error']);

export const digitizeMethods = {
  'digitize.devices': method({
    summary: 'Scanners reachable now (SANE, NAPS2, eSCL) or the simulated demo scanner',
    input: z.object({}),
    output: z.object({ devices: z.array(ScanDeviceSchema), demo: z.boolean() }),
    roles: STAFF,
  }),
  'digitize.profile': method({
    summary: 'The scan profile remembered for a counter, with warnings against the digitized-copy rule',
    input: z.object({ counterId: z.string().max(64) }),
    output: z.object({ profile: ScanProfileSchema, warnings: z.array(z.string()) }),
    roles: STAFF,
  }),
  'digitize.saveProfile': method({
    summary: 'Remember a scan profile for a counter',
    input: z.object({ counterId: z.string().max(64), profile: ScanProfileSchema }),
    output: z.object({ profile: ScanProfileSchema, warnings: z.array(z.string()) }),
    roles: STAFF,
  }),
  'digitize.createBatch': method({
    summary: 'Start a scan batch (a loose document or a dossier component)',
    input: z.object({ name: z.string().min(1).max(200) }),
    output: BatchSchema,
    roles: STAFF,
  }),
  'digitize.batches': method({
    summary: 'Recent scan batches (newest first), including those a watched folder made',
    input: z.object({ limit: z.number().int().min(1).max(200).default(30) }),
    output: z.array(BatchSchema),
    roles: STAFF,
  }),
  'digitize.batch': method({
    summary: 'One scan batch with its pages',
    input: z.object({ batchId: Id }),
    output: BatchSchema,
    roles: STAFF,
  }),
  'digitize.scan': method({
    summary: 'Scan into a batch; pages arrive as digitize.progress events; answers a job id',
    input: z.object({ batchId: Id, deviceId: z.string().max(500).optional(), profile: ScanProfileSchema.optional() }),
    output: z.object({ jobId: Id }),
    roles: STAFF,
  }),
  'digitize.cancelScan': method({
    summary: 'Cancel a running scan; pages already scanned are kept',
    input: z.object({ jobId: Id }),
    output: z.null(),
    roles: STAFF,
  }),
  'digitize.import': method({
    summary: 'Import a PDF, JPEG, PNG or (multi-page) TIFF file into a batch',
    input: z.object({
      batchId: Id,
      name: z.string().max(260),
      base64: z.string().max(34_000_000, 'Tệp quá lớn (tối đa 24 MB)'),
      /** User password of an encrypted PDF (the pages are taken from a decrypted copy). */
      password: z.string().max(128).optional(),
    }),
    output: BatchSchema,
    roles: STAFF,
  }),
  'digitize.editPages': method({
    summary: 'Reorder, rotate and delete pages: the new order of page ids (missing ids are deleted)',
    input: z.object({ batchId: Id, pageIds: z.array(Id), rotations: z.record(z.string(), z.number().int()).optional() }),
    output: BatchSchema,
    roles: STAFF,
  }),
  'digitize.split': method({
    summary: 'Split a batch into several (one per dossier component) before the given pages',
    input: z.object({ batchId: Id, startPageIds: z.array(Id).min(1) }),
    output: z.array(BatchSchema),
    roles: STAFF,
  }),
  'digitize.build': method({
    summary: 'Assemble the batch into a PDF (worker thread), optionally skip blank pages and sign it',
    input: z.object({
      batchId: Id,
      title: z.string().min(1).max(300),
      dossierCode: z.string().max(64).optional(),
      author: z.string().max(200).optional(),
      skipBlank: z.boolean().default(false),
      /** Vietnamese OCR (Tesseract) adding an invisible text layer. */
      ocr: z.boolean().default(false),
      /** Re-encode pages as JPEG q60 for a smaller file (otherwise scans are embedded as they are). */
      smallerFile: z.boolean().default(false),
      /** Straighten pages scanned askew (those pages are re-encoded). */
      deskew: z.boolean().default(false),
      sign: z.object({ sessionId: Id, copyType: z.enum(['sao-y', 'trich-sao', 'sao-luc', 'so-hoa']).optional() }).optional(),
    }),
    output: z.object({ sha256: Sha256Schema, size: z.number().int(), pages: z.number().int(), signed: z.boolean() }),
    roles: STAFF,
  }),
};

export const digitizeEvents = {
  'digitize.progress': z
    .object({ jobId: Id, batchId: Id, pages: z.number().int(), state: ScanStateSchema, message: z.string().optional() })
    .describe('A scan job: one event per page and one at the end (done, cancelled or error with the pages kept)'),
  'digitize.batchChanged': BatchSchema.describe('A scan batch after a page arrived or was edited'),
};
