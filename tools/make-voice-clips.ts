/**
 * Makes the display board's voice: one short clip per word, letter and phrase
 * (shared/queue/announce.ts lists them), spoken by espeak-ng's Vietnamese voice
 * and stored as small WAV files in resources/voice/ (mono, 11 025 Hz, 8-bit).
 * The display joins them at run time; no network needed.
 *
 *   apt-get install espeak-ng && npx tsx tools/make-voice-clips.ts
 *
 * The clips are committed; CI does not run this. A real recording by a
 * Vietnamese speaker can replace any file with the same name.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { allClips } from '../shared/queue/announce';

const OUT = path.resolve(import.meta.dirname, '../resources/voice');
const RATE = 11_025;

/** PCM16 mono WAV from espeak-ng → trimmed, halved rate, 8-bit WAV. */
function shrink(wav: Buffer): Buffer {
  const dataAt = wav.indexOf('data') + 8;
  const sourceRate = wav.readUInt32LE(24);
  const samples = new Int16Array(wav.buffer.slice(wav.byteOffset + dataAt, wav.byteOffset + wav.length - ((wav.length - dataAt) % 2)));
  const step = sourceRate / RATE;
  const out: number[] = [];
  for (let i = 0; i + step <= samples.length; i += step) {
    let sum = 0;
    const from = Math.floor(i);
    const to = Math.floor(i + step);
    for (let j = from; j < to; j++) sum += samples[j] ?? 0;
    out.push(sum / Math.max(1, to - from));
  }
  // Trim silence at both ends, keep 30 ms.
  const loud = (v: number) => Math.abs(v) > 600;
  const first = Math.max(0, out.findIndex(loud) - Math.round(RATE * 0.03));
  let last = out.length - 1;
  while (last > first && !loud(out[last]!)) last -= 1;
  const trimmed = out.slice(first, Math.min(out.length, last + Math.round(RATE * 0.03)));
  const pcm = Buffer.from(trimmed.map((v) => Math.max(0, Math.min(255, Math.round(v / 256) + 128))));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36);
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}

fs.mkdirSync(OUT, { recursive: true });
let total = 0;
for (const [name, text] of Object.entries(allClips())) {
  const result = spawnSync('espeak-ng', ['-v', 'vi', '-s', '150', '--stdout', text]);
  if (result.status !== 0) {
    console.error(`espeak-ng không chạy được (${result.stderr.toString()}). Cài bằng: apt-get install espeak-ng`);
    process.exit(1);
  }
  const wav = shrink(result.stdout);
  fs.writeFileSync(path.join(OUT, `${name}.wav`), wav);
  total += wav.length;
}
console.log(`Đã tạo ${Object.keys(allClips()).length} đoạn âm thanh (${Math.round(total / 1024)} KB) trong ${OUT}`);
