import { formatDurationUs, formatEpochUs } from '../../model/time';
import { serviceColor } from '../../model/service-color';
import type { LoadedTrace } from '../shared/trace-store';

interface Props {
  traces: LoadedTrace[];
  selected: string | null;
  onSelect: (traceId: string) => void;
}

/** Loaded traces to pick from: root, duration, spans and errors. */
export function TraceList({ traces, selected, onSelect }: Props) {
  return (
    <nav className="trace-list" aria-label="Loaded traces">
      <div className="trace-list-title">{traces.length} traces loaded</div>
      <ul>
        {traces.map(({ columns: { summary } }) => (
          <li key={summary.traceId}>
            <button
              type="button"
              data-testid="trace-list-item"
              data-trace-id={summary.traceId}
              className={`trace-list-item${summary.traceId === selected ? ' selected' : ''}`}
              onClick={() => onSelect(summary.traceId)}
              aria-current={summary.traceId === selected ? 'true' : undefined}
            >
              <span className="trace-list-name">
                <span className="swatch" style={{ background: serviceColor(summary.rootService) }} />
                <span className="service">{summary.rootService}</span> {summary.rootName}
              </span>
              <span className="trace-list-meta">
                <span>{formatDurationUs(summary.durationUs)}</span>
                <span>{summary.spanCount} span{summary.spanCount === 1 ? '' : 's'}</span>
                {summary.errorCount > 0 && <span className="error-text">{summary.errorCount} error{summary.errorCount === 1 ? '' : 's'}</span>}
              </span>
              <span className="trace-list-time muted">{formatEpochUs(summary.startUs).slice(0, 19)}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
