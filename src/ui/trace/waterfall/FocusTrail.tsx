import { ancestorsOf } from '../../../layout/rows';
import type { TraceColumns } from '../../../model/columns';
import { thousands } from '../../../model/numbers';
import { SafeText } from '../../shared/SafeText';

/** Ancestors named in the trail; deeper trails skip the middle. */
const SHOWN_ANCESTORS = 4;

/** The way back from a focused subtree: every span above it, each a step out; "All spans" leaves the focus. */
export function FocusTrail({
  columns,
  focus,
  onFocus,
}: {
  columns: TraceColumns;
  focus: number;
  onFocus: (index: number | null) => void;
}) {
  const above = ancestorsOf(columns.parent, focus).reverse();
  const shown = above.length > SHOWN_ANCESTORS ? above.slice(above.length - SHOWN_ANCESTORS) : above;
  const skipped = above.length - shown.length;
  const label = (i: number) =>
    `${columns.services[columns.serviceIndex[i] as number] ?? ''} ${columns.names[columns.nameIndex[i] as number] ?? ''}`;
  const size = (columns.subtreeEnd[focus] as number) - focus;
  return (
    <nav className="focus-trail" aria-label="Focused subtree" data-testid="focus-trail">
      <button type="button" className="link-button" data-testid="focus-clear" onClick={() => onFocus(null)}>
        All spans
      </button>
      {skipped > 0 && (
        <span className="muted" title={`${skipped} more spans above`}>
          › …
        </span>
      )}
      {shown.map((i) => (
        <span key={i} className="focus-step">
          ›{' '}
          <button type="button" className="link-button" onClick={() => onFocus(i)}>
            <SafeText text={label(i)} max={60} />
          </button>
        </span>
      ))}
      <span className="focus-step current">
        › <SafeText text={label(focus)} max={80} />
      </span>
      <span className="muted">
        {thousands(size)} span{size === 1 ? '' : 's'} in focus
      </span>
    </nav>
  );
}
