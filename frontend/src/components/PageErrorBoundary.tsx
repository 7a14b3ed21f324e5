import { Component, type ErrorInfo, type ReactNode } from "react";

interface Props {
  children: ReactNode;
  /** A new value (the page's path) clears a shown error: the user moved on. */
  resetKey?: string;
}

interface State {
  error: Error | null;
}

/** A page part that failed to download: the app was updated since this tab loaded it. */
export function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /Failed to fetch dynamically imported module|Importing a module script failed|error loading dynamically imported module/i.test(
    message,
  );
}

/**
 * Keeps one page's crash from blanking the whole app: the header and menu stay, and the page
 * area says what happened in plain words. Moving to another page (a new resetKey) starts fresh.
 */
export class PageErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error("Page crashed", error, info.componentStack);
  }

  componentDidUpdate(previous: Props): void {
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    const stale = isChunkLoadError(error);
    return (
      <section className="page" role="alert">
        <h1>{stale ? "IGNY8 was updated" : "This page ran into a problem"}</h1>
        <p>
          {stale
            ? "A newer version is available. Reload the page to continue — nothing you saved is lost."
            : "Something on this page failed to display. Reload to try again; if it keeps happening, tell your administrator."}
        </p>
        <button type="button" className="primary" onClick={() => window.location.reload()}>
          Reload the page
        </button>
      </section>
    );
  }
}
