import { useQuery } from '@tanstack/react-query';
import { inField } from '../../shared/typing';
import { useState } from 'react';
import { attrValueToJson } from '../../../model/attributes';
import { formatDurationUs } from '../../../model/time';
import type { Attribute } from '../../../model/trace';
import { spanDetailsQuery, type DetailsFetcher } from '../../queries/span-details-query';
import { CopyButton } from '../../shared/CopyButton';
import { AttributeTable } from './AttributeTable';
import { EventList } from './EventList';
import { ReferenceList } from './ReferenceList';
import { ResizeHandle } from '../../shared/ResizeHandle';
import { useStoredWidth } from '../../shared/stored';
import { SafeText } from '../../shared/SafeText';
import { DETAIL_ID, ROWS_ID } from './detail-id';

interface Props {
  fetchDetails: DetailsFetcher;
  traceId: string;
  version: number;
  index: number;
  raw: boolean;
  onClose: () => void;
  onJump: (traceId: string, key: string) => void;
  /** A service's colour in this trace. */
  colorOf: (service: string) => string;
  /** This span's subtree is the one in focus. */
  focused: boolean;
  onFocus: () => void;
}

const DEFAULT_WIDTH_PX = 420;

function toJson(attributes: Attribute[]) {
  return JSON.stringify(Object.fromEntries(attributes.map((a) => [a.key, attrValueToJson(a.value)])), null, 2);
}

export function SpanDetail({
  fetchDetails,
  traceId,
  version,
  index,
  raw,
  onClose,
  onJump,
  colorOf,
  focused,
  onFocus,
}: Props) {
  const [chosenWidth, setWidth] = useStoredWidth('skein-detail-width');
  const widthPx = chosenWidth ?? DEFAULT_WIDTH_PX;
  const maxWidthPx = Math.max(320, Math.round(window.innerWidth * 0.6));
  const query = useQuery(spanDetailsQuery(fetchDetails, traceId, version, index));
  const [filter, setFilter] = useState('');
  const span = query.data;
  return (
    <aside
      className="span-detail"
      data-testid="span-detail"
      id={DETAIL_ID}
      tabIndex={-1}
      aria-label="Span details"
      onKeyDown={(event) => {
        // Esc in the details closes them and gives the keys back to the rows.
        if (event.key !== 'Escape' || inField(event.target)) return;
        event.preventDefault();
        onClose();
        document.getElementById(ROWS_ID)?.focus();
      }}
      style={{ width: Math.min(widthPx, maxWidthPx) }}
    >
      <ResizeHandle
        widthPx={Math.min(widthPx, maxWidthPx)}
        min={280}
        max={maxWidthPx}
        onChange={setWidth}
        direction={-1}
        label="Resize the details panel"
        testId="detail-resize"
        className="left-edge"
      />
      <div className="detail-head">
        {span ? (
          <>
            <div className="detail-service">
              <span className="swatch" style={{ background: colorOf(span.service) }} />
              <SafeText text={span.service} max={80} />
            </div>
            <h2 className="detail-name" data-testid="span-detail-name">
              {span.name ? <SafeText text={span.name} max={300} /> : '(no name)'}
            </h2>
          </>
        ) : (
          <h2 className="detail-name muted">{query.isError ? 'Details unavailable' : 'Loading…'}</h2>
        )}
        <button
          type="button"
          className={`button small focus-button${focused ? ' pressed' : ''}`}
          aria-pressed={focused}
          data-testid="focus-span"
          onClick={onFocus}
          title={focused ? 'Show the whole trace again (f)' : 'Show only this span and what is below it (f)'}
        >
          {focused ? 'Unfocus' : 'Focus'}
        </button>
        <button type="button" className="close-button" onClick={onClose} aria-label="Close details" title="Close (Esc)">
          ×
        </button>
      </div>
      {query.isError && <p className="error-text">{query.error.message}</p>}
      {span && (
        <div className="detail-body">
          <dl className="detail-facts">
            <dt>Status</dt>
            <dd data-testid="span-status" className={span.status.code === 'error' ? 'error-text' : ''}>
              {span.status.code.toUpperCase()}
              {span.status.message && <span className="status-message"> — {span.status.message}</span>}
            </dd>
            <dt>Kind</dt>
            <dd>
              {span.kind}
              {span.shared ? ' (shared id with its client)' : ''}
            </dd>
            <dt>Start</dt>
            <dd>
              +{formatDurationUs(raw ? span.startUs - span.skewUs : span.startUs)}
              {span.skewUs !== 0 && (
                <span className="muted">
                  {' '}
                  (
                  {raw
                    ? 'as recorded'
                    : `shifted ${formatDurationUs(Math.abs(span.skewUs))} ${span.skewUs > 0 ? 'later' : 'earlier'} for clock skew`}
                  )
                </span>
              )}
            </dd>
            <dt>Duration</dt>
            <dd>{formatDurationUs(span.durationUs)}</dd>
            <dt>Self time</dt>
            <dd>{formatDurationUs(span.selfUs)}</dd>
            <dt>Span id</dt>
            <dd>
              <code>{span.spanId}</code> <CopyButton text={span.spanId} />{' '}
              <CopyButton text={() => window.location.href} label="Copy link" testId="copy-span-link" />
            </dd>
            {span.scope && (span.scope.name || span.scope.version) && (
              <>
                <dt>Scope</dt>
                <dd>
                  <SafeText text={`${span.scope.name} ${span.scope.version}`} max={200} />
                </dd>
              </>
            )}
          </dl>

          {span.warnings.length > 0 && (
            <section className="detail-section">
              <h3>Warnings</h3>
              <ul className="span-warnings" data-testid="span-warnings">
                {span.warnings.map((w, i) => (
                  <li key={i}>
                    <code>{w.code}</code> {w.message}
                  </li>
                ))}
              </ul>
            </section>
          )}

          <section className="detail-section">
            <div className="section-head">
              <h3>
                Attributes <span className="count">{span.attributes.length}</span>
              </h3>
              <input
                className="filter-input"
                type="search"
                placeholder="Filter attributes"
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
                data-testid="attribute-filter"
                aria-label="Filter attributes"
              />
              <CopyButton text={toJson(span.attributes)} label="Copy JSON" />
            </div>
            <AttributeTable attributes={span.attributes} filter={filter} testId="span-attributes" />
            {span.dropped.attributes > 0 && (
              <p className="muted small">{span.dropped.attributes} attributes were dropped by the SDK.</p>
            )}
          </section>

          <section className="detail-section">
            <h3>
              Events <span className="count">{span.events.length}</span>
            </h3>
            <EventList events={span.events} spanStartUs={span.startUs} />
          </section>

          {span.references.length > 0 && (
            <section className="detail-section">
              <h3>
                References and links <span className="count">{span.references.length}</span>
              </h3>
              <ReferenceList references={span.references} onJump={onJump} />
            </section>
          )}

          <section className="detail-section">
            <h3>
              Resource <span className="count">{span.resource.length}</span>
            </h3>
            <AttributeTable attributes={span.resource} filter={filter} testId="span-resource" />
          </section>
        </div>
      )}
    </aside>
  );
}
