/**
 * Tags typed the way Jaeger UI takes them: logfmt, `key=value` pairs separated
 * by spaces, either side quoted when it holds spaces:
 * `http.status_code=500 error=true "key with space"="v"`.
 */
export function parseLogfmt(text: string): { tags: Record<string, string> } | { error: string } {
  const tags: Record<string, string> = {};
  let i = 0;
  const n = text.length;
  const readToken = (): string | null => {
    if (text[i] === '"') {
      let out = '';
      i++;
      while (i < n && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < n) i++;
        out += text[i++];
      }
      if (text[i] !== '"') return null;
      i++;
      return out;
    }
    const start = i;
    while (i < n && text[i] !== '=' && !/\s/.test(text[i] as string)) i++;
    return text.slice(start, i);
  };
  while (i < n) {
    while (i < n && /\s/.test(text[i] as string)) i++;
    if (i >= n) break;
    const keyAt = i;
    const key = readToken();
    if (key === null) return { error: `an opening quote at ${keyAt + 1} is never closed` };
    if (text[i] !== '=' || key === '')
      return { error: `expected key=value at ${keyAt + 1} ("${text.slice(keyAt, keyAt + 20)}")` };
    i++;
    const value = readToken();
    if (value === null) return { error: `an opening quote after "${key}=" is never closed` };
    tags[key] = value;
  }
  return { tags };
}

export function formatLogfmt(tags: Record<string, string>): string {
  const quote = (s: string) => (/[\s="]/.test(s) || s === '' ? `"${s.replace(/["\\]/g, '\\$&')}"` : s);
  return Object.entries(tags)
    .map(([k, v]) => `${quote(k)}=${quote(v)}`)
    .join(' ');
}
