// Id normalisation (FORMATS.md §0): every id becomes lower-case hex, trace ids
// padded to 32 characters and span ids to 16. Empty and all-zero ids are absent ('').

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

function base64ToHex(text: string): string | null {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  const padded = standard + '='.repeat((4 - (standard.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    return null;
  }
  let hex = '';
  for (let i = 0; i < binary.length; i++) hex += binary.charCodeAt(i).toString(16).padStart(2, '0');
  return hex;
}

/** Already canonical: lower-case hex of the full width, not all zeros. The common case, checked without regexes. */
function isCanonical(text: string, width: number): boolean {
  if (text.length !== width) return false;
  let nonZero = false;
  for (let i = 0; i < width; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (c !== 0x30) nonZero = true;
    } else if (c >= 0x61 && c <= 0x66) nonZero = true;
    else return false;
  }
  return nonZero;
}

function normalizeId(raw: string, width: number): string {
  if (isCanonical(raw, width)) return raw;
  let text = raw.trim();
  if (text.startsWith('0x') || text.startsWith('0X')) text = text.slice(2);
  if (text === '') return '';
  let hex: string | null = null;
  if (HEX.test(text) && (text.length === 16 || text.length === 32)) hex = text;
  else if (
    (text.length === 12 || text.length === 24 || text.length === 11 || text.length === 22) &&
    BASE64.test(text)
  ) {
    hex = base64ToHex(text);
  } else if (HEX.test(text) && text.length < width) hex = text;
  else if (BASE64.test(text) && text.length % 4 === 0) hex = base64ToHex(text);
  if (hex === null) return text.toLowerCase();
  hex = hex.toLowerCase();
  if (hex.length < width) hex = hex.padStart(width, '0');
  if (/^0+$/.test(hex)) return '';
  return hex;
}

// The last trace id asked for and its answer: the spans of a file come trace by trace, and the row readers hand over
// one string for a trace id a batch repeats, so most calls are answered by one comparison.
let lastTraceRaw = '';
let lastTraceId = '';

export function normalizeTraceId(raw: string): string {
  if (raw === lastTraceRaw) return lastTraceId;
  lastTraceId = normalizeId(raw, 32);
  lastTraceRaw = raw;
  return lastTraceId;
}

export function normalizeSpanId(raw: string): string {
  return normalizeId(raw, 16);
}

/**
 * A short form for display: the first 7 characters, like git's abbreviation, after the zeros a 64-bit id is padded
 * with to 32 hex digits (so `0000…00abc1234` reads `abc1234`, not `0000000`).
 */
export function shortId(id: string): string {
  const bare = id.replace(/^0+(?=.{7})/, '');
  return bare.length > 7 ? bare.slice(0, 7) : bare;
}
