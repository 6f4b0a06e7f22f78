import { useEffect, useRef, useState } from 'react';
import { SafeText } from '../shared/SafeText';

/** The offset in `text` of a 1-based line and column, as the import's messages give them. */
function offsetOf(text: string, line: number, column: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', at);
    if (next === -1) return text.length;
    at = next + 1;
  }
  return Math.min(text.length, at + column - 1);
}

/**
 * Paste JSON: Open reads it like a dropped file. If it cannot be read, the dialog stays with the text and says why,
 * with the caret where the message points (`pasted text:3:38`), so one fix and Open again is all it takes.
 */
export function PasteDialog({
  onSubmit,
  onClose,
}: {
  onSubmit: (text: string) => Promise<string | null>;
  onClose: () => void;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => area.current?.focus(), []);
  const submit = async () => {
    if (!text.trim() || busy) return;
    setBusy(true);
    const problem = await onSubmit(text);
    setBusy(false);
    setError(problem);
    const where = problem && /:(\d+):(\d+)\b/.exec(problem);
    const field = area.current;
    if (where && field) {
      const at = offsetOf(text, Number(where[1]), Number(where[2]));
      field.focus();
      field.setSelectionRange(at, at);
    }
  };
  return (
    <div className="modal-backdrop" onClick={onClose} role="presentation">
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="paste-title"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="paste-title">Paste trace JSON</h2>
        <p className="muted">Jaeger, Zipkin or OTLP JSON, or JSON Lines. The format is recognised from the content.</p>
        <textarea
          ref={area}
          data-testid="paste-input"
          value={text}
          spellCheck={false}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'paste-error' : undefined}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onClose();
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
          }}
          placeholder='{"resourceSpans": [...]}'
        />
        {error && (
          <div className="paste-error" id="paste-error" role="alert" data-testid="paste-error">
            <SafeText text={error} max={1000} />
          </div>
        )}
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button primary"
            data-testid="paste-open"
            disabled={!text.trim() || busy}
            onClick={() => void submit()}
          >
            {busy ? 'Opening…' : 'Open'}
          </button>
        </div>
      </div>
    </div>
  );
}
