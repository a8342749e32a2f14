import type { Page } from '@playwright/test';

/**
 * Types `text` and Enter the way a keyboard-wedge scanner does: one key event per character, a few ms
 * apart, with no element holding the focus. Goes through the DevTools protocol because Playwright's
 * keyboard only knows US-layout keys; a scanner sends Vietnamese letters as key events carrying the
 * character (Windows VK_PACKET), which is what this dispatches.
 */
export async function scanWedge(page: Page, text: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  // Each event carries the time the scanner would have sent it (5 ms apart), as the OS stamps real key
  // events; otherwise a busy test machine's round trips would stretch the burst.
  const start = Date.now() / 1000;
  let n = 0;
  const at = () => start + 0.005 * n++;
  try {
    for (const char of text) {
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: char, text: char, unmodifiedText: char, timestamp: at() });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: char, timestamp: at() });
    }
    await cdp.send('Input.dispatchKeyEvent', {
      type: 'keyDown',
      key: 'Enter',
      code: 'Enter',
      windowsVirtualKeyCode: 13,
      text: '\r',
      timestamp: at(),
    });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, timestamp: at() });
  } finally {
    await cdp.detach();
  }
}
