/**
 * The one source of code reads: HID-POS readers (hid-reader.ts), serial readers
 * (dossier/qr-scanner.ts) and — on the screen itself — keyboard wedges all end
 * in the same check and the same two events. A chip ID card QR is checked
 * (shared/domain/code-read-check.ts) and parsed; anything else is a barcode
 * read (a receipt's dossier code, for lookup). Every event names the screen
 * the reader serves, so a read reaches that screen only.
 */
import type { ReadScreen } from '../../../shared/contract';
import { parseCccdQr } from '../../../shared/domain/cccd';
import { checkCccdRead, looksLikeCccd, type ReadOrigin } from '../../../shared/domain/code-read-check';
import type { EventBus } from '../events';

export interface CodeRead {
  origin: ReadOrigin;
  text: string;
  /** The reader said it was a QR Code (symbology identifier); serial readers do not say. */
  qr: boolean;
  /** The reader, for the officer and the log: device path or product name. */
  source: string;
}

export class CodeReads {
  private accepted = 0;
  private refused = 0;
  private lastRefusal: string | null = null;

  constructor(
    private readonly bus: EventBus,
    readonly screen: ReadScreen,
  ) {}

  accept(read: CodeRead): void {
    if (read.qr || looksLikeCccd(read.text)) {
      const check = checkCccdRead(read.text, read.origin);
      if (!check.ok) return this.refuse(read.source, check.error);
      const result = parseCccdQr(check.text);
      if (result.ok) this.accepted++;
      else this.lastRefusal = result.error;
      this.bus.emit('dossier.qrScanned', { source: read.source, result, screen: this.screen });
      return;
    }
    this.accepted++;
    this.bus.emit('dossier.barcodeScanned', { source: read.source, text: read.text.replace(/[\r\n]+$/, ''), screen: this.screen });
  }

  /** A read that could not be assembled (cut off, garbage): the officer is told to scan again. */
  refuse(source: string, error: string): void {
    this.refused++;
    this.lastRefusal = error;
    this.bus.emit('dossier.qrScanned', { source, result: { ok: false, error }, screen: this.screen });
  }

  stats(): { accepted: number; refused: number; lastRefusal: string | null } {
    return { accepted: this.accepted, refused: this.refused, lastRefusal: this.lastRefusal };
  }
}
