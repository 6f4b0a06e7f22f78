import { useEffect, useRef, useState } from 'react';
import { inField } from '../shared/typing';

/** Every key Skein answers to, by where it works. */
const SHORTCUTS: Array<[string, Array<[string, string]>]> = [
  [
    'Anywhere',
    [
      ['?', 'Show or hide this list'],
      ['Esc', 'Close a dialog or menu'],
      ['Tab / Shift+Tab', 'Move between controls'],
    ],
  ],
  [
    'A trace',
    [
      ['/', 'Type a query (Enter applies it, Esc clears it)'],
      ['n / N', 'Next / previous match of the query'],
      ['e / E', 'Next / previous error'],
    ],
  ],
  [
    'The span rows',
    [
      ['↓ ↑ or j k', 'Next / previous row (the first row in view when none is selected)'],
      ['PgDn / PgUp', 'A screen of rows down / up'],
      ['Home / End', 'First / last row'],
      ['←', 'Collapse the span, or go to its parent'],
      ['→', 'Expand the span, or go to its first child'],
      ['Enter', 'Move into the span’s details (Esc there comes back)'],
      ['f', 'Focus the span’s subtree (again: the whole trace)'],
      ['Esc', 'Clear the selection'],
    ],
  ],
];

/** `?` (or the top bar's button) lists every shortcut; Esc or a click outside closes the list. */
export function ShortcutHelp() {
  const [open, setOpen] = useState(false);
  const close = useRef<HTMLButtonElement>(null);
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || inField(event.target)) return;
      if (event.key === '?') {
        event.preventDefault();
        setOpen((o) => !o);
      } else if (event.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    if (open) {
      opener.current = document.activeElement;
      close.current?.focus();
    } else if (opener.current instanceof HTMLElement) {
      opener.current.focus();
      opener.current = null;
    }
  }, [open]);
  return (
    <>
      <button
        type="button"
        className="button icon-button"
        data-testid="shortcut-help-open"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        onClick={() => setOpen(true)}
      >
        <span aria-hidden="true">?</span>
      </button>
      {open && (
        <div className="modal-backdrop" onClick={() => setOpen(false)} role="presentation">
          <div
            className="modal shortcut-help"
            role="dialog"
            aria-modal="true"
            aria-labelledby="shortcut-title"
            data-testid="shortcut-help"
            onClick={(e) => e.stopPropagation()}
          >
            <h2 id="shortcut-title">Keyboard shortcuts</h2>
            {SHORTCUTS.map(([where, keys]) => (
              <section key={where}>
                <h3>{where}</h3>
                <dl>
                  {keys.map(([key, what]) => (
                    <div key={key} className="shortcut">
                      <dt>
                        <kbd>{key}</kbd>
                      </dt>
                      <dd>{what}</dd>
                    </div>
                  ))}
                </dl>
              </section>
            ))}
            <div className="modal-actions">
              <button ref={close} type="button" className="button" onClick={() => setOpen(false)}>
                Close
              </button>
            </div>
          </div>
        </div>
      )}
    </>
  );
}
