import { StoreTraces } from './StoreTraces';

interface Props {
  restored: boolean;
  /** Saved files not reopened because the last view crashed. */
  heldBack: number;
  onReopen: () => void;
  onForget: () => void;
  onFiles: (files: FileList) => void;
  onPaste: () => void;
  onSample: () => void;
}

export function Welcome({ restored, heldBack, onReopen, onForget, onPaste, onSample }: Props) {
  if (!restored) return <div className="empty-state muted">Opening saved traces…</div>;
  return (
    <section className="welcome">
      {heldBack > 0 && (
        <div className="held-back" role="status" data-testid="held-back">
          <p>
            The last view stopped with an error, so the{' '}
            {heldBack === 1 ? 'saved file was' : `${heldBack} saved files were`} not reopened.
          </p>
          <button type="button" className="button" onClick={onReopen}>
            Reopen {heldBack === 1 ? 'it' : 'them'}
          </button>
          <button type="button" className="button" onClick={onForget}>
            Forget {heldBack === 1 ? 'it' : 'them'}
          </button>
        </div>
      )}
      <h1>See why a request was slow</h1>
      <p className="lead">
        Drop a trace file anywhere on this window, open one, or paste its JSON. Skein reads it in your browser; nothing
        is uploaded.
      </p>
      <div className="welcome-main">
        <StoreTraces />
        <div className="welcome-open">
          <div className="welcome-drop">
            <div className="drop-icon">⤓</div>
            <div>
              Drop <strong>.json</strong>, <strong>.jsonl</strong>, <strong>.gz</strong> or OTLP protobuf (
              <strong>.pb</strong>) files here
            </div>
            <div className="muted">Several files at once merge by trace id, so one export per service works.</div>
          </div>
          <div className="welcome-actions">
            <button type="button" className="button primary" onClick={onSample}>
              Open a sample trace
            </button>
            <button type="button" className="button" onClick={onPaste}>
              Paste JSON
            </button>
          </div>
        </div>
      </div>
      <div className="formats">
        <div>
          <h3>Jaeger</h3>
          <p>
            UI download / API JSON: <code>{'{data:[…]}'}</code>, one trace, arrays of traces, JSON Lines.
          </p>
        </div>
        <div>
          <h3>Zipkin</h3>
          <p>v2 JSON span lists and lists of traces; v1 with annotations and binaryAnnotations.</p>
        </div>
        <div>
          <h3>OpenTelemetry</h3>
          <p>
            OTLP/JSON, file-exporter JSON Lines, Tempo <code>batches</code> and Jaeger v3 responses.
          </p>
        </div>
      </div>
    </section>
  );
}
