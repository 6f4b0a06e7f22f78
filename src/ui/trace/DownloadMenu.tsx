import { useState } from 'react';
import { errorText } from '../../model/text';
import { checkedRules, DEFAULT_RULES, parsePatterns, type RedactRules } from '../../model/redact';
import { traceStore } from '../shared/trace-store';
import { readStoredJson, writeStoredJson } from '../shared/stored';
import type { ExportFormat } from '../../worker/trace-session';

/** The redaction rules a person set, remembered across visits. */
const RULES_KEY = 'skein.redactRules';

function storedRules(): RedactRules {
  const value = readStoredJson(RULES_KEY);
  return value && typeof value === 'object' ? checkedRules(value) : DEFAULT_RULES;
}

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
      'For a ticket: attribute values and status messages replaced by a short hash (equal values stay equal), secrets (passwords, tokens, cookies, headers) left out; ids, names, services, times, kinds, statuses and HTTP status codes kept. The rules are yours to change.',
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
  const [rules, setRules] = useState(storedRules);
  const [editing, setEditing] = useState(false);
  const download = async (choice: Choice) => {
    setBusy(true);
    setProblem(null);
    try {
      const text = await traceStore.exportTrace(traceId, choice.format, choice.redacted ? rules : null);
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
        <button
          type="button"
          className="download-choice subtle"
          data-testid="redact-rules"
          aria-expanded={editing}
          onClick={() => setEditing(!editing)}
        >
          {editing ? 'Hide the redaction rules' : 'Redaction rules…'}
        </button>
        {editing && (
          <RulesForm
            rules={rules}
            onChange={(next) => {
              setRules(next);
              writeStoredJson(RULES_KEY, next);
            }}
          />
        )}
        {problem && (
          <p className="error-text small" role="alert">
            {problem}
          </p>
        )}
      </div>
    </details>
  );
}

/** The two lists of the rules: which list, its label, its name in a message, its height in lines. */
const LISTS: ReadonlyArray<[keyof RedactRules, string, string, number]> = [
  ['keep', 'Keep values of', 'Keep', 4],
  ['drop', 'Leave out (wins over keep)', 'Leave out', 3],
];

const asTexts = (rules: RedactRules): Record<keyof RedactRules, string> => ({
  keep: rules.keep.join('\n'),
  drop: rules.drop.join('\n'),
});

/** The two lists of key patterns: values kept as they are, attributes left out. Saved while they are valid. */
function RulesForm({ rules, onChange }: { rules: RedactRules; onChange: (rules: RedactRules) => void }) {
  const [texts, setTexts] = useState(() => asTexts(rules));
  const [error, setError] = useState<string | null>(null);
  const apply = (next: Record<keyof RedactRules, string>) => {
    setTexts(next);
    const parsed: Partial<Record<keyof RedactRules, string[]>> = {};
    for (const [list, , name] of LISTS) {
      const answer = parsePatterns(next[list]);
      if ('error' in answer) return setError(`${name}: ${answer.error}`);
      parsed[list] = answer.patterns;
    }
    setError(null);
    onChange({ keep: parsed.keep ?? [], drop: parsed.drop ?? [] });
  };
  return (
    <div className="redact-rules">
      <p className="muted small">
        Key patterns, one a line (<code>*</code> for any characters). Every other attribute value is hashed.
      </p>
      {LISTS.map(([list, label, , rows]) => (
        <label key={list}>
          {label}
          <textarea
            data-testid={`redact-${list}`}
            value={texts[list]}
            rows={rows}
            spellCheck={false}
            onChange={(e) => apply({ ...texts, [list]: e.target.value })}
          />
        </label>
      ))}
      {error && (
        <p className="error-text small" role="alert" data-testid="redact-error">
          {error}
        </p>
      )}
      <button type="button" className="button small" onClick={() => apply(asTexts(DEFAULT_RULES))}>
        Back to the defaults
      </button>
    </div>
  );
}
