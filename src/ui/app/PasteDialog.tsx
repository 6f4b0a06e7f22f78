import { useEffect, useRef, useState } from 'react';

export function PasteDialog({ onSubmit, onClose }: { onSubmit: (text: string) => void; onClose: () => void }) {
  const [text, setText] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => area.current?.focus(), []);
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
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onClose();
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && text.trim()) onSubmit(text);
          }}
          placeholder='{"resourceSpans": [...]}'
        />
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button primary" disabled={!text.trim()} onClick={() => onSubmit(text)}>
            Open
          </button>
        </div>
      </div>
    </div>
  );
}
