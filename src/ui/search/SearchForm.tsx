import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { TraceSource } from '../../api/trace-source';
import { operationsQuery, servicesQuery } from '../queries/backend-queries';
import { LOOKBACKS, rangeForInput, rangeForUrl, type FormFields } from './search-form-state';
import { useTimeZone } from '../shared/time-zone';
import { zoneLabel } from '../../model/time';

interface Props {
  source: TraceSource;
  sources: TraceSource[];
  fields: FormFields;
  onSubmit: (fields: FormFields) => void;
}

export function SearchForm({ source, sources, fields, onSubmit }: Props) {
  const zone = useTimeZone();
  const [draft, setDraft] = useState(() => rangeForInput(fields, zone));
  // The zone changed while a range is typed: keep the instants, show them in the new zone.
  const [shownZone, setShownZone] = useState(zone);
  if (shownZone !== zone) {
    setShownZone(zone);
    setDraft((d) => rangeForInput(rangeForUrl(d, shownZone), zone));
  }
  const services = useQuery(servicesQuery(source));
  const operations = useQuery(operationsQuery(source, draft.service));
  const set = (key: keyof FormFields) => (event: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: event.target.value, ...(key === 'service' ? { operation: '' } : {}) }));
  return (
    <form
      className="search-form"
      data-testid="search-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(rangeForUrl(draft, zone));
      }}
    >
      <h2>Search traces</h2>
      <label>
        Source
        <select value={draft.source} onChange={set('source')} data-testid="search-source">
          {sources.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Service {services.data && <span className="muted">({services.data.length})</span>}</span>
        <input
          list="service-list"
          value={draft.service}
          onChange={set('service')}
          data-testid="search-service"
          placeholder={source.allServices ? 'All services (type to pick one)' : 'Type to search services'}
          autoComplete="off"
        />
        <datalist id="service-list">
          {services.data?.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        {services.isError && (
          <span className="error-text small">
            {services.error.message}{' '}
            <button type="button" className="link-button" onClick={() => void services.refetch()}>
              Retry
            </button>
          </span>
        )}
      </label>
      <label>
        Operation
        <select value={draft.operation} onChange={set('operation')} data-testid="search-operation">
          <option value="">All operations</option>
          {operations.data?.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>
          Tags <span className="muted">(logfmt)</span>
        </span>
        <input
          value={draft.tags}
          onChange={set('tags')}
          data-testid="search-tags"
          placeholder="http.status_code=500 error=true"
          spellCheck={false}
        />
      </label>
      <label>
        Time
        <select value={draft.lookback} onChange={set('lookback')} data-testid="search-lookback">
          {LOOKBACKS.map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {draft.lookback === 'custom' && (
        <div className="row">
          <label>
            From <span className="muted">({zoneLabel(zone)})</span>
            <input
              type="datetime-local"
              step={1}
              value={draft.start}
              onChange={set('start')}
              data-testid="search-start"
            />
          </label>
          <label>
            To <span className="muted">({zoneLabel(zone)})</span>
            <input type="datetime-local" step={1} value={draft.end} onChange={set('end')} data-testid="search-end" />
          </label>
        </div>
      )}
      <div className="row">
        <label>
          Min duration
          <input
            value={draft.minDuration}
            onChange={set('minDuration')}
            data-testid="search-min-duration"
            placeholder="e.g. 100ms"
          />
        </label>
        <label>
          Max duration
          <input value={draft.maxDuration} onChange={set('maxDuration')} placeholder="e.g. 2s" />
        </label>
      </div>
      <label>
        Limit
        <input type="number" min={1} max={1000} value={draft.limit} onChange={set('limit')} />
      </label>
      <button type="submit" className="button primary" data-testid="search-submit">
        Find traces
      </button>
    </form>
  );
}
