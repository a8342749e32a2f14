/**
 * The first-run choice of role (issue #10), asked in the main process: a
 * message box, then for a workstation a small form (hub address, join code,
 * station) and the pairing through join-hall.ts. The form is a data: page with
 * no script, preload or IPC: its submission is read from the navigation.
 */
import { BrowserWindow, dialog } from 'electron';
import os from 'node:os';
import { AppError } from '../shared/contract';
import { joinHall } from './core/hall-link/join-hall';
import type { CredentialStore } from './core/hall-link/hall-credential';
import { HUB_CHOICE, WORKSTATION_CHOICE, joinFormPage, parseJoinNavigation, type DesktopRole, type JoinForm } from './desktop-role';

const MAX_JOIN_ATTEMPTS = 10;

/** Hub or workstation; null when the officer closed the join form (the app then quits). */
export async function chooseDesktopRole(credentialsFor: (hubUrl: string) => CredentialStore): Promise<DesktopRole | null> {
  const { response } = await dialog.showMessageBox({
    type: 'question',
    title: 'Một Cửa — lần chạy đầu tiên',
    message: 'Máy tính này dùng trong sảnh như thế nào?',
    detail:
      `${HUB_CHOICE}: máy giữ hàng đợi và sổ hồ sơ của sảnh (xã chỉ có một quầy cũng chọn mục này).\n` +
      `${WORKSTATION_CHOICE}: máy quầy nối với máy chủ sảnh, cần địa chỉ máy chủ và mã ghép nối.`,
    buttons: [HUB_CHOICE, WORKSTATION_CHOICE],
    defaultId: 0,
    noLink: true,
  });
  if (response !== 1) return { role: 'hub' };
  let error: string | null = null;
  let previous: JoinForm | undefined;
  for (let attempt = 0; attempt < MAX_JOIN_ATTEMPTS; attempt++) {
    const answer = await askJoinForm(error, previous);
    if (answer === null) return null;
    if ('error' in answer) {
      error = answer.error;
      continue;
    }
    previous = answer.form;
    try {
      const joined = await joinHall({
        hubUrl: answer.form.hub,
        code: answer.form.code,
        name: `Máy trạm ${os.hostname()}`.slice(0, 80),
        store: credentialsFor(answer.form.hub),
      });
      return { role: 'workstation', hubUrl: joined.hubUrl, station: answer.form.station };
    } catch (failure) {
      error =
        failure instanceof AppError
          ? failure.message
          : 'Không kết nối được máy chủ sảnh: hãy kiểm tra địa chỉ, mạng và mã ghép nối rồi thử lại.';
      console.error('join-hall failed', failure);
    }
  }
  return null;
}

function askJoinForm(error: string | null, previous?: JoinForm): Promise<ReturnType<typeof parseJoinNavigation> | null> {
  return new Promise((resolve) => {
    const window = new BrowserWindow({
      width: 620,
      height: 560,
      title: 'Một Cửa — ghép nối máy trạm',
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false },
    });
    let settled = false;
    const settle = (value: ReturnType<typeof parseJoinNavigation> | null) => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    window.webContents.on('will-navigate', (event, url) => {
      const answer = parseJoinNavigation(url);
      event.preventDefault();
      if (answer === null) return;
      settle(answer);
      window.close();
    });
    window.on('closed', () => settle(null));
    void window.loadURL(joinFormPage(error, previous && { hub: previous.hub, code: previous.code, station: String(previous.station) }));
  });
}
