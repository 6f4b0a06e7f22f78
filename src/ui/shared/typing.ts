/** A key or paste that lands in a field (or a select, or editable text) is the field's, not a shortcut. */
export function inField(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('input, textarea, select, [contenteditable]') !== null;
}
