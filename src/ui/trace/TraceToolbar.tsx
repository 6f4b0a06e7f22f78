import { useEffect, useRef, useState } from 'react';
import { inField } from '../shared/typing';
import { thousands } from '../../model/numbers';
import type { QueryAnswer } from '../../worker/trace-analyses';
import type { TraceViewName } from '../shared/location';

/** The views of a trace: id (also in the URL and the test hook `view-<id>`), label, tooltip. */
const TABS: ReadonlyArray<[TraceViewName, string, string]> = [
  ['waterfall', 'Waterfall', 'The spans on a time axis'],
  ['statistics', 'Statistics', 'The spans grouped by service and operation, or by an attribute'],
  ['compare', 'Compare', 'Compare this trace with another loaded trace of the same request'],
];

interface Props {
  view: TraceViewName;
  onView: (view: TraceViewName) => void;
  query: string;
  onQuery: (text: string) => void;
  answer: QueryAnswer | null | undefined;
  searching: boolean;
  only: boolean;
  onOnly: (only: boolean) => void;
  onStep: (step: 1 | -1) => void;
  critical: boolean;
  onCritical: (on: boolean) => void;
  errorCount: number;
  onError: (step: 1 | -1) => void;
}

const PLACEHOLDER = 'Find spans: text, or TraceQL such as { status = error } >> { duration > 100ms }';

/**
 * Above the trace: the two views, the query (Enter applies it, and then steps
 * through the matches; Shift+Enter steps back), the filter to matches, the
 * critical path and the error buttons. `/` focuses the query from anywhere.
 */
export function TraceToolbar(props: Props) {
  const {
    view,
    onView,
    query,
    onQuery,
    answer,
    searching,
    only,
    onOnly,
    onStep,
    critical,
    onCritical,
    errorCount,
    onError,
  } = props;
  const [draft, setDraft] = useState(query);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => setDraft(query), [query]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (inField(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === '/') input.current?.focus();
      else if (event.key === 'n' || event.key === 'N') onStep(event.key === 'n' ? 1 : -1);
      else if (event.key === 'e' || event.key === 'E') onError(event.key === 'e' ? 1 : -1);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onStep, onError]);

  const count = answer?.ok ? answer.count : null;
  return (
    <div className="trace-toolbar">
      <div className="view-tabs" role="tablist" aria-label="Trace views">
        {TABS.map(([id, label, title]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={view === id}
            className={view === id ? 'tab active' : 'tab'}
            data-testid={`view-${id}`}
            onClick={() => onView(id)}
            title={title}
          >
            {label}
          </button>
        ))}
      </div>
      <div className={`query-box${answer && !answer.ok ? ' invalid' : ''}`}>
        <input
          ref={input}
          type="search"
          data-testid="trace-query"
          aria-label="Find spans"
          placeholder={PLACEHOLDER}
          value={draft}
          spellCheck={false}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              if (draft === query && count) onStep(e.shiftKey ? -1 : 1);
              else onQuery(draft);
            } else if (e.key === 'Escape') {
              if (draft) {
                setDraft('');
                onQuery('');
              } else input.current?.blur();
            }
          }}
        />
        {query && (
          <span className="query-count" data-testid="trace-query-count" aria-live="polite">
            {searching
              ? 'searching…'
              : answer && !answer.ok
                ? 'error'
                : `${thousands(count ?? 0)} match${count === 1 ? '' : 'es'}`}
          </span>
        )}
        <button
          type="button"
          className="button small"
          title="Previous match (Shift+Enter, N)"
          disabled={!count}
          onClick={() => onStep(-1)}
        >
          ↑
        </button>
        <button
          type="button"
          className="button small"
          title="Next match (Enter, n)"
          disabled={!count}
          onClick={() => onStep(1)}
        >
          ↓
        </button>
        <label className="toggle" title="Show only the matches and their ancestors">
          <input type="checkbox" checked={only} onChange={(e) => onOnly(e.target.checked)} data-testid="only-matches" />{' '}
          Only matches
        </label>
      </div>
      <label className="toggle" title="Draw the critical path: the chain of spans the trace waited for">
        <input
          type="checkbox"
          checked={critical}
          onChange={(e) => onCritical(e.target.checked)}
          data-testid="critical-path-toggle"
        />{' '}
        Critical path
      </label>
      <div className="error-steps">
        <button
          type="button"
          className="button small"
          data-testid="prev-error"
          disabled={!errorCount}
          title="Previous error (E)"
          onClick={() => onError(-1)}
        >
          ‹ Error
        </button>
        <button
          type="button"
          className="button small"
          data-testid="next-error"
          disabled={!errorCount}
          title="Next error (e)"
          onClick={() => onError(1)}
        >
          Error ›
        </button>
      </div>
      {answer && !answer.ok && (
        <div className="query-error" data-testid="trace-query-error" role="alert">
          {answer.message}
        </div>
      )}
    </div>
  );
}
