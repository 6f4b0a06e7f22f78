import { useState } from 'react';
import type { TraceColumns } from '../../model/columns';
import { spanKeyAt } from '../../model/columns';
import { traceColorFinder } from '../../model/service-color';
import { formatDurationUs } from '../../model/time';
import type { PathAnswer } from '../../worker/protocol';
import { SafeText } from '../shared/SafeText';

interface Props {
  columns: TraceColumns;
  path: PathAnswer;
  selected: number | null;
  onSelect: (index: number) => void;
}

/** Every span on the critical path, with the time the path spends in it (its own time, not its children's). */
export function CriticalPathList({ columns, path, selected, onSelect }: Props) {
  const total = path.pathUs.reduce((a, b) => a + b, 0);
  const colorOf = traceColorFinder(columns.services);
  const [open, setOpen] = useState(true);
  return (
    <section className="critical-path" aria-label="Critical path" data-testid="critical-path">
      <button
        type="button"
        className="critical-path-title"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        title={open ? 'Fold the list (the path stays drawn)' : 'Show the list'}
      >
        {open ? '▾' : '▸'} Critical path · {path.spans.length} span{path.spans.length === 1 ? '' : 's'} ·{' '}
        {formatDurationUs(total)}
      </button>
      <ol hidden={!open}>
        {Array.from(path.spans, (span, k) => {
          const pathUs = path.pathUs[k] as number;
          const service = columns.services[columns.serviceIndex[span] as number] ?? '';
          return (
            <li key={span}>
              <button
                type="button"
                className={`critical-path-row${selected === span ? ' selected' : ''}`}
                data-testid="critical-path-row"
                data-span-id={spanKeyAt(columns.spanKeys, span)}
                data-path-us={pathUs}
                onClick={() => onSelect(span)}
              >
                <span className="swatch" style={{ background: colorOf(service) }} />
                <SafeText className="service" text={service} max={40} />
                <SafeText
                  className="operation"
                  text={columns.names[columns.nameIndex[span] as number] ?? ''}
                  max={80}
                />
                <span className="path-bar" style={{ width: `${total > 0 ? (pathUs / total) * 100 : 0}%` }} />
                <span className="path-us">{formatDurationUs(pathUs)}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
