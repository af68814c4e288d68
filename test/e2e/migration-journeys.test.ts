/**
 * The move from Deriv's legacy platform, end to end: the built renderer in real Chromium wired to
 * a real core on the sandbox's current API, whose store holds the trader's legacy login (as an
 * earlier run of the app left it). The trader signs in on the current API in the login window;
 * the core asks the migration status and shows where each legacy loginid went, in English and
 * French; the legacy login is retired in one step (confirmed once), the current accounts stay. The
 * pending and failed screens, EN and FR. Screenshots in test-results/e2e/, axe on each screen,
 * and every journey ends with the leak scan.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import type { AppState } from '../../main/ipc/contract';
import { browserTestsUnavailable } from '../support/chromium';
import { storeLegacyLogin } from '../support/legacy-stored';
import { axeViolations } from './support/axe';
import {
  addLogin,
  connection,
  eventually,
  expectCleanJourney,
  journeySuite,
  row,
  rowOk,
} from './support/journey-suite';
import type { JourneyWorld } from './support/journey-world';

const STATUS_PATH = '/trading/v1/options/legacy/migration-status';
const TIMING = { pollMs: 300, retryMs: 200 };

const card = (page: Page) => page.getByRole('region', { name: /^(Legacy accounts|Anciens comptes)$/ });

describe.skipIf(browserTestsUnavailable())('the legacy migration in Chromium against the sandbox', () => {
  const suite = journeySuite();

  /** A world on the current API whose store holds the user's legacy login; the page shows it after a restart. */
  async function withLegacyStored(): Promise<{ world: JourneyWorld; legacyIds: string[] }> {
    const world = await suite.start({ api: 'current', migrationTiming: TIMING });
    const legacyIds = await storeLegacyLogin(world.harness.vault, world.sandbox, world.user);
    await world.restart();
    for (const id of legacyIds) await row(world.page, id).waitFor();
    expect(world.harness.controller.state().accounts.every((a) => a.api === 'legacy')).toBe(true);
    return { world, legacyIds };
  }

  /** "Add login" → "Deriv login": the current API's login page, approved; the current accounts come online. */
  async function signInOnCurrentApi(w: JourneyWorld): Promise<AppState> {
    w.nextLogin = { action: 'approve' };
    await addLogin(w.page, 'Deriv login');
    const ids = w.currentUser.accounts.map((a) => a.account_id);
    const state = await w.harness.waitFor(
      (s) => s.connection.status === 'online' && ids.every((id) => s.accounts.some((a) => a.accountId === id)),
      30_000,
    );
    await connection(w.page, 'Online').waitFor();
    return state;
  }

  const statusAsks = (w: JourneyWorld) => w.sandbox.httpHits().filter((h) => h.path === STATUS_PATH).length;

  async function inFrench(w: JourneyWorld): Promise<void> {
    await w.page.getByRole('combobox').first().selectOption('fr');
    await w.page.waitForFunction(() => document.documentElement.lang === 'fr');
  }

  async function inEnglish(w: JourneyWorld): Promise<void> {
    await w.page.getByRole('combobox').first().selectOption('en');
    await w.page.waitForFunction(() => document.documentElement.lang === 'en');
  }

  it('a: legacy login stored → current-API sign-in → where each loginid went (EN, FR) → retired in one step', async () => {
    const { world, legacyIds } = await withLegacyStored();
    const { page } = world;
    // Before a current-API login: nothing to ask with, nothing shown.
    expect(statusAsks(world)).toBe(0);
    expect(await card(page).count()).toBe(0);

    await signInOnCurrentApi(world);
    expect(world.loginPaths[0]).toMatch(/^\/auth\/interaction\//);
    await world.harness.waitFor((s) => s.migration?.status === 'complete', 20_000);
    // Each legacy loginid with the current account the sandbox says it became: "CR… → ROT… (USD)".
    const { migration } = (await (await world.currentFault('migration', {})).json()) as {
      migration: { mapping: Record<string, { account_id: string; currency: string }[]> };
    };
    const lines = await card(page).getByRole('listitem').allInnerTexts();
    expect(lines).toEqual(
      legacyIds.map((id) => {
        const to = migration.mapping[id] ?? [];
        return `${id} → ${to.map((a) => `${a.account_id} (${a.currency})`).join(', ') || '—'}`;
      }),
    );
    const usd = world.user.accounts.find((a) => a.currency === 'USD' && a.is_virtual === 0)!.loginid;
    const realUsd = world.currentUser.accounts.find((a) => a.currency === 'USD' && a.account_type === 'real')!;
    expect(lines).toContain(`${usd} → ${realUsd.account_id} (USD)`);
    expect(await axeViolations(page)).toEqual([]);
    await world.screenshot('migration-a-complete-en');

    await inFrench(world);
    await card(page).getByRole('heading', { name: 'Anciens comptes' }).waitFor();
    expect(await card(page).getByRole('listitem').allInnerTexts()).toEqual(lines);
    expect(await axeViolations(page)).toEqual([]);
    await world.screenshot('migration-a-complete-fr');

    // One step: the button, then its confirmation; the legacy accounts and their saved login go.
    await card(page).getByRole('button', { name: 'Retirer l’ancienne connexion de cet ordinateur' }).click();
    const dialog = page.getByRole('dialog', { name: 'Retirer l’ancienne connexion de cet ordinateur' });
    await dialog.getByText('Vos comptes sur la nouvelle plateforme de Deriv restent.').waitFor();
    await dialog.getByRole('button', { name: 'Retirer l’ancienne connexion de cet ordinateur' }).click();
    await card(page).waitFor({ state: 'detached' });
    const current = world.currentUser.accounts.map((a) => a.account_id);
    await world.harness.waitFor((s) => s.accounts.length === current.length);
    const ids = await page
      .locator('button.acct[data-account-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-account-id')));
    // Listed real before demo.
    const accounts = world.currentUser.accounts;
    expect(ids).toEqual(
      [...accounts.filter((a) => a.account_type !== 'demo'), ...accounts.filter((a) => a.account_type === 'demo')].map(
        (a) => a.account_id,
      ),
    );
    expect(world.harness.controller.state().accounts.every((a) => a.api === 'current')).toBe(true);
    // The store keeps the current login only: no legacy loginid, no legacy grant, no secret in clear.
    await eventually(() => world.storedAccounts().length === current.length, 'the store keeps the current accounts');
    expect(world.storedAccounts().map((a) => a.loginid)).toEqual(current);
    for (const id of legacyIds) expect(world.storeText()).not.toContain(id);
    expect(world.storeLeaks()).toEqual([]);
    // The current accounts stayed open throughout.
    await inEnglish(world);
    await connection(page, 'Online').waitFor();
    for (const id of world.activeCurrentAccounts().map((a) => a.account_id)) await rowOk(page, id).waitFor();
    await world.screenshot('migration-a-retired');
    await expectCleanJourney(world);
  });

  it('b: pending ("being moved"), asked again, then failed ("did not finish"), EN and FR; nothing to retire', async () => {
    const world = await suite.start({ api: 'current', migrationTiming: TIMING });
    await world.currentFault('migration', { status: 'pending' });
    const legacyIds = await storeLegacyLogin(world.harness.vault, world.sandbox, world.user);
    await world.restart();
    const { page } = world;
    await signInOnCurrentApi(world);
    await card(page).getByText('Your accounts are being moved to Deriv’s new platform.').waitFor();
    const asked = statusAsks(world);
    // Served no-store and asked again while pending.
    await eventually(() => statusAsks(world) >= asked + 2, 'the pending status asked again');
    expect(await card(page).getByRole('button').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await world.screenshot('migration-b-pending-en');
    await inFrench(world);
    await card(page)
      .getByText('Vos comptes sont en cours de transfert vers la nouvelle plateforme de Deriv.')
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await world.screenshot('migration-b-pending-fr');

    await world.currentFault('migration', { status: 'failed' });
    await card(page).getByText('Le transfert n’a pas abouti\u202F; contactez le support Deriv.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await world.screenshot('migration-b-failed-fr');
    await inEnglish(world);
    await card(page).getByText('The move did not finish; contact Deriv support.').waitFor();
    expect(await card(page).getByRole('button').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await world.screenshot('migration-b-failed-en');
    // The legacy accounts stay held until the move is complete.
    for (const id of legacyIds) await row(page, id).waitFor();
    await expectCleanJourney(world);
  });
});
