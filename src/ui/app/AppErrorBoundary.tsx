import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** Last line of defence: a render bug shows a message and a way back, never a blank page. */
export class AppErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="fatal" data-testid="load-error" role="alert">
        <h1>Something went wrong while drawing this view</h1>
        <p>{this.state.error.message}</p>
        <p>Your loaded traces are kept. Go back to the trace list and try again.</p>
        <button type="button" onClick={() => { window.location.search = ''; }}>Back to the trace list</button>
      </div>
    );
  }
}
