// The page's warm-up: the worker warms its own code on generated traces while the page is idle, and hands the page one
// of them; the page draws it once here, out of sight, inert and hidden from assistive technology, then drops it. The
// first trace a person opens then runs code that is compiled and optimized already: the trace view's first mount took
// about 30 ms less on a second trace than on the first (docs/measurements.md). Nothing of the sample reaches the URL,
// the list of traces or the saved files.
import { useEffect } from 'react';
import type { TraceColumns } from '../../model/columns';
import { TraceView } from '../trace/TraceView';

/** Frames the sample stays: the first one lays it out and paints it, the second runs what that frame scheduled. */
const FRAMES = 2;

export function WarmRender({
  columns,
  skip,
  onDone,
}: {
  columns: TraceColumns;
  /** Draw nothing (a trace is open or on its way, or the URL asks for a view the sample would query the worker for). */
  skip: boolean;
  onDone: () => void;
}) {
  useEffect(() => {
    if (skip) {
      onDone();
      return;
    }
    let frames = 0;
    let frame = requestAnimationFrame(function next() {
      if (++frames >= FRAMES) onDone();
      else frame = requestAnimationFrame(next);
    });
    return () => cancelAnimationFrame(frame);
  }, [skip, onDone]);
  if (skip) return null;
  return (
    <div className="warm-render workspace" aria-hidden="true" inert>
      <TraceView trace={{ columns, version: 0 }} />
    </div>
  );
}
