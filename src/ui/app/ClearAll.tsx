import { useEffect, useState } from 'react';

/** How long the question stays before the button goes back to asking nothing. */
const ASK_MS = 6000;

/**
 * Clear all asks first: one click turns it into "Close every trace? Yes / Keep", so one slip does not
 * lose every open trace and the saved files behind them.
 */
export function ClearAll({ onClear }: { onClear: () => void }) {
  const [asking, setAsking] = useState(false);
  useEffect(() => {
    if (!asking) return;
    const timer = setTimeout(() => setAsking(false), ASK_MS);
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setAsking(false);
    window.addEventListener('keydown', onKey);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', onKey);
    };
  }, [asking]);
  if (!asking) {
    return (
      <button
        type="button"
        className="button subtle"
        data-testid="clear-all"
        onClick={() => setAsking(true)}
        title="Close every trace and forget saved files"
      >
        Clear all
      </button>
    );
  }
  return (
    <span className="clear-confirm" role="group" aria-label="Close every trace?">
      <span className="clear-question">Close every trace and forget the saved files?</span>
      <button
        type="button"
        className="button danger small"
        data-testid="clear-all-confirm"
        autoFocus
        onClick={() => {
          setAsking(false);
          onClear();
        }}
      >
        Close all
      </button>
      <button type="button" className="button subtle small" onClick={() => setAsking(false)}>
        Keep
      </button>
    </span>
  );
}
