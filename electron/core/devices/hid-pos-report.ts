/**
 * Reassembles the scanned-data input reports of a USB HID-POS bar code reader
 * (HID usage page 0x8C "Bar Code Scanner") into one read. Pure: bytes in, reads
 * out, so recorded report sequences test it without a device.
 *
 * Sources of the layouts (64-byte input report, byte 0 the report ID as
 * node-hid hands it over):
 *  - USB-IF "HID Point of Sale Usage Tables" 1.02 (pos1_02.pdf), usage page
 *    0x8C: Scanned Data Report (0x12) with Symbology Identifier 1–3 (0xFB–0xFD),
 *    Decoded Data (0xFE) and Decoded Data Continued (0xFF).
 *  - "aim": Honeywell's USB HID POS interface (menu PAP131) and the readers that
 *    copy it, as documented by Access-IS (ATR110/LSR116/LSR118 product manuals,
 *    appendix "HID reports — receive data"): [0] report ID 0x02, [1] length of
 *    the data field, [2..4] AIM symbology identifier (`]`, letter, modifier),
 *    [5..60] up to 56 data bytes, [61] the vendor's own symbology code (Honeywell
 *    code ID, e.g. `s` for QR), [62] reserved, [63] bit 0 "data continued".
 *  - "newland": Newland readers (NLS-FM420 Integration Guide, "USB Interface →
 *    HID-POS → Getting Scanned Data"; the same table in the FM430 and in OEM
 *    engines such as the QUIO QU-R-302 manual "Acquire Scanned Data"; Newland's
 *    wiki "How to send and acquire data in HID POS": in report ID 0x02, out 0x04;
 *    vendor ID 0x1EAB, HID-POS product IDs such as 0x0D10): [0] report ID 0x02,
 *    [1] length, [2..57] up to 56 data bytes, [58..61] reserved, [62] Newland
 *    symbology ID or 0x00, [63] bit 0 "decoded data continued".
 * Every report of a long read repeats the symbology fields; the last one has
 * the continued bit clear and its unused data bytes zero.
 */

export type HidPosLayout = 'aim' | 'newland';

export const SCANNED_DATA_REPORT_ID = 0x02;
export const REPORT_BYTES = 64;
/** A CCCD QR is ~150–300 bytes; anything past this is a stuck or hostile device. */
export const MAX_READ_BYTES = 8 * 1024;

interface LayoutSpec {
  dataStart: number;
  dataCapacity: number;
  vendorCodeAt: number;
  aim: boolean;
}

const LAYOUTS: Record<HidPosLayout, LayoutSpec> = {
  aim: { dataStart: 5, dataCapacity: 56, vendorCodeAt: 61, aim: true },
  newland: { dataStart: 2, dataCapacity: 56, vendorCodeAt: 62, aim: false },
};
const CONTINUED_AT = 63;

/** USB vendor IDs whose HID-POS reports follow the Newland layout; every other reader is read as "aim". */
const NEWLAND_VENDORS: ReadonlySet<number> = new Set([0x1eab]);

export function layoutForVendor(vendorId: number): HidPosLayout {
  return NEWLAND_VENDORS.has(vendorId) ? 'newland' : 'aim';
}

export interface Symbology {
  /** AIM identifier such as `]Q1` (QR), `]C0` (Code 128); null when the reader sends none. */
  aim: string | null;
  /** The vendor's own one-byte code (Honeywell code ID, Newland ID); null when 0. */
  vendorCode: string | null;
}

export type AssemblerOutput =
  { kind: 'read'; bytes: Uint8Array; symbology: Symbology; reports: number } | { kind: 'garbage'; reason: string };

/** AIM symbology identifiers start with `]` then a letter and a modifier character (ISO/IEC 15424). */
function aimOf(report: Uint8Array): string | null {
  if (report[2] !== 0x5d) return null;
  return String.fromCharCode(report[2]!, report[3]!, report[4]!);
}

function vendorCodeOf(report: Uint8Array, spec: LayoutSpec): string | null {
  const code = report[spec.vendorCodeAt] ?? 0;
  return code >= 0x21 && code <= 0x7e ? String.fromCharCode(code) : null;
}

/** True for a QR Code read: AIM `]Q`, Honeywell code ID `s`, Newland ID `Q`. */
export function isQrSymbology(symbology: Symbology, layout: HidPosLayout): boolean {
  if (symbology.aim) return symbology.aim.startsWith(']Q');
  return symbology.vendorCode === (layout === 'newland' ? 'Q' : 's');
}

