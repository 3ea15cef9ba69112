import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** Catches a page that failed to load (e.g. its chunk after a redeploy) or to render, instead of a blank app. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidUpdate(previous: { resetKey?: string }) {
    if (previous.resetKey !== this.props.resetKey && this.state.error !== null) this.setState({ error: null });
  }

  override render() {
    if (this.state.error === null) return this.props.children;
    return (
      <div className="page-error" role="alert">
        <h1 className="page-title">Something went wrong</h1>
        <p>{this.state.error.message}</p>
        <button type="button" className="button" onClick={() => location.reload()}>
          Reload the page
        </button>
      </div>
    );
  }
}
