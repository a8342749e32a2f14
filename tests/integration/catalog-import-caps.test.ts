import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract';
import { zipUnpackedSize } from '../../electron/core/catalog/catalog-import';
import { testCore } from '../support/core';
import { longestStall } from '../support/stall';

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** A one-entry zip (stored, not compressed) whose central directory declares `declared` bytes unpacked. */
function zipDeclaring(declared: number): Buffer {
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const data = Buffer.from('<x/>');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(name.length, 28);
  const cdOffset = local.length + name.length + data.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(central.length + name.length, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, name, data, central, name, eocd]);
}

describe('catalog import runs off the main thread, with caps', () => {
  // Repro (issue 11): a 20 MB CSV of newlines froze the hub for 69 s; parsing ran on the main thread uncapped.
  it('refuses a 20 MB CSV of newlines in Vietnamese without stalling the event loop', async () => {
    const core = testCore();
    try {
      let error: AppError | undefined;
      const stall = await longestStall(async () => {
        error = await refusal(core.catalog.import('csv', Buffer.alloc(20 * 1024 * 1024, '\n')));
      });
      expect(error?.message).toContain('quá 50.000 dòng');
      expect(stall).toBeLessThan(500);
    } finally {
      await core.close();
    }
  }, 60_000);

  it('refuses too many rows in JSON and an oversize file', async () => {
    const core = testCore();
    try {
      const many = JSON.stringify(Array.from({ length: 50_001 }, () => ({})));
      expect((await refusal(core.catalog.import('json', Buffer.from(many)))).message).toContain('dòng');
      expect((await refusal(core.catalog.import('csv', Buffer.alloc(21 * 1024 * 1024, 'a')))).message).toContain('lớn quá 20 MB');
    } finally {
      await core.close();
    }
  }, 60_000);

  // Repro (issue 11): a 1 MB XLSX that unpacks to 1 GB reached 3.1 GB RSS.
  it('refuses an XLSX whose entries unpack to more than 100 MB, before unpacking', async () => {
    const bomb = zipDeclaring(1024 * 1024 * 1024);
    expect(zipUnpackedSize(bomb)).toBe(1024 * 1024 * 1024);
    const core = testCore();
    try {
      const before = process.memoryUsage().rss;
      expect((await refusal(core.catalog.import('xlsx', bomb))).message).toContain('giải nén lớn quá 100 MB');
      expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    } finally {
      await core.close();
    }
  }, 60_000);
});
