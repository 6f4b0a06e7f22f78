// Light or dark: the system's choice unless the person picked one, which this
// browser remembers. The theme is set on <html data-theme> for the style
// sheet, and its palette is what the canvases draw with (they cannot read CSS
// variables per pixel).
import { useSyncExternalStore } from 'react';
import { readStoredText, writeStoredText } from './stored';

export type Theme = 'light' | 'dark';
export type ThemeChoice = Theme | 'system';

const KEY = 'skein.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Colours the canvases draw with, per theme (the CSS variables of the same name hold the same values). */
export interface CanvasPalette {
  grid: string;
  text: string;
  muted: string;
  error: string;
  accent: string;
  match: string;
  /** Event ticks on a bar. */
  tick: string;
  /** The line under a folded group's bars. */
  foldLine: string;
  /** The minimap outside the shown window, and the window's fill. */
  shade: string;
  windowFill: string;
  /** The minimap's highlight of a dragged range and of the viewport. */
  range: string;
  viewport: string;
}

const PALETTES: Record<Theme, CanvasPalette> = {
  light: {
    grid: '#eef0f4',
    text: '#1c2330',
    muted: '#677084',
    error: '#d13b3b',
    accent: '#3d6fe0',
    match: '#e89614',
    tick: 'rgba(0, 0, 0, 0.6)',
    foldLine: 'rgba(29, 36, 51, 0.35)',
    shade: 'rgba(255, 255, 255, 0.55)',
    windowFill: 'rgba(29, 36, 51, 0.12)',
    range: 'rgba(224, 168, 78, 0.16)',
    viewport: 'rgba(61, 111, 224, 0.25)',
  },
  dark: {
    grid: '#262d3a',
    text: '#e3e7ef',
    muted: '#98a2b6',
    error: '#ff6b6b',
    accent: '#7aa2ff',
    match: '#f5b041',
    tick: 'rgba(255, 255, 255, 0.75)',
    foldLine: 'rgba(227, 231, 239, 0.4)',
    shade: 'rgba(16, 19, 26, 0.6)',
    windowFill: 'rgba(227, 231, 239, 0.1)',
    range: 'rgba(245, 176, 65, 0.2)',
    viewport: 'rgba(122, 162, 255, 0.3)',
  },
};

export function paletteFor(theme: Theme): CanvasPalette {
  return PALETTES[theme];
}

function readChoice(): ThemeChoice {
  const stored = readStoredText(KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

function systemTheme(): Theme {
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

interface ThemeState {
  choice: ThemeChoice;
  theme: Theme;
}

let state: ThemeState = { choice: 'system', theme: 'light' };
const listeners = new Set<() => void>();

function update(choice: ThemeChoice): void {
  const theme = choice === 'system' ? systemTheme() : choice;
  if (state.choice === choice && state.theme === theme && document.documentElement.dataset.theme === theme) return;
  state = { choice, theme };
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
  for (const listener of listeners) listener();
}

/** Sets the theme before the first render (no flash of the other one) and follows the system while it is the choice. */
export function startTheme(): void {
  update(readChoice());
  if (typeof window.matchMedia === 'function') {
    window.matchMedia(DARK_QUERY).addEventListener('change', () => {
      if (state.choice === 'system') update('system');
    });
  }
}

/**
 * The toggle: the other theme than the one shown. Choosing the system's own
 * theme goes back to following the system (a toggle of two states that never
 * leaves the person stuck off the system's setting).
 */
export function toggleTheme(): void {
  const next: Theme = state.theme === 'dark' ? 'light' : 'dark';
  chooseTheme(next === systemTheme() ? 'system' : next);
}

export function chooseTheme(choice: ThemeChoice): void {
  writeStoredText(KEY, choice === 'system' ? null : choice);
  update(choice);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useTheme(): ThemeState {
  return useSyncExternalStore(subscribe, () => state);
}
