import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { allClips, announcementFor } from '../shared/queue/announce';

const DIR = path.resolve(import.meta.dirname, '../resources/voice');

it('every clip the display can ask for is shipped as a small mono WAV', () => {
  for (const name of Object.keys(allClips())) {
    const wav = fs.readFileSync(path.join(DIR, `${name}.wav`));
    expect(wav.subarray(0, 4).toString()).toBe('RIFF');
    expect(wav.readUInt16LE(22)).toBe(1); // mono
    const seconds = wav.readUInt32LE(40) / wav.readUInt32LE(28);
    expect(seconds).toBeGreaterThan(0.05);
    expect(seconds).toBeLessThan(3);
    expect(wav.length).toBeLessThan(30_000);
  }
  // The example sentence can be said with what is shipped.
  for (const clip of announcementFor('1023', 5).clips) expect(fs.existsSync(path.join(DIR, `${clip}.wav`))).toBe(true);
});
