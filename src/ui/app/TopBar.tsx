import { ClearAll } from './ClearAll';
import { ThemeToggle } from './ThemeToggle';
import { TimeZoneToggle } from './TimeZoneToggle';
import { ShortcutHelp } from './ShortcutHelp';
import { useRef } from 'react';
import type { Loading } from '../shared/trace-store';
import { navigate } from '../shared/location';
import { thousands } from '../../model/numbers';

interface Props {
  loading: Loading | null;
  hasTraces: boolean;
  onFiles: (files: FileList) => void;
  onPaste: () => void;
  onSample: () => void;
  onClear: () => void;
  onCancel: () => void;
  searching: boolean;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.round(bytes / 1e3)} kB`;
}

export function TopBar({ loading, hasTraces, onFiles, onPaste, onSample, onClear, onCancel, searching }: Props) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <header className="topbar">
      <a className="brand" href="./" aria-label="Skein home">
        <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width={22} height={22} />
        <span>Skein</span>
      </a>
      <nav className="topbar-nav">
        <a
          href="./"
          className={searching ? '' : 'active'}
          onClick={(e) => {
            e.preventDefault();
            navigate('/');
          }}
        >
          Traces
        </a>
        <a
          href="search"
          className={searching ? 'active' : ''}
          data-testid="nav-search"
          onClick={(e) => {
            e.preventDefault();
            navigate('/search');
          }}
        >
          Search
        </a>
      </nav>
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
          accept=".json,.jsonl,.gz,.txt,.pb,.binpb,.proto.bin,application/json,application/x-protobuf"
          onChange={(e) => {
            if (e.target.files?.length) onFiles(e.target.files);
            e.target.value = '';
          }}
        />
        <button type="button" className="button" onClick={onPaste}>
          Paste JSON
        </button>
        <button type="button" className="button" onClick={onSample}>
          Open a sample
        </button>
        <TimeZoneToggle />
        <ShortcutHelp />
        <ThemeToggle />
        {hasTraces && <ClearAll onClear={onClear} />}
      </div>
      {loading && (
        <div className="loading" role="status" data-testid="load-progress">
          <span className="spinner" aria-hidden="true" />
          <span className="loading-text">
            {loading.stage.startsWith('reading ')
              ? loading.stage.slice(8)
              : loading.stage === 'building'
                ? `Building ${loading.label}`
                : `Opening ${loading.label}`}
          </span>
          {loading.total > 1000 && (
            <>
              <span className="progress-track" aria-hidden="true">
                <span
                  className="progress-fill"
                  style={{ width: `${Math.min(100, (loading.done / loading.total) * 100)}%` }}
                />
              </span>
              <span className="muted-light">
                {loading.stage === 'building'
                  ? `${thousands(loading.done)} of ${thousands(loading.total)} traces`
                  : `${formatBytes(loading.done)} of ${formatBytes(loading.total)}`}
              </span>
            </>
          )}
          {loading.importId !== null && (
            <button type="button" className="button subtle" onClick={onCancel} data-testid="cancel-load">
              Cancel
            </button>
          )}
        </div>
      )}
    </header>
  );
}
