import { useState } from 'react';
import { errorText } from '../../model/text';
import { traceStore } from '../shared/trace-store';
import type { ExportFormat } from '../../worker/trace-session';

interface Choice {
  format: ExportFormat;
  redacted: boolean;
  label: string;
  title: string;
  testId: string;
}

const CHOICES: readonly Choice[] = [
  {
    format: 'otlp',
    redacted: false,
    label: 'OTLP/JSON',
    title: 'The trace as OpenTelemetry OTLP/JSON, as an SDK or the Collector writes it',
    testId: 'download-trace',
  },
  {
    format: 'jaeger',
    redacted: false,
    label: 'Jaeger JSON',
    title: 'The trace as Jaeger UI downloads it (what the Jaeger query API answers)',
    testId: 'download-trace-jaeger',
  },
  {
    format: 'otlp',
    redacted: true,
    label: 'Redacted OTLP/JSON',
    title:
      'For a ticket: every attribute value and status message replaced by a short hash (equal values stay equal); ids, names, services, times, kinds, statuses and HTTP status codes kept',
    testId: 'download-trace-redacted',
  },
];

/** A file name from the trace id (hex only, so nothing from the data reaches the name unchecked). */
function fileName(traceId: string, choice: Choice): string {
  const id = /^[0-9a-f]{1,64}$/.test(traceId) ? traceId : 'trace';
  return `${id}${choice.redacted ? '-redacted' : ''}.${choice.format === 'jaeger' ? 'jaeger' : 'otlp'}.json`;
}

/** Downloads the open trace as a file: read again from its source by the worker, written in the chosen format. */
export function DownloadMenu({ traceId }: { traceId: string }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const download = async (choice: Choice) => {
    setBusy(true);
    setProblem(null);
    try {
      const text = await traceStore.exportTrace(traceId, choice.format, choice.redacted);
      if (text === null) throw new Error('the trace is no longer loaded');
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName(traceId, choice);
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setProblem(`Could not download the trace: ${errorText(error)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="download-menu">
      <summary className="button small" aria-busy={busy}>
        {busy ? 'Preparing…' : 'Download'}
      </summary>
      <div className="download-choices" role="menu">
        {CHOICES.map((choice) => (
          <button
            key={choice.testId}
            type="button"
            role="menuitem"
            className="download-choice"
            data-testid={choice.testId}
            title={choice.title}
            disabled={busy}
            onClick={() => void download(choice)}
          >
            {choice.label}
          </button>
        ))}
        {problem && (
          <p className="error-text small" role="alert">
            {problem}
          </p>
        )}
      </div>
    </details>
  );
}
