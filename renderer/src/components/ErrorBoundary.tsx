import { Component, type ErrorInfo, type ReactNode } from 'react';

import type { DerivApi } from '../../../main/ipc/contract';
import type { Messages } from '../i18n';

interface Props {
  t: Messages;
  /** What the server sent, shown as JSON so it stays reachable when its view cannot render. */
  raw: unknown;
  /** Which API's answer `raw` is (names the raw-JSON view). */
  api: DerivApi;
  children: ReactNode;
}

/**
 * Last line of defence: a render error in the content area shows a recoverable screen (try again,
 * raw JSON) instead of React unmounting the whole UI. The header, and so settings and logout,
 * stay outside it. The components themselves treat server values as untrusted; this is for what
 * they miss.
 */
export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // The renderer has no logger of its own; the console reaches DevTools in development only.
    console.error('screen failed to render', error.name, info.componentStack);
  }

  override render(): ReactNode {
    const { t, raw, api, children } = this.props;
    if (!this.state.failed) return children;
    let json: string;
    try {
      json = JSON.stringify(raw, null, 2) ?? 'null';
    } catch {
      json = String(raw);
    }
    return (
      <section className="card" role="alert" aria-labelledby="screen-error-title">
        <h2 id="screen-error-title">{t.screenErrorTitle}</h2>
        <p>{t.screenErrorText}</p>
        <button type="button" className="button" onClick={() => this.setState({ failed: false })}>
          {t.screenErrorRetry}
        </button>
        <details className="fold">
          <summary>{t.rawJson[api]}</summary>
          <pre tabIndex={0} aria-label={t.rawJson[api]}>
            {json}
          </pre>
        </details>
      </section>
    );
  }
}
