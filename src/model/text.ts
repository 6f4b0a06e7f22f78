// Text from files, made safe to show: cut to a length, and with the characters
// that hide or reorder text shown as what they are. React escapes HTML; these
// keep a name from breaking the layout or posing as another.

/** At most `max` characters (UTF-16 units; a surrogate pair is not split), with an ellipsis when cut. */
/** What went wrong, as words: an Error's message, or the thrown value as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function clipText(text: string, max = 200): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * Control characters, bidirectional overrides and isolates, zero-width and
 * other invisible formatting characters, as `\u202E`: a service called
 * "pay\u202Emnet" cannot read as another, and a tab or a line break cannot
 * break a row. Ordinary spaces and printable text are left alone.
 */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- these are exactly the characters to show
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;

export function visibleText(text: string): string {
  INVISIBLE.lastIndex = 0;
  if (!INVISIBLE.test(text)) return text;
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** A name from a file, ready for one line of the page: invisible characters shown, cut to `max`. */
export function displayName(text: string, max = 200): string {
  return clipText(visibleText(text), max);
}

/** A JSON value quoted briefly for a message: never more than about 60 characters of it. */
export function briefValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(clipText(visibleText(value), 40));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}
