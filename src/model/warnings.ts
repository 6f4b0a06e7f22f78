import type { Warning } from './trace';

/** Warnings of one code kept per file; past it, one line says how many more there were. */
export const WARNINGS_PER_CODE = 100;

/**
 * A file's warnings with at most WARNINGS_PER_CODE of each code: a file of
 * 100,000 broken spans says so in a few lines, not 100,000. The count of the
 * rest is kept, so no problem goes unsaid.
 */
export function capWarnings(list: readonly Warning[]): Warning[] {
  const seen = new Map<Warning['code'], number>();
  const out: Warning[] = [];
  for (const w of list) {
    const n = (seen.get(w.code) ?? 0) + 1;
    seen.set(w.code, n);
    if (n <= WARNINGS_PER_CODE) out.push(w);
  }
  for (const [code, n] of seen) {
    if (n > WARNINGS_PER_CODE)
      out.push({
        code,
        message: `…and ${(n - WARNINGS_PER_CODE).toLocaleString('en-US')} more warnings like the ones above (${n.toLocaleString('en-US')} in all)`,
      });
  }
  return out;
}