export class HidPosAssembler {
  private readonly spec: LayoutSpec;
  private chunks: Uint8Array[] = [];
  private size = 0;
  private symbology: Symbology | null = null;

  constructor(readonly layout: HidPosLayout) {
    this.spec = LAYOUTS[layout];
  }

  /** True while a read is half assembled (a continued report came, its end not yet). */
  get pending(): boolean {
    return this.chunks.length > 0;
  }

  /** Feeds one input report; answers a finished read, a refusal, or null while waiting for more. */
  push(report: Uint8Array): AssemblerOutput | null {
    if (report.length === 0) return null;
    // Other reports of the interface (attributes, status, a keyboard collection) are not reads.
    if (report[0] !== SCANNED_DATA_REPORT_ID) return null;
    if (report.length < REPORT_BYTES) return this.fail(`report of ${report.length} bytes, expected ${REPORT_BYTES}`);
    const length = report[1]!;
    if (length > this.spec.dataCapacity) return this.fail(`length byte ${length} exceeds ${this.spec.dataCapacity}`);
    const continued = (report[CONTINUED_AT]! & 0x01) === 1;
    if (continued && length === 0) return this.fail('continued report without data');
    const symbology: Symbology = { aim: this.spec.aim ? aimOf(report) : null, vendorCode: vendorCodeOf(report, this.spec) };
    if (this.symbology && !sameSymbology(this.symbology, symbology)) {
      return this.fail('symbology changed in the middle of a read');
    }
    this.symbology ??= symbology;
    this.chunks.push(report.slice(this.spec.dataStart, this.spec.dataStart + length));
    this.size += length;
    if (this.size > MAX_READ_BYTES) return this.fail(`read longer than ${MAX_READ_BYTES} bytes`);
    if (continued) return null;
    return this.finish();
  }

  /** A read whose last report never came (unplugged, or the reader lost it): dropped with a reason. */
  abandon(): AssemblerOutput | null {
    if (!this.pending) return null;
    return this.fail(`read cut off after ${this.chunks.length} report(s)`);
  }

  private finish(): AssemblerOutput {
    const bytes = new Uint8Array(this.size);
    let offset = 0;
    for (const chunk of this.chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    const output: AssemblerOutput = {
      kind: 'read',
      bytes,
      symbology: this.symbology ?? { aim: null, vendorCode: null },
      reports: this.chunks.length,
    };
    this.reset();
    return output;
  }

  private fail(reason: string): AssemblerOutput {
    this.reset();
    return { kind: 'garbage', reason };
  }

  private reset(): void {
    this.chunks = [];
    this.size = 0;
    this.symbology = null;
  }
}

function sameSymbology(a: Symbology, b: Symbology): boolean {
  return a.aim === b.aim && a.vendorCode === b.vendorCode;
}

/**
 * Decodes a read's bytes as UTF-8. Invalid sequences become U+FFFD, which the
 * read check (shared/domain/code-read-check.ts) then refuses with advice,
 * rather than a silently wrong name.
 */
export function decodeRead(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
}

/** Builds the input reports a reader would send for `data` (tests, the fuzz target, the simulated reader). */
export function encodeReports(
  data: Uint8Array,
  layout: HidPosLayout,
  symbology: Symbology = { aim: ']Q1', vendorCode: 's' },
): Uint8Array[] {
  const spec = LAYOUTS[layout];
  const reports: Uint8Array[] = [];
  for (let offset = 0; offset < data.length || reports.length === 0; offset += spec.dataCapacity) {
    const chunk = data.subarray(offset, offset + spec.dataCapacity);
    const report = new Uint8Array(REPORT_BYTES);
    report[0] = SCANNED_DATA_REPORT_ID;
    report[1] = chunk.length;
    if (spec.aim && symbology.aim) report.set(new TextEncoder().encode(symbology.aim.slice(0, 3)), 2);
    report.set(chunk, spec.dataStart);
    if (symbology.vendorCode) report[spec.vendorCodeAt] = symbology.vendorCode.charCodeAt(0);
    report[CONTINUED_AT] = offset + spec.dataCapacity < data.length ? 1 : 0;
    reports.push(report);
  }
  return reports;
}
