import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { TraceSource } from '../../api/trace-source';
import { NO_SOURCE, searchQuery, servicesQuery, sourcesQuery } from '../queries/backend-queries';
import { closeMatches } from './close-matches';
import { SafeText } from '../shared/SafeText';
import { navigate, useSearchParamsState } from '../shared/location';
import { fieldsFrom, toSearchParams, type FormFields } from './search-form-state';
import { SearchForm } from './SearchForm';
import { SearchResults } from './SearchResults';
import { UPLOADED_ID, uploadedSource } from './uploaded-source';
import { traceStore, useTraceStore } from '../shared/trace-store';
import { useTimeZone } from '../shared/time-zone';

/** Search a backend: the form on the left, the scatter plot and the list on the right; all state in the URL. */
export function SearchPage() {
  const [query, setQuery] = useSearchParamsState();
  const fields = fieldsFrom(query);
  const zone = useTimeZone();
  const remote = useQuery(sourcesQuery());
  const store = useTraceStore();
  const uploaded = useMemo(() => uploadedSource(() => traceStore.getState().traces.map((t) => t.columns)), []);
  const sourceList = useMemo(() => [...(remote.data ?? []), uploaded], [remote.data, uploaded]);
  const source: TraceSource | undefined = remote.isPending
    ? undefined
    : (sourceList.find((s) => s.id === fields.source) ?? sourceList[0]);
  // Uploaded traces changed (a file was dropped): search them again.
  const uploadedVersion = source?.id === UPLOADED_ID ? store.traces.length : 0;
  // "Now" is fixed when a search is submitted (the URL changes), so results do not drift on re-render.
  const formKey = (() => {
    const q = new URLSearchParams(query);
    q.delete('sort'); // re-sorting results keeps what is typed in the form
    return q.toString();
  })();
  const submitted = formKey;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new "now" for each submitted search
  const nowUs = useMemo(() => Date.now() * 1000, [submitted]);
  // A search was asked for: a service named, or the form sent (it always sends a lookback, as Jaeger's links do).
  const searched = fields.service !== '' || query.has('lookback');
  const remoteServices = useQuery({ ...servicesQuery(source ?? NO_SOURCE), enabled: Boolean(source) });
  const knownServices = useMemo(
    () =>
      source?.id === UPLOADED_ID
        ? [...new Set(store.traces.flatMap((t) => t.columns.services))].sort()
        : remoteServices.data,
    [source?.id, store.traces, remoteServices.data],
  );
  const unknownService = Boolean(fields.service && knownServices && !knownServices.includes(fields.service));
  const needsService = Boolean(searched && !fields.service && source && !source.allServices);
  const parsed =
    searched && source && !unknownService && !needsService
      ? toSearchParams(
          source?.id === UPLOADED_ID && fields.lookback !== 'custom' ? { ...fields, lookback: 'all' } : fields,
          nowUs,
          zone,
        )
      : null;
  const params = parsed && 'params' in parsed ? parsed.params : null;
  const results = useQuery({
    ...searchQuery(source ?? NO_SOURCE, params ?? { service: '', startUs: 0, endUs: 0, limit: 1 }, uploadedVersion),
    enabled: Boolean(source && params),
  });
  const [traceId, setTraceId] = useState('');

  const submit = (next: FormFields) => setQuery({ ...next });
  const open = (id: string) =>
    navigate(
      '/',
      new URLSearchParams(source?.id === UPLOADED_ID ? { trace: id } : { source: source?.id ?? '', trace: id }),
    );

  return (
    <div className="search-page">
      <aside className="search-side">
        {source && (
          <SearchForm key={submitted} source={source} sources={sourceList} fields={fields} onSubmit={submit} />
        )}
        {source?.id === UPLOADED_ID && (
          <p className="muted small">Uploaded files: every loaded trace is searched unless you pick a custom range.</p>
        )}
        <form
          className="open-by-id"
          onSubmit={(event) => {
            event.preventDefault();
            if (traceId.trim()) open(traceId.trim());
          }}
        >
          <label htmlFor="trace-id-input">Open a trace by id</label>
          <div className="row">
            <input
              id="trace-id-input"
              data-testid="trace-id-input"
              value={traceId}
              onChange={(e) => setTraceId(e.target.value)}
              placeholder="4bf92f3577b34da6…"
              spellCheck={false}
            />
            <button type="submit" className="button">
              Open
            </button>
          </div>
        </form>
      </aside>
      <section className="search-main">
        {parsed && 'error' in parsed && (
          <div className="form-error" role="alert">
            {parsed.error}
          </div>
        )}
        {!searched && (
          <div className="empty-state muted">
            {source?.allServices
              ? 'Pick a service, or none to search them all, and press Find traces.'
              : 'Pick a service and press Find traces.'}
          </div>
        )}
        {needsService && source && (
          <div className="form-error" role="alert" data-testid="search-needs-service">
            {source.label} searches one service at a time
            {knownServices ? `: pick one of its ${knownServices.length} services.` : ': pick a service.'}
          </div>
        )}
        {unknownService && source && knownServices && (
          <UnknownService
            typed={fields.service}
            sourceLabel={source.label}
            known={knownServices}
            onPick={(service) => setQuery({ ...fields, service, operation: '' })}
          />
        )}
        {results.isError && (
          <div className="problem-banner" data-testid="load-error" role="alert">
            <div className="problem">
              <span className="problem-text">Search failed: {results.error.message}</span>
              <button type="button" className="link-button" onClick={() => void results.refetch()}>
                Retry
              </button>
            </div>
          </div>
        )}
        {results.data && params && (
          <SearchResults
            rows={results.data.rows}
            tookMs={results.data.tookMs}
            fetching={results.isFetching}
            sort={fields.sort}
            onSort={(sort) => setQuery({ ...fields, sort })}
            onOpen={open}
          />
        )}
      </section>
    </div>
  );
}

/** A service the source does not have: said plainly, with the names closest to it one click away. */
function UnknownService(props: {
  typed: string;
  sourceLabel: string;
  known: readonly string[];
  onPick: (service: string) => void;
}) {
  const matches = closeMatches(props.typed, props.known);
  return (
    <div className="form-error" role="alert" data-testid="search-unknown-service">
      <p>
        {props.sourceLabel} has no service <SafeText text={`“${props.typed}”`} max={80} /> (it has {props.known.length}{' '}
        service{props.known.length === 1 ? '' : 's'}).
      </p>
      {matches.length > 0 && (
        <p className="suggestions">
          Did you mean{' '}
          {matches.map((name) => (
            <button
              key={name}
              type="button"
              className="link-button"
              data-testid="service-suggestion"
              onClick={() => props.onPick(name)}
            >
              <SafeText text={name} max={60} />
            </button>
          ))}
          ?
        </p>
      )}
    </div>
  );
}
