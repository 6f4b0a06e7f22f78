// Layout choices a person makes (a column's width, a panel shut) are kept per
// browser in localStorage; a full or disabled storage keeps them for the page.
import { useCallback, useState } from 'react';

function readStored(key: string): number | null {
  try {
    const raw = window.localStorage.getItem(key);
    const value = raw === null ? NaN : Number(raw);
    return Number.isFinite(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

/** A width the person chose (null: the layout's own), kept under `key`. */
export function useStoredWidth(key: string): [number | null, (next: number | null) => void] {
  const [width, setWidth] = useState<number | null>(() => readStored(key));
  const set = useCallback(
    (next: number | null) => {
      setWidth(next);
      try {
        if (next === null) window.localStorage.removeItem(key);
        else window.localStorage.setItem(key, String(Math.round(next)));
      } catch {
        // Storage may be full or disabled: the width holds for this page only.
      }
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
