import { useEffect, useId, useState } from 'react';
import { dateText, maskDate, maskTime, parseDateText, parseTimeText, type Parsed } from './date-time-text';
import { FieldError } from './FieldError';

interface TextFieldProps {
  /** yyyy-MM-dd for a date, HH:mm for a time; '' when empty. */
  value: string;
  /** Called with a valid value only ('' when cleared); an impossible one shows its message instead. */
  onChange: (value: string) => void;
  /** The accessible name when the input is not inside a <label>. */
  label?: string;
  testId?: string;
  /** A message from outside (the contract's `details` for this field). */
  error?: string;
}

interface Rule {
  length: number;
  placeholder: string;
  mask: (typed: string) => string;
  parse: (text: string) => Parsed;
  show: (value: string) => string;
}

const DATE: Rule = { length: 10, placeholder: 'dd/mm/yyyy', mask: maskDate, parse: parseDateText, show: dateText };
const TIME: Rule = { length: 5, placeholder: 'hh:mm', mask: maskTime, parse: parseTimeText, show: (v) => v };

/**
 * A text input that types and shows our own format, never the browser's locale (issue #13). The
 * message appears once the text is complete or the officer leaves the field.
 */
function MaskedInput({ rule, value, onChange, label, testId, error }: TextFieldProps & { rule: Rule }) {
  const [text, setText] = useState(() => rule.show(value));
  const [left, setLeft] = useState(false);
  const messageId = useId();
  const parsed = rule.parse(text);
  // A value changed from outside (a QR read, a reset) replaces the text unless the text already means it.
  useEffect(() => {
    const current = rule.parse(text);
    if (!current.ok || current.value !== value) setText(rule.show(value));
    // Only an outside change of `value` rewrites what the officer is typing, so `text` is not a dependency.
  }, [value]);
  const own = !parsed.ok && (left || text.length >= rule.length) ? parsed.message : undefined;
  const message = own ?? error;
  return (
    <span className="masked-input">
      <input
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={rule.placeholder}
        size={rule.length + 1}
        value={text}
        aria-label={label}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? messageId : undefined}
        data-testid={testId}
        onChange={(e) => {
          const next = rule.mask(e.target.value);
          setText(next);
          setLeft(false);
          const result = rule.parse(next);
          if (result.ok && result.value !== value) onChange(result.value);
        }}
        onBlur={() => setLeft(true)}
      />
      <FieldError message={message} id={messageId} testId={testId ? `${testId}-error` : undefined} />
    </span>
  );
}

/** dd/MM/yyyy typed and shown; the value is yyyy-MM-dd. */
export function DateInput(props: TextFieldProps) {
  return <MaskedInput rule={DATE} {...props} />;
}

/** HH:mm on a 24-hour clock. */
export function TimeInput(props: TextFieldProps) {
  return <MaskedInput rule={TIME} {...props} />;
}
