/**
 * The Electron app's first-run choice (issue #10): the hall's hub (also the
 * single-desk commune, nothing to configure) or a workstation of a hall's hub.
 * The choice lives in userData; the workstation's credential does not (the OS
 * key store, desktop-secrets.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeAtomically } from './core/files/durable-write';
import type { HallRoleConfig } from './core/hall-link/hall-config';

export const MAX_STATION = 60;

export const DesktopRoleSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('hub') }),
  z.object({ role: z.literal('workstation'), hubUrl: z.url({ protocol: /^https$/ }), station: z.number().int().min(0).max(MAX_STATION) }),
]);
export type DesktopRole = z.infer<typeof DesktopRoleSchema>;

export const HUB_CHOICE = 'Máy chủ sảnh / một quầy';
export const WORKSTATION_CHOICE = 'Máy trạm của sảnh';

export function desktopRoleFile(userData: string): string {
  return path.join(userData, 'hall-role.json');
}

/** null on first run; a damaged file is asked again rather than guessed. */
export function loadDesktopRole(userData: string): DesktopRole | null {
  let text: string;
  try {
    text = fs.readFileSync(desktopRoleFile(userData), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = DesktopRoleSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveDesktopRole(userData: string, role: DesktopRole): void {
  fs.mkdirSync(userData, { recursive: true });
  writeAtomically(desktopRoleFile(userData), Buffer.from(JSON.stringify(role), 'utf8'));
}

/** The core's hall role for the stored choice. */
export function hallRoleOf(role: DesktopRole): { hall: HallRoleConfig; station: number } {
  if (role.role === 'hub') return { hall: { role: 'hub', tlsPort: null }, station: 0 };
  return { hall: { role: 'workstation', hubUrl: role.hubUrl, reportEveryMs: 30_000 }, station: role.station };
}

/**
 * The join form posts to this address, which nothing answers: main reads the
 * form from the navigation and cancels it, so the page needs no preload or IPC.
 */
export const JOIN_FORM_ACTION = 'https://motcua-join.invalid/';

const JoinFormSchema = z.object({
  hub: z.string().trim().min(1, 'Hãy nhập địa chỉ máy chủ sảnh.'),
  code: z.string().trim().min(1, 'Hãy nhập mã ghép nối.'),
  station: z.coerce
    .number({ error: `Số máy trạm là một số từ 1 đến ${MAX_STATION}.` })
    .int(`Số máy trạm là một số từ 1 đến ${MAX_STATION}.`)
    .min(1, `Số máy trạm là một số từ 1 đến ${MAX_STATION}.`)
    .max(MAX_STATION, `Số máy trạm là một số từ 1 đến ${MAX_STATION}.`),
});
export type JoinForm = z.infer<typeof JoinFormSchema>;

/** The form's answer, a Vietnamese refusal, or null for any other navigation. */
export function parseJoinNavigation(url: string): { form: JoinForm } | { error: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.origin !== new URL(JOIN_FORM_ACTION).origin) return null;
  const answer = JoinFormSchema.safeParse(Object.fromEntries(parsed.searchParams));
  if (!answer.success) return { error: answer.error.issues[0]?.message ?? 'Thông tin ghép nối không hợp lệ.' };
  const hub = /^https?:\/\//i.test(answer.data.hub) ? answer.data.hub : `https://${answer.data.hub}`;
  return { form: { ...answer.data, hub } };
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The join page: a plain form, no script; its own CSP since a data: page gets no response headers. */
export function joinFormPage(error: string | null, previous?: Partial<Record<'hub' | 'code' | 'station', string>>): string {
  const value = (key: 'hub' | 'code' | 'station') => escapeHtml(previous?.[key] ?? '');
  const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; form-action ${JOIN_FORM_ACTION}">
<title>Một Cửa — ghép nối máy trạm</title>
<style>body{font:16px system-ui,sans-serif;margin:2rem;max-width:34rem}label{display:block;margin-top:1rem}input{width:100%;font-size:1rem;padding:.4rem}
p.error{color:#a40000;font-weight:600}button{margin-top:1.5rem;font-size:1rem;padding:.5rem 1.5rem}</style></head><body>
<h1>Ghép nối máy trạm với máy chủ sảnh</h1>
<p>Lấy mã ghép nối ở trang Giám sát → Ghép nối thiết bị của máy chủ sảnh (vai trò: máy trạm).</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form action="${JOIN_FORM_ACTION}" method="get">
<label for="hub">Địa chỉ máy chủ sảnh (https://MÁY:CỔNG)</label><input id="hub" name="hub" required value="${value('hub')}" placeholder="https://192.168.1.10:8443">
<label for="code">Mã ghép nối</label><input id="code" name="code" required value="${value('code')}" autocomplete="off">
<label for="station">Số máy trạm (quầy) trong sảnh</label><input id="station" name="station" required inputmode="numeric" value="${value('station')}">
<button type="submit">Ghép nối</button></form></body></html>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}
