import { useImperativeHandle, useState, type Ref } from 'react';
import { FLAG_ERROR, FLAG_OK, SPAN_KINDS, type TraceColumns } from '../../../model/columns';
import { foldSummary } from '../../../layout/rows';
import { formatDurationUs } from '../../../model/time';
import { SafeText } from '../../shared/SafeText';

export interface TooltipHandle {
  show: (hit: { span: number; group: Int32Array | null }, clientX: number, clientY: number) => void;
  hide: () => void;
}

interface Shown {
  span: number;
  group: Int32Array | null;
  x: number;
  y: number;
}

const WIDTH_PX = 300;

/**
 * What a bar is, on hover: service, operation, duration, self time, start, status; a folded row adds its group's
 * figures.
 */
export function BarTooltip({ ref, columns }: { ref: Ref<TooltipHandle>; columns: TraceColumns }) {
  const [shown, setShown] = useState<Shown | null>(null);
  useImperativeHandle(
    ref,
    () => ({
      show: (hit, x, y) =>
        setShown((old) =>
          old && old.span === hit.span && old.group === hit.group && Math.abs(old.x - x) < 2 && Math.abs(old.y - y) < 2
            ? old
            : { ...hit, x, y },
        ),
      hide: () => setShown(null),
    }),
    [],
  );
  if (!shown) return null;
  const { span, group } = shown;
  const flags = columns.flags[span] as number;
  const status = flags & FLAG_ERROR ? 'error' : flags & FLAG_OK ? 'ok' : 'unset';
  const summary = group ? foldSummary(group, columns.durationUs) : null;
  const left = Math.min(shown.x + 14, window.innerWidth - WIDTH_PX - 8);
  const top = shown.y + 18 + 150 > window.innerHeight ? shown.y - 150 : shown.y + 18;
  return (
    <div className="bar-tooltip" role="tooltip" data-testid="bar-tooltip" style={{ left, top, width: WIDTH_PX }}>
      <div className="bar-tooltip-title">
        <SafeText className="service" text={columns.services[columns.serviceIndex[span] as number] ?? ''} max={60} />
        <SafeText className="operation" text={columns.names[columns.nameIndex[span] as number] ?? ''} max={120} />
      </div>
      <dl>
        <dt>Duration</dt>
        <dd data-testid="tooltip-duration">{formatDurationUs(columns.durationUs[span] as number)}</dd>
        <dt>Self</dt>
        <dd>{formatDurationUs(columns.selfUs[span] as number)}</dd>
        <dt>Start</dt>
        <dd>+{formatDurationUs(columns.startUs[span] as number)}</dd>
        <dt>Status</dt>
        <dd className={status === 'error' ? 'error-text' : undefined}>{status}</dd>
        <dt>Kind</dt>
        <dd>{SPAN_KINDS[columns.kind[span] as number] ?? 'unspecified'}</dd>
        {summary && (
          <>
            <dt>Repeated</dt>
            <dd data-testid="tooltip-fold">
              ×{summary.count} · total {formatDurationUs(summary.totalUs)}
            </dd>
            <dt>Min · med · max</dt>
            <dd>
              {formatDurationUs(summary.minUs)} · {formatDurationUs(summary.medianUs)} ·{' '}
              {formatDurationUs(summary.maxUs)}
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}
