/**
 * Demo mode's tokens, end to end: the built renderer in Chromium through the real DesktopApi to a
 * real core and the sandbox. First run → demo on the current API (the default) → "Sign in with this
 * PAT" → the current API's accounts online; then the demo switched to the legacy API from Settings
 * (confirmed, it logs out) → "Sign in with this API token" → that account online. The tokens
 * never reach the page: the leak scan reads the DOM, every payload, state, log and file.
 */
import { describe, expect, it } from 'vitest';

import { browserTestsUnavailable } from '../support/chromium';
import { journeySuite, rowOk } from './support/journey-suite';

describe.skipIf(browserTestsUnavailable())('demo tokens in Chromium against a real core and the sandbox', () => {
  const suite = journeySuite();

  it('demo PAT on the current API, then the demo switched to the legacy API and its API token', async () => {
    const world = await suite.start({ defaultMode: 'unconfigured' });
    const { page, sandbox } = world;
    await page.getByRole('heading', { name: 'Welcome' }).waitFor();
    // The current API is the demo's default.
    expect(await page.getByRole('radio', { name: 'Deriv (current API)' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Use demo mode' }).click();
    const tokens = page.getByRole('region', { name: 'Demo tokens' });
    await tokens.getByText('The demo uses Deriv (current API).', { exact: true }).waitFor();

    const alice = sandbox.newApi.users[0]!;
    await tokens.getByRole('button', { name: `Sign in with this personal token: ${alice.email}` }).click();
    for (const a of alice.accounts) await page.locator(`button.acct[data-account-id="${a.account_id}"]`).waitFor();
    await world.harness.waitFor((s) => s.connection.status === 'online' && s.accounts.some((a) => a.authorized));
    await page.getByRole('status', { name: 'Connection: Online' }).waitFor();
    await world.screenshot('demo-pat-signed-in');

    // Switching the demo's API logs out first: from Settings, confirmed.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Switch the demo to Deriv, legacy API' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Switch the demo to Deriv, legacy API' }).click();
    await world.harness.waitFor((s) => s.settings.api === 'legacy' && s.accounts.length === 0);
    await page.getByRole('button', { name: 'Back' }).click();

    const token = sandbox.users[0]!.apiTokens[0]!;
    await page
      .getByRole('region', { name: 'Demo tokens' })
      .getByRole('button', { name: `Sign in with this API token: ${sandbox.users[0]!.email} (${token.loginid})` })
      .click();
    await rowOk(page, token.loginid).waitFor();
    const state = world.harness.controller.state();
    expect(state.accounts.map((a) => [a.accountId, a.api, a.source])).toEqual([[token.loginid, 'legacy', 'api_token']]);
    expect(world.bridge.rejected).toEqual([]);
    expect(world.pageProblems).toEqual([]);
  });
});
