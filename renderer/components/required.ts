import { useState } from 'react';

/** The Vietnamese message for an empty required field: "Nhập tên đăng nhập." */
export function missingMessage(label: string, value: string): string | undefined {
  return value.trim() === '' ? `Nhập ${label.toLocaleLowerCase('vi')}.` : undefined;
}

/**
 * Required fields checked by us, not the browser (issue #13: Chromium said "Please fill out this
 * field" in the browser's language). Messages appear after the first submit and go as fields fill.
 */
export function useRequired(): {
  check: (values: readonly string[]) => boolean;
  message: (label: string, value: string) => string | undefined;
  reset: () => void;
} {
  const [tried, setTried] = useState(false);
  return {
    check: (values) => {
      setTried(true);
      return values.every((v) => v.trim() !== '');
    },
    message: (label, value) => (tried ? missingMessage(label, value) : undefined),
    reset: () => setTried(false),
  };
}
