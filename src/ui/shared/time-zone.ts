// Absolute times in the browser's zone or in UTC: the person's choice, which
// this browser remembers (the browser's zone until they choose).
import { useSyncExternalStore } from 'react';
import type { TimeZone } from '../../model/time';
import { readStoredText, writeStoredText } from './stored';

const KEY = 'skein.timeZone';

let zone: TimeZone = readStoredText(KEY) === 'utc' ? 'utc' : 'local';
const listeners = new Set<() => void>();

export function chooseTimeZone(next: TimeZone): void {
  zone = next;
  writeStoredText(KEY, next === 'utc' ? 'utc' : null);
  for (const listener of listeners) listener();
}

export function toggleTimeZone(): void {
  chooseTimeZone(zone === 'utc' ? 'local' : 'utc');
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The zone every absolute time on the page is shown in (and a custom range is typed in). */
export function useTimeZone(): TimeZone {
  return useSyncExternalStore(subscribe, () => zone);
}
