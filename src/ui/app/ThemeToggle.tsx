import { toggleTheme, useTheme } from '../shared/theme';

/** Light or dark; following the system until the person chooses, and again once they choose the system's theme. */
export function ThemeToggle() {
  const { choice, theme } = useTheme();
  const other = theme === 'dark' ? 'light' : 'dark';
  const state = choice === 'system' ? `${theme}, as the system` : theme;
  return (
    <button
      type="button"
      className="button icon-button"
      data-testid="theme-toggle"
      data-theme-choice={choice}
      aria-label={`Theme: ${state}. Switch to ${other}`}
      title={`Theme: ${state}. Switch to ${other}`}
      onClick={toggleTheme}
    >
      <span aria-hidden="true">{theme === 'dark' ? '☾' : '☀'}</span>
    </button>
  );
}
