import { Component, type ReactNode } from 'react';
import { clearFiles, markViewCrashed } from '../shared/file-store';

interface State {
  error: Error | null;
}

function reload(): void {
  window.location.search = '';
}

/**
 * Last line of defence: a render bug shows a message and a way back, never a
 * blank page. It marks the crash so that the next load does not reopen the
 * saved files that may have caused it by itself.
 */
export class AppErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(): void {
    markViewCrashed();
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="fatal" data-testid="load-error" role="alert">
        <h1>Something went wrong while drawing this view</h1>
        <p className="fatal-message">{this.state.error.message.slice(0, 300)}</p>
        <p>
          Your opened files are kept in this browser, but they will not be reopened by themselves after this: the start
          page offers to reopen them or to forget them.
        </p>
        <div className="welcome-actions">
          <button type="button" className="button primary" onClick={reload}>
            Reload
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              void clearFiles()
                .catch(() => undefined)
                .finally(reload);
            }}
          >
            Forget saved files and reload
          </button>
        </div>
      </div>
    );
  }
}
