import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** What a broken screen shows instead of itself: the rest of the app keeps working. */
export function ErrorPanel() {
  const { t } = useTranslation();
  const here = `${window.location.pathname}${window.location.search}`;
  return (
    <section className="card narrow error-panel" role="alert" data-testid="error-panel">
      <h1>{t('crash.title')}</h1>
      <p>{t('crash.body')}</p>
      <p className="actions">
        {/* Plain links: a full page load, not the router, so the broken state goes too. */}
        <a className="button" href={here}>
          {t('crash.reload')}
        </a>
        <a href="/">{t('common.home')}</a>
      </p>
    </section>
  );
}

interface Props {
  /** A new value (the next page) gives a failed screen another try. */
  resetKey?: string;
  children: ReactNode;
}

interface State {
  failed: boolean;
  /** The `resetKey` last seen: when it changes, a failed screen gets another try. */
  resetKey: string | undefined;
}

/**
 * Catches a rendering error below it and shows `ErrorPanel` in its place, so one broken
 * screen never blanks the whole app.
 */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { failed: false, resetKey: this.props.resetKey };

  static getDerivedStateFromError(): Partial<State> {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.resetKey ? null : { failed: false, resetKey: props.resetKey };
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('A screen failed to render', error, info.componentStack);
  }

  render(): ReactNode {
    return this.state.failed ? <ErrorPanel /> : this.props.children;
  }
}
