import { create } from 'zustand';
import { en } from './en';
import { vi, type MessageKey } from './vi';
import { vnDateTimeText } from '../../shared/vn-time';

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
  return vnDateTimeText(iso);
}

export type { MessageKey };
