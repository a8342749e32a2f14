interface FileButtonProps {
  /** Vietnamese text on the button; also the input's accessible name. */
  label: string;
  accept: string;
  multiple?: boolean;
  /** Greyed out until the form holds what the file belongs to (a supplement's name). */
  disabled?: boolean;
  testId?: string;
  onFiles: (files: File[]) => void;
}

/**
 * A file picker with our own Vietnamese button instead of the browser's "Choose File" (issue #13). The
 * input stays in the Tab order (visually hidden, not `hidden`), so keyboard users can open it with
 * Enter or Space (issue #17: `hidden` inputs could not be reached without a mouse).
 */
export function FileButton({ label, accept, multiple = false, disabled = false, testId, onFiles }: FileButtonProps) {
  return (
    <label className={disabled ? 'button file-button disabled' : 'button file-button'}>
      {label}
      <input
        type="file"
        className="sr-only"
        accept={accept}
        multiple={multiple}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          // Emptied so that choosing the same file again (a re-sent acknowledgement) fires a change again.
          e.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </label>
  );
}
