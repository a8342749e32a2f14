import { bridge } from '../../../bridge';

/** Fetches a stored PDF and gives a blob: URL the page can show in a frame (and the browser can print). */
export async function pdfUrl(sha256: string): Promise<string> {
  const file = await bridge.call('files.get', { sha256 });
  const binary = atob(file.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
}

/** Reads a picked or dropped file into the content-addressed store. */
export async function storeFile(file: File): Promise<string> {
  const stored = await bridge.upload(new Uint8Array(await file.arrayBuffer()));
  return stored.sha256;
}

export function formatVnd(amount: number): string {
  return `${amount.toLocaleString('vi-VN')} đ`;
}

/** dd/MM/yyyy HH:mm from our +07:00 ISO strings, without time-zone conversions. */
export function vnDateTime(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}
