import { create } from 'zustand';
import { en } from './en';
import { vi, type MessageKey } from './vi';

export type Locale = 'vi' | 'en';

interface LocaleState {
  locale: Locale;
  setLocale: (locale: Locale) => void;
}

const STORAGE_KEY = 'motcua.locale';

export const useLocale = create<LocaleState>((set) => ({
  locale: localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi',
  setLocale: (locale) => {
    localStorage.setItem(STORAGE_KEY, locale);
    document.documentElement.lang = locale;
    set({ locale });
  },
}));

/** Translates a key; English falls back to Vietnamese where a string is missing. */
export function translate(locale: Locale, key: MessageKey): string {
  return (locale === 'en' ? en[key] : undefined) ?? vi[key];
}

export function useT(): (key: MessageKey) => string {
  const locale = useLocale((s) => s.locale);
  return (key) => translate(locale, key);
}

/** dd/MM/yyyy HH:mm, 24-hour, Vietnam time: the format officers read every day. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  const parts = new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} ${get('hour')}:${get('minute')}`;
}

export type { MessageKey };
