/**
 * The display board's voice: announcements are queued and said one at a time
 * (never overlapping) by chaining pre-recorded clips (resources/voice), as
 * NovoSGA does; the browser's speech synthesis only when a clip cannot play.
 */
import { create } from 'zustand';
import { announcementFor, type Announcement } from '../../../shared/queue/announce';
import type { Call } from '../../../shared/contract';

// Vite copies the clips with the build (small ones are inlined as data: URLs).
const CLIP_URLS = import.meta.glob('../../../resources/voice/*.wav', { eager: true, query: '?url', import: 'default' }) as Record<
  string,
  string
>;

function clipUrl(name: string): string | undefined {
  return CLIP_URLS[`../../../resources/voice/${name}.wav`];
}

// The page's CSP allows media from 'self' and blob: only, so inlined data: clips become blob: URLs.
const blobCache = new Map<string, string>();
function playableUrl(url: string): string {
  if (!url.startsWith('data:')) return url;
  const cached = blobCache.get(url);
  if (cached) return cached;
  const [head, body = ''] = url.split(',');
  const mime = /data:([^;]+)/.exec(head ?? '')?.[1] ?? 'audio/wav';
  const binary = atob(body);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const blob = URL.createObjectURL(new Blob([bytes], { type: mime }));
  blobCache.set(url, blob);
  return blob;
}

export interface QueuedAnnouncement extends Announcement {
  callId: string;
}

interface AnnouncerState {
  speaking: QueuedAnnouncement | null;
  queue: QueuedAnnouncement[];
  /** How the last announcement was said: clips, speech synthesis, or silently (sound blocked). */
  lastMode: 'clips' | 'speech' | 'silent' | null;
  spoken: number;
}

export const useAnnouncer = create<AnnouncerState>(() => ({ speaking: null, queue: [], lastMode: null, spoken: 0 }));

const seen = new Set<string>();
let running = false;

function playClip(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const audio = new Audio(playableUrl(url));
    const timer = setTimeout(() => reject(new Error('clip timeout')), 4000);
    audio.onended = () => {
      clearTimeout(timer);
      resolve();
    };
    audio.onerror = () => {
      clearTimeout(timer);
      reject(new Error('clip error'));
    };
    audio.play().catch((error: unknown) => {
      clearTimeout(timer);
      reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
}

function speak(text: string): Promise<boolean> {
  const synth = typeof window !== 'undefined' ? window.speechSynthesis : undefined;
  if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return Promise.resolve(false);
  return new Promise((resolve) => {
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = 'vi-VN';
    const timer = setTimeout(() => resolve(false), 8000);
    utterance.onend = () => {
      clearTimeout(timer);
      resolve(true);
    };
    utterance.onerror = () => {
      clearTimeout(timer);
      resolve(false);
    };
    synth.speak(utterance);
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function say(item: QueuedAnnouncement): Promise<AnnouncerState['lastMode']> {
  const urls = item.clips.map(clipUrl);
  if (urls.every((u): u is string => Boolean(u))) {
    try {
      for (const url of urls) await playClip(url);
      return 'clips';
    } catch {
      // Autoplay blocked or a clip failed: fall back below.
    }
  }
  if (await speak(item.text)) return 'speech';
  // No sound at all: keep the line on screen about as long as the voice would take, so calls never pile up unseen.
  await pause(2500);
  return 'silent';
}

async function drain(): Promise<void> {
  if (running) return;
  running = true;
  try {
    for (;;) {
      const [next, ...rest] = useAnnouncer.getState().queue;
      if (!next) break;
      useAnnouncer.setState({ speaking: next, queue: rest });
      const mode = await say(next);
      useAnnouncer.setState((s) => ({ speaking: null, lastMode: mode, spoken: s.spoken + 1 }));
      await pause(500);
    }
  } finally {
    running = false;
  }
}

/** Queues the announcement of a call (each call once, even if its event arrives twice). */
export function announce(call: Call): void {
  if (seen.has(call.callId)) return;
  seen.add(call.callId);
  const item: QueuedAnnouncement = { callId: call.callId, ...announcementFor(call.number, call.counterNumber) };
  useAnnouncer.setState((s) => ({ queue: [...s.queue, item] }));
  void drain();
}
