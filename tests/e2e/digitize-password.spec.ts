import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { loginAsAdmin } from './support/auth';

/** A two-page PDF with a user password, made by qpdf (as a portal would send it). */
function passwordPdf(password: string): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-e2e-pw-'));
  try {
    const plain = path.join(dir, 'plain.pdf');
    execFileSync('gs', [
      '-q',
      '-sDEVICE=pdfwrite',
      '-o',
      plain,
      '-c',
      '/Helvetica findfont 20 scalefont setfont 72 700 moveto (1) show showpage 72 700 moveto (2) show showpage',
    ]);
    const locked = path.join(dir, 'locked.pdf');
    execFileSync('qpdf', ['--encrypt', password, 'owner-pw', '256', '--', plain, locked]);
    return fs.readFileSync(locked);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Issue #14: a PDF that needs a user password asks for it; before, every encrypted PDF was refused outright.
test('importing a password-protected PDF asks for the password, then imports with it', async ({ page }) => {
  await loginAsAdmin(page);
  await page.goto('/#/counter');
  await page.getByRole('tab', { name: 'Số hóa' }).click();
  const file = { name: 'co-mat-khau.pdf', mimeType: 'application/pdf', buffer: passwordPdf('bimat') };
  await page.getByTestId('digitize-file').setInputFiles(file);
  await expect(page.getByTestId('digitize-error')).toContainText('hãy nhập mật khẩu');
  await expect(page.getByTestId('digitize-page')).toHaveCount(0);

  await page.getByTestId('digitize-pdf-password').fill('sai');
  await page.getByTestId('digitize-file').setInputFiles([]);
  await page.getByTestId('digitize-file').setInputFiles(file);
  await expect(page.getByTestId('digitize-error')).toContainText('Mật khẩu mở tệp PDF không đúng');

  await page.getByTestId('digitize-pdf-password').fill('bimat');
  await page.getByTestId('digitize-file').setInputFiles([]);
  await page.getByTestId('digitize-file').setInputFiles(file);
  await expect(page.getByTestId('digitize-page')).toHaveCount(2);
});
