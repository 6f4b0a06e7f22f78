import { formatDurationUs } from '../../../model/time';
import type { SpanEvent } from '../../../model/trace';
import { AttributeTable } from './AttributeTable';

const EXCEPTION = 'exception';

/** Events with their time relative to the span and to the trace, and their attributes. */
export function EventList({ events, spanStartUs }: { events: SpanEvent[]; spanStartUs: number }) {
  if (events.length === 0) return <p className="muted small">None.</p>;
  return (
    <ol className="events" data-testid="span-events">
      {events.map((event, i) => (
        <li key={i} className={event.name === EXCEPTION ? 'event exception' : 'event'} data-testid="span-event">
          <div className="event-head">
            <span className="event-name">{event.name || '(unnamed)'}</span>
            <span className="muted" title="Time since the span started · since the trace started">
              +{formatDurationUs(event.timeUs - spanStartUs)} in span · {formatDurationUs(event.timeUs)} in trace
            </span>
          </div>
          {event.attributes.length > 0 && (
            <AttributeTable attributes={event.attributes} filter="" testId="event-attributes" />
          )}
        </li>
      ))}
    </ol>
  );
}
