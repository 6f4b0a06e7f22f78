import { memo } from 'react';
import {
  FLAG_DESCENDANT_ERROR,
  FLAG_ERROR,
  FLAG_SKEW,
  FLAG_WARNING,
  spanKeyAt,
  type TraceColumns,
} from '../../../model/columns';
import { traceColors } from '../../../model/service-color';
import { SafeText } from '../../shared/SafeText';
import { formatDurationUs } from '../../../model/time';

/** The height of one waterfall row. */
export const ROW_HEIGHT_PX = 26;

/** Room kept for the service and operation whatever the depth. */
export const MIN_NAME_PX = 170;

/** Indent per level: 14 px, less in deep traces so the deepest names still show (never under 4 px). */
export function indentStepPx(nameWidthPx: number, maxDepth: number): number {
  return Math.max(4, Math.min(14, Math.floor((nameWidthPx - MIN_NAME_PX) / Math.max(1, maxDepth))));
}

interface Props {
  index: number;
  columns: TraceColumns;
  /** Its place among the rows shown (0-based): the top edge and the treegrid's row number. */
  rowIndex: number;
  nameWidthPx: number;
  indentPx: number;
  /** The depth drawn at the left edge (the focused span's). */
  baseDepth: number;
  collapsed: boolean;
  selected: boolean;
  matched: boolean;
  critical: boolean;
  /** Descendants the filters (only matches, min duration) hide below this row. */
  filteredOut: number;
  /** Members of the repeated-sibling group this row stands for, while folded. */
  folded: Int32Array | null;
  /** Members of this row's group when it was unfolded again (the row can fold it back). */
  unfolded: Int32Array | null;
  onToggle: (index: number) => void;
  onToggleFold: (first: number) => void;
  onSelect: (index: number) => void;
}

/** The id of a span's row element (the treegrid's active descendant while it is selected). */
export function rowElementId(index: number): string {
  return `span-row-${index}`;
}

/** What the bar shows, for a screen reader: its duration and where it starts in the trace. */
function timing(columns: TraceColumns, index: number): string {
  // startUs is relative to the trace start already.
  return `${formatDurationUs(columns.durationUs[index] as number)}, from +${formatDurationUs(columns.startUs[index] as number)}`;
}

export const WaterfallRow = memo(function WaterfallRow(props: Props) {
  const {
    index,
    columns,
    rowIndex,
    nameWidthPx,
    indentPx,
    baseDepth,
    collapsed,
    selected,
    matched,
    critical,
    filteredOut,
    folded,
    unfolded,
    onToggle,
    onToggleFold,
    onSelect,
  } = props;
  const depth = columns.depth[index] as number;
  const shownDepth = Math.max(0, depth - baseDepth);
  // Past the depth that fits, the name keeps its room and the guides stop growing.
  const indentWidthPx = Math.min(shownDepth * indentPx, Math.max(0, nameWidthPx - MIN_NAME_PX));
  const flags = columns.flags[index] as number;
  const service = columns.services[columns.serviceIndex[index] as number] ?? '';
  const name = columns.names[columns.nameIndex[index] as number] ?? '';
  const hasChildren = folded === null && (columns.subtreeEnd[index] as number) > index + 1;
  const childCount = hasChildren ? countChildren(columns, index) : 0;
  const color = traceColors(columns.services)[columns.serviceIndex[index] as number] ?? '#888';
  const isError = folded
    ? folded.some((m) => ((columns.flags[m] as number) & FLAG_ERROR) !== 0)
    : (flags & FLAG_ERROR) !== 0;
  const hiddenError = collapsed && (flags & FLAG_DESCENDANT_ERROR) !== 0;

  const skewShift = columns.skewUs[index] as number;

  return (
    <div
      className={`span-row${selected ? ' selected' : ''}${isError ? ' error' : ''}${matched ? ' match' : ''}${critical ? ' critical' : ''}${folded ? ' folded' : ''}`}
      data-match={matched ? 'true' : undefined}
      data-testid="span-row"
      data-span-id={spanKeyAt(columns.spanKeys, index)}
      data-depth={depth}
      data-fold-count={folded ? folded.length : undefined}
      id={rowElementId(index)}
      role="row"
      aria-selected={selected}
      aria-level={shownDepth + 1}
      aria-expanded={hasChildren ? !collapsed : undefined}
      aria-rowindex={rowIndex + 1}
      style={{ transform: `translateY(${rowIndex * ROW_HEIGHT_PX}px)` }}
      onClick={() => onSelect(index)}
    >
      <div role="gridcell" className="span-name" style={{ width: nameWidthPx, paddingLeft: 6 + indentWidthPx }}>
        <span
          className="indent-guides"
          style={{
            width: indentWidthPx,
            backgroundImage: `repeating-linear-gradient(to right, var(--indent-guide) 0 1px, transparent 1px ${indentPx}px)`,
          }}
          aria-hidden="true"
        />
        {hasChildren ? (
          <button
            type="button"
            className={`toggle-button${hiddenError ? ' has-error' : ''}`}
            data-testid="span-toggle"
            aria-expanded={!collapsed}
            aria-label={collapsed ? `Expand ${childCount} children` : 'Collapse'}
            title={hiddenError ? 'Collapsed: contains spans with errors' : undefined}
            onClick={(event) => {
              event.stopPropagation();
              onToggle(index);
            }}
          >
            {collapsed ? '▸' : '▾'}
            {collapsed && <span className="child-count">{childCount}</span>}
          </button>
        ) : (
          <span className="toggle-spacer" />
        )}
        <span className="service-dot" style={{ background: color }} />
        <SafeText className="span-service" text={service} max={60} />
        <SafeText className="span-operation" text={name} max={200} />
        {(folded ?? unfolded) && (
          <button
            type="button"
            className={`fold-badge${folded ? '' : ' open'}`}
            data-testid="fold-toggle"
            title={
              folded
                ? `${folded.length} sibling spans with this service and operation: show each`
                : 'Fold these siblings into one row again'
            }
            aria-expanded={!folded}
            onClick={(event) => {
              event.stopPropagation();
              onToggleFold(index);
            }}
          >
            ×{(folded ?? unfolded)?.length}
          </button>
        )}
        {filteredOut > 0 && (
          <span
            className="hidden-count"
            data-testid="hidden-count"
            title={`${filteredOut} span${filteredOut === 1 ? '' : 's'} below this one hidden by the filter`}
          >
            +{filteredOut}
          </span>
        )}
        {isError && (
          <span className="error-mark" title="Error" data-testid="span-error">
            !
          </span>
        )}
        {isError && (flags & FLAG_DESCENDANT_ERROR) === 0 && (
          <span className="origin-mark" data-testid="error-origin" title="Likely origin: no span below it failed">
            origin
          </span>
        )}
        {hiddenError && !isError && (
          <span className="error-mark faint" title="Contains errors">
            !
          </span>
        )}
        {(flags & FLAG_WARNING) !== 0 && (
          <span className="warn-mark" title={skewShift ? 'Clock skew adjusted' : 'Has warnings'}>
            {(flags & FLAG_SKEW) !== 0 ? '⇄' : '⚠'}
          </span>
        )}
      </div>
      <div role="gridcell" className="span-timeline" aria-label={timing(columns, index)} />
    </div>
  );
});

function countChildren(columns: TraceColumns, index: number): number {
  let n = 0;
  const end = columns.subtreeEnd[index] as number;
  for (let c = index + 1; c < end; c = columns.subtreeEnd[c] as number) n++;
  return n;
}
