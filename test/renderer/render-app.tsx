import { cleanup, configure, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach } from 'vitest';

import type { AppState } from '../../main/ipc/contract';
import { App } from '../../renderer/src/App';
import { createFakeDesktop } from '../support/fake-desktop-api';

afterEach(() => {
  cleanup();
  // cleanup() empties <body> but the <html> element is shared by every test of a file: a language
  // left by one test must not satisfy the next test's wait below.
  document.documentElement.removeAttribute('lang');
  document.documentElement.removeAttribute('data-theme');
});
// The whole suite shares two cores with the browser tests: give async queries room under load.
configure({ asyncUtilTimeout: 5_000 });

/**
 * Renders the App against a fake DesktopApi holding `state`, and waits until the App has applied
 * that state: its markup (the banner) AND its effects (the document's language).
 *
 * Waiting for the banner alone was the cause of a flaky "is in French" test: the banner is
 * committed with the state, but `document.documentElement.lang` is set by a passive effect that
 * React runs later, in a macrotask of its scheduler. When the banner query resolved, `lang` was
 * still 'en' (the effect of the first, state-less render); only the zero-delay timer that Testing
 * Library waits on after a query usually (not always: under load the scheduler yields) let the
 * effect run first.
 */
export async function renderApp(state: AppState) {
  const desktop = createFakeDesktop(state);
  const user = userEvent.setup();
  const view = render(<App api={desktop.api} />);
  await screen.findByRole('banner');
  await waitFor(() => {
    if (document.documentElement.lang !== state.settings.language)
      throw new Error(`document language is ${document.documentElement.lang}, not yet ${state.settings.language}`);
  });
  return { desktop, user, ...view };
}
