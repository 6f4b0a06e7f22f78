import { useRef } from 'react';
import type { Loading } from '../shared/trace-store';

interface Props {
  loading: Loading | null;
  hasTraces: boolean;
  onFiles: (files: FileList) => void;
  onPaste: () => void;
  onSample: () => void;
  onClear: () => void;
}

export function TopBar({ loading, hasTraces, onFiles, onPaste, onSample, onClear }: Props) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <header className="topbar">
      <a className="brand" href="./" aria-label="Skein home">
        <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width={22} height={22} />
        <span>Skein</span>
      </a>
      <div className="topbar-actions">
        <button type="button" className="button primary" onClick={() => input.current?.click()}>
          Open files…
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          data-testid="file-input"
          accept=".json,.jsonl,.gz,.txt,application/json"
          onChange={(e) => {
            if (e.target.files?.length) onFiles(e.target.files);
            e.target.value = '';
          }}
        />
        <button type="button" className="button" onClick={onPaste}>Paste JSON</button>
        <button type="button" className="button" onClick={onSample}>Open a sample</button>
        {hasTraces && (
          <button type="button" className="button subtle" onClick={onClear} title="Close every trace and forget saved files">
            Clear all
          </button>
        )}
      </div>
      {loading && (
        <div className="loading" role="status">
          <span className="spinner" aria-hidden="true" />
          {loading.stage === 'building' ? 'Building' : loading.stage === 'parsing' ? 'Parsing' : 'Reading'} {loading.label}
          {loading.total > 1 ? ` (${Math.min(loading.done + 1, loading.total)}/${loading.total})` : ''}…
        </div>
      )}
    </header>
  );
}
