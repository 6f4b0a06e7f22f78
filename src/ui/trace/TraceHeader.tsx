import { DownloadMenu } from './DownloadMenu';
import type { TraceSummary } from '../../model/columns';
import { formatDurationUs, formatEpochUs } from '../../model/time';
import { CopyButton } from '../shared/CopyButton';
import { WarningSummary } from './WarningSummary';
import { SafeText } from '../shared/SafeText';
import { useTimeZone } from '../shared/time-zone';

interface Props {
  summary: TraceSummary;
  /** The root service's colour in this trace. */
  rootColor: string;
  raw: boolean;
  hasSkew: boolean;
  onToggleRaw: () => void;
  /** The error count was clicked: show the error spans. */
  onShowErrors: () => void;
  /** Close this trace (the others stay open). */
  onClose?: () => void;
}

function Figure({
  label,
  value,
  testId,
  tone,
}: {
  label: string;
  value: string | number;
  testId: string;
  tone?: 'error';
}) {
  return (
    <div className={`figure${tone ? ` ${tone}` : ''}`}>
      <div className="figure-label">{label}</div>
      <div className="figure-value" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

export function TraceHeader({ summary, rootColor, raw, hasSkew, onToggleRaw, onShowErrors, onClose }: Props) {
  const zone = useTimeZone();
  return (
    <section className="trace-header">
      <div className="trace-title-row">
        <h1 className="trace-title">
          <span className="swatch" style={{ background: rootColor }} />
          <SafeText className="service" text={summary.rootService} max={80} />
          <SafeText className="operation" text={summary.rootName} max={160} />
        </h1>
        {summary.orphanCount > 0 && (
          <span
            className="badge warn"
            data-testid="trace-incomplete"
            title="Some spans name a parent that is not in the loaded data"
          >
            Incomplete · {summary.orphanCount} orphan{summary.orphanCount === 1 ? '' : 's'}
          </span>
        )}
        <div className="trace-id">
          <span className="muted">Trace</span> <code data-testid="trace-id">{summary.traceId}</code>
          <CopyButton text={summary.traceId} label="Copy" />
          <CopyButton text={() => window.location.href} label="Copy link" testId="copy-trace-link" />
          <DownloadMenu traceId={summary.traceId} />
          {onClose && (
            <button
              type="button"
              className="button subtle small"
              data-testid="close-trace"
              onClick={onClose}
              title="Close this trace; the other traces stay open"
            >
              Close
            </button>
          )}
        </div>
      </div>
      <div className="figures">
        <Figure label="Started" value={formatEpochUs(summary.startUs, zone)} testId="trace-start" />
        <Figure label="Duration" value={formatDurationUs(summary.durationUs)} testId="trace-duration" />
        <Figure label="Spans" value={summary.spanCount} testId="trace-span-count" />
        <Figure label="Services" value={summary.serviceCount} testId="trace-service-count" />
        <Figure label="Depth" value={summary.depth} testId="trace-depth" />
        {summary.errorCount > 0 ? (
          <button
            type="button"
            className="figure-button"
            onClick={onShowErrors}
            title="Show only the error spans and their ancestors"
          >
            <Figure label="Errors" value={summary.errorCount} testId="trace-error-count" tone="error" />
          </button>
        ) : (
          <Figure label="Errors" value={0} testId="trace-error-count" />
        )}
        <div className="figure-actions">
          {hasSkew && (
            <label className="toggle" title="Clock-skew repair shifted some spans; show the timestamps as recorded">
              <input type="checkbox" checked={raw} onChange={onToggleRaw} data-testid="raw-timing" /> Raw timing
            </label>
          )}
          <span className="muted format-label">{summary.files.join(', ')}</span>
        </div>
      </div>
      <WarningSummary summary={summary} />
    </section>
  );
}
