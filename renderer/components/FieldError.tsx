/**
 * A field's own Vietnamese message, next to it (issue #13): the contract's `details` mapped to the
 * field, or the form's own check. Linked to the field by `id` (aria-describedby).
 */
export function FieldError({ message, id, testId }: { message: string | undefined; id?: string; testId?: string }) {
  return message ? (
    <span className="err field-error" id={id} data-testid={testId}>
      {message}
    </span>
  ) : null;
}
