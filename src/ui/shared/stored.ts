// Choices a person makes (a column's width, a panel shut, the theme, the time
// zone) are kept per browser in localStorage; a full or disabled storage keeps
// them for the page.
import { useCallback, useState } from 'react';

/** The text kept under `key`, or null (never kept, or storage disabled). */
export function readStoredText(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Keeps `value` under `key` (null forgets it); storage full or disabled: the choice holds for this page only. */
export function writeStoredText(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Nothing to do: the caller keeps the value in memory.
  }
}

/** The JSON value kept under `key`, or null (never kept, storage disabled, or not JSON). */
export function readStoredJson(key: string): unknown {
  const raw = readStoredText(key);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

/** Keeps `value` as JSON under `key`. */
export function writeStoredJson(key: string, value: unknown): void {
  writeStoredText(key, JSON.stringify(value));
}

function readStored(key: string): number | null {
  const raw = readStoredText(key);
  const value = raw === null ? NaN : Number(raw);
  return Number.isFinite(value) && value > 0 ? value : null;
}

/** A width the person chose (null: the layout's own), kept under `key`. */
export function useStoredWidth(key: string): [number | null, (next: number | null) => void] {
  const [width, setWidth] = useState<number | null>(() => readStored(key));
  const set = useCallback(
    (next: number | null) => {
      setWidth(next);
      writeStoredText(key, next === null ? null : String(Math.round(next)));
    },
    [key],
  );
  return [width, set];
}

/** A yes/no layout choice kept under `key` (false until set). */
export function useStoredFlag(key: string): [boolean, (next: boolean) => void] {
  const [width, setWidth] = useStoredWidth(key);
  return [width !== null, useCallback((next: boolean) => setWidth(next ? 1 : null), [setWidth])];
}
