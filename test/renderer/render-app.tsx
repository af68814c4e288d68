import { cleanup, configure, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach } from 'vitest';

import type { AppState } from '../../main/ipc/contract';
import { App } from '../../renderer/src/App';
import { createFakeDesktop } from '../support/fake-desktop-api';

afterEach(cleanup);
// The whole suite shares two cores with the browser tests: give async queries room under load.
configure({ asyncUtilTimeout: 5_000 });

/** Renders the App against a fake DesktopApi holding `state`, and waits for the first render. */
export async function renderApp(state: AppState) {
  const desktop = createFakeDesktop(state);
  const user = userEvent.setup();
  const view = render(<App api={desktop.api} />);
  await screen.findByRole('banner');
  return { desktop, user, ...view };
}
