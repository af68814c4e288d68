import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { ConnectionState } from '../../main/ipc/contract';
import { App } from '../../renderer/src/App';
import { currentLoggedIn } from '../support/current-states';
import { createFakeDesktop } from '../support/fake-desktop-api';
import { fixtures, NOW, twoLogins, withLanguage, withLogins } from '../support/sample-state';
import { listedIds, row } from './account-list-queries';
import { renderApp } from './render-app';

const connectionStatus = () => screen.getByRole('status', { name: /^(Connection|Connexion):/ });

describe('connection status', () => {
  afterEach(() => vi.useRealTimers());

  const cases: [ConnectionState, string, string, boolean][] = [
    [{ status: 'idle' }, 'Connection: Not connected', 'Connexion: Non connecté', false],
    [{ status: 'connecting' }, 'Connection: Connecting…', 'Connexion: Connexion…', false],
    [{ status: 'online', since: NOW }, 'Connection: Online', 'Connexion: En ligne', false],
    [{ status: 'offline', reason: 'connection_closed' }, 'Connection: Offline', 'Connexion: Hors ligne', true],
  ];
  for (const [connection, en, fr, retry] of cases) {
    it(`shows ${connection.status} on every screen${retry ? ' with Retry now' : ''}`, async () => {
      for (const base of [fixtures.unconfigured(), fixtures.derivLoggedOut(), fixtures.loggedIn()]) {
        const { unmount } = await renderApp({ ...base, connection });
        expect(connectionStatus().getAttribute('aria-label')).toBe(en);
        expect(screen.queryByRole('button', { name: 'Retry now' }) !== null).toBe(retry);
        unmount();
      }
      await renderApp(withLanguage({ ...fixtures.loggedIn(), connection }, 'fr'));
      expect(connectionStatus().getAttribute('aria-label')).toBe(fr);
    });
  }

  it('shows the offline reason in the language of the user, and retries now', async () => {
    const french = await renderApp(
      withLanguage({ ...fixtures.loggedIn(), connection: { status: 'offline', reason: 'connection_closed' } }, 'fr'),
    );
    expect(screen.getByText('la connexion à Deriv s’est fermée')).toBeTruthy();
    french.unmount();
    const { desktop, user } = await renderApp({
      ...fixtures.loggedIn(),
      connection: { status: 'offline', reason: 'connection_closed' },
    });
    expect(screen.getByText('the connection to Deriv closed')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Retry now' }));
    expect(desktop.argsOf('retryConnection')).toEqual([undefined]);
    expect(connectionStatus().getAttribute('aria-label')).toBe('Connection: Connecting…');
  });

  it('counts down to the next reconnect attempt', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(NOW);
    const desktop = createFakeDesktop({
      ...fixtures.loggedIn(),
      connection: { status: 'reconnecting', attempt: 3, nextRetryAt: NOW + 5_000, lastError: 'socket closed' },
    });
    render(<App api={desktop.api} />);
    await act(async () => {});
    expect(connectionStatus().getAttribute('aria-label')).toBe('Connection: Reconnecting');
    expect(screen.getByTestId('countdown').textContent).toBe('Reconnecting in 5 s (attempt 3)');
    act(() => vi.advanceTimersByTime(2_000));
    expect(screen.getByTestId('countdown').textContent).toBe('Reconnecting in 3 s (attempt 3)');
    act(() => vi.advanceTimersByTime(10_000));
    expect(screen.getByTestId('countdown').textContent).toBe('Reconnecting in 0 s (attempt 3)');
    screen.getByRole('button', { name: 'Retry now' }).click();
    await act(async () => {});
    expect(desktop.argsOf('retryConnection')).toEqual([undefined]);
  });
});

describe('persistence notice', () => {
  it('explains memory-only tokens without a keyring and asks before storing them unencrypted', async () => {
    const { desktop, user } = await renderApp(fixtures.degraded());
    const notice = screen.getByRole('region', { name: 'Your logins are not saved' });
    expect(notice.textContent).toContain('(basic_text)');
    expect(notice.textContent).toContain('kept only until the app closes');
    await user.click(within(notice).getByRole('button', { name: 'Store them unencrypted' }));
    expect(desktop.argsOf('setPlaintextConsent')).toEqual([{ allow: true }]);
    const allowed = await screen.findByRole('region', { name: 'Logins saved without encryption' });
    await user.click(within(allowed).getByRole('button', { name: 'Stop storing them' }));
    expect(desktop.argsOf('setPlaintextConsent')).toEqual([{ allow: true }, { allow: false }]);
  });

  it('is absent when encryption is available', async () => {
    await renderApp(fixtures.loggedIn());
    expect(
      screen.queryByRole('region', { name: /Your logins are not saved|Logins saved without encryption/ }),
    ).toBeNull();
  });
});

describe('notices', () => {
  it('lists notices and dismisses one', async () => {
    const state = fixtures.loggedIn();
    state.notices = [
      { id: 'a', level: 'warning', code: 'token_decrypt_failed', params: { accounts: ['CR1', 'CR2'] } },
      { id: 'b', level: 'info', code: 'endpoint_changed', params: {} },
    ];
    const { desktop, user } = await renderApp(state);
    const list = screen.getByRole('list', { name: 'Notices' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    const decrypt =
      'The saved login for CR1, CR2 could not be unlocked (the system keyring may have changed): log in again.';
    await user.click(screen.getByRole('button', { name: `Dismiss: ${decrypt}` }));
    expect(desktop.argsOf('dismissNotice')).toEqual([{ id: 'a' }]);
    expect(screen.queryByText(decrypt)).toBeNull();
    expect(screen.getByText('You were logged out because the server settings changed: log in again.')).toBeTruthy();
  });

  it('words every notice in French from its code and parameters', async () => {
    const state = withLanguage(fixtures.loggedIn(), 'fr');
    state.notices = [{ id: 'a', level: 'warning', code: 'token_decrypt_failed', params: { accounts: ['CR1'] } }];
    await renderApp(state);
    const list = screen.getByRole('list', { name: 'Avis' });
    expect(within(list).getByText(/^La connexion enregistrée pour CR1 n’a pas pu être déverrouillée/)).toBeTruthy();
    expect(within(list).queryByText(/could not/)).toBeNull();
  });

  it('words the codes inside a notice in French too: the failure reason, the names of settings', async () => {
    const state = withLanguage(fixtures.loggedIn(), 'fr');
    state.notices = [
      { id: 'a', level: 'warning', code: 'session_start_failed', params: { reason: 'timeout' } },
      { id: 'b', level: 'warning', code: 'settings_refused', params: { fields: ['wsUrl', 'redirectUrl'] } },
    ];
    await renderApp(state);
    const list = screen.getByRole('list', { name: 'Avis' });
    const [failed, refused] = within(list)
      .getAllByRole('listitem')
      .map((item) => item.textContent ?? '');
    expect(failed).toContain('Les comptes n’ont pas pu être ouverts (Deriv n’a pas répondu à temps).');
    expect(refused).toContain('enregistrés (serveur WebSocket, adresse de retour) sont invalides');
    expect(`${failed} ${refused}`).not.toMatch(/timeout|wsUrl|redirectUrl/);
  });
  it('says when saved logins were not used because the saved addresses changed, and marks those accounts (EN, FR)', async () => {
    for (const [language, notice, reason] of [
      ['en', /^The server addresses changed since the login for CR1 was saved/, /so the app did not use it/],
      [
        'fr',
        /^Les adresses de serveur ont changé depuis l’enregistrement de la connexion de CR1/,
        /ne l’a donc pas utilisée/,
      ],
    ] as const) {
      const state = withLanguage(fixtures.loggedIn(), language);
      state.notices = [{ id: 'a', level: 'warning', code: 'saved_addresses_changed', params: { accounts: ['CR1'] } }];
      state.accounts = state.accounts.map((a, i) =>
        i === 0
          ? { ...a, needsLogin: true, needsLoginReason: 'destination_changed', authorized: false, balance: null }
          : a,
      );
      const { unmount } = await renderApp(state);
      const list = screen.getByRole('list', { name: language === 'en' ? 'Notices' : 'Avis' });
      expect(within(list).getByText(notice)).toBeTruthy();
      expect(screen.getAllByText(reason).length).toBeGreaterThan(0);
      unmount();
    }
  });
});

describe('demo badge', () => {
  it('stays visible in demo mode on every screen', async () => {
    const { user } = await renderApp(fixtures.demoLoggedIn());
    expect(screen.getByTestId('demo-badge').textContent).toBe('Demo mode');
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    expect(screen.getByTestId('demo-badge')).toBeTruthy();
  });

  it('reads Mode démo in French', async () => {
    await renderApp(withLanguage(fixtures.demoLoggedIn(), 'fr'));
    expect(screen.getByTestId('demo-badge').textContent).toBe('Mode démo');
  });
});

describe('confirmations', () => {
  it('removes a login from this computer only after confirming, in an accessible dialog with managed focus', async () => {
    const { desktop, user } = await renderApp(fixtures.loggedIn());
    const opener = screen.getByRole('button', { name: 'Remove from this computer: Deriv login' });
    await user.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Remove from this computer?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    // The legacy login is the last that opens anything: main logs out of everything, and tells Deriv.
    expect(dialog.textContent).toContain(
      'Logged out here, saved login removed: CR799393, CR799394, MF100200, VRTC1859315. Your other accounts stay. Deriv is asked to end the session.',
    );
    const cancel = within(dialog).getByRole('button', { name: 'Cancel' });
    const confirm = within(dialog).getByRole('button', { name: 'Remove from this computer' });
    expect(document.activeElement).toBe(cancel);
    await user.tab();
    expect(document.activeElement).toBe(confirm);
    await user.tab();
    expect(document.activeElement).toBe(cancel);
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(confirm);

    await user.click(cancel);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
    expect(desktop.argsOf('logout')).toEqual([]);

    await user.click(opener);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(desktop.argsOf('logout')).toEqual([]);

    await user.click(opener);
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Remove from this computer' }));
    expect(desktop.argsOf('logout')).toEqual([{ loginId: 'login-legacy-1' }]);
    expect(await screen.findByRole('button', { name: 'Log in with Deriv' })).toBeTruthy();
  });

  it('legacy, another login still open: says nothing is sent to Deriv, and only that login goes', async () => {
    const state = fixtures.loggedIn();
    // The demo account signed in apart, with another Deriv login.
    state.accounts[2]!.loginId = 'login-legacy-2';
    const { desktop, user } = await renderApp(withLogins(state));
    await user.click(screen.getByRole('button', { name: 'Remove from this computer: Deriv login · CR799393' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove from this computer?' });
    expect(dialog.textContent).toContain(
      'Logged out here, saved login removed: CR799393, CR799394, MF100200. Your other accounts stay. Nothing is sent to Deriv: the login stays valid there until it expires.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Remove from this computer' }));
    expect(desktop.argsOf('logout')).toEqual([{ loginId: 'login-legacy-1' }]);
    expect(listedIds()).toEqual(['VRTC1859315']);
    // The account left becomes the active one.
    expect(row('VRTC1859315').getAttribute('aria-current')).toBe('true');
  });

  it('a personal token: dropped in two clicks, saying it stays valid at Deriv (EN, FR)', async () => {
    const { desktop, user } = await renderApp(twoLogins());
    await user.click(screen.getByRole('button', { name: 'Remove from this computer: Personal token · app 41234' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove from this computer?' });
    expect(dialog.textContent).toContain(
      'Logged out here, saved login removed: CR900011, CR900012, VRTC900013, VRTC900014. Your other accounts stay. The personal token stays valid at Deriv: revoke it there if you no longer use it.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Remove from this computer' }));
    expect(desktop.argsOf('logout')).toEqual([{ loginId: 'login-pat-1' }]);
    expect(listedIds()).toEqual(['CR900001', 'CR900002', 'MF900004', 'VRTC900003']);
    cleanup();
    const fr = await renderApp(withLanguage(twoLogins(), 'fr'));
    await fr.user.click(
      screen.getByRole('button', { name: 'Retirer de cet ordinateur\u202f: Jeton personnel · app 41234' }),
    );
    expect(screen.getByRole('dialog', { name: 'Retirer de cet ordinateur\u202F?' }).textContent).toContain(
      'Le jeton personnel reste valide chez Deriv\u202f: révoquez-le là-bas',
    );
  });

  it('current API: "Log out of this login" names the login\'s accounts, says Deriv is asked to end the session, and logs out that login only', async () => {
    const state = currentLoggedIn();
    // Two logins: the active account's (with CR799394), and another one's.
    for (const a of state.accounts.slice(2)) a.loginId = 'login-current-2';
    const { desktop, user } = await renderApp(withLogins(state));
    await user.click(screen.getByRole('button', { name: 'Log out of this login: Deriv login · CR799393' }));
    const dialog = screen.getByRole('dialog', { name: 'Log out of this login?' });
    expect(dialog.textContent).toContain(
      'Logged out here, saved login removed: CR799393, CR799394. Your other accounts stay. Deriv is asked to end the session.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Log out of this login' }));
    expect(desktop.argsOf('logout')).toEqual([{ loginId: 'login-current-1' }]);
    expect(listedIds()).toEqual(['MF100200', 'VRTC1859315']);
  });

  it('current API without a known revocation endpoint: the dialogs say the session may stay valid until it expires (EN, FR)', async () => {
    const state = currentLoggedIn();
    for (const a of state.accounts) a.sessionEnd = 'at_expiry';
    const withEnd = withLogins(state);
    const { user } = await renderApp(withEnd);
    await user.click(screen.getByRole('button', { name: 'Log out of this login: Deriv login' }));
    expect(screen.getByRole('dialog').textContent).toContain('Deriv may keep the session valid until it expires.');
    expect(screen.getByRole('dialog').textContent).not.toContain('asked to end');
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('button', { name: 'Log out of all accounts' }));
    expect(screen.getByRole('dialog').textContent).toContain(
      'All accounts are logged out and saved logins removed. Deriv may keep the session valid until it expires.',
    );
    await user.keyboard('{Escape}');
    cleanup();
    const fr = await renderApp(withLanguage(withEnd, 'fr'));
    await fr.user.click(
      screen.getByRole('button', { name: 'Se déconnecter de cette connexion\u202f: Connexion Deriv' }),
    );
    expect(screen.getByRole('dialog').textContent).toContain(
      'Déconnexion ici, connexion enregistrée supprimée\u202F: CR799393, CR799394, MF100200, VRTC1859315.',
    );
    expect(screen.getByRole('dialog').textContent).toContain('Deriv peut garder la session jusqu’à son expiration.');
  });

  it('logs out of all accounts after confirming, back to the login screen', async () => {
    const { desktop, user } = await renderApp(fixtures.loggedIn());
    await user.click(screen.getByRole('button', { name: 'Log out of all accounts' }));
    await user.click(
      within(screen.getByRole('dialog', { name: 'Log out of all accounts?' })).getByRole('button', {
        name: 'Log out of all accounts',
      }),
    );
    expect(desktop.argsOf('logout')).toEqual([undefined]);
    expect(await screen.findByRole('button', { name: 'Log in with Deriv' })).toBeTruthy();
  });

  it('forgets everything after confirming, back to first run', async () => {
    const { desktop, user } = await renderApp(fixtures.loggedIn());
    await user.click(screen.getByRole('button', { name: 'Forget everything' }));
    const dialog = screen.getByRole('dialog', { name: 'Forget everything?' });
    await user.click(within(dialog).getByRole('button', { name: 'Forget everything' }));
    expect(desktop.argsOf('forgetEverything')).toEqual([undefined]);
    expect(await screen.findByRole('heading', { name: 'Welcome' })).toBeTruthy();
  });

  it('offers Forget everything in Settings too, and in French', async () => {
    const { desktop, user } = await renderApp(withLanguage(fixtures.derivLoggedOut(), 'fr'));
    await user.click(screen.getByRole('button', { name: 'Paramètres' }));
    await user.click(screen.getByRole('button', { name: 'Tout oublier' }));
    const dialog = screen.getByRole('dialog', { name: 'Tout oublier\u202F?' });
    await user.click(within(dialog).getByRole('button', { name: 'Annuler' }));
    expect(desktop.argsOf('forgetEverything')).toEqual([]);
  });
});

describe('authorize details', () => {
  const valueOf = (region: HTMLElement, label: string) =>
    Array.from(region.querySelectorAll('dt'))
      .filter((dt) => dt.textContent === label)
      .map((dt) => dt.nextElementSibling?.textContent);
  const technical = (region: HTMLElement) =>
    within(region).getByText('Technical details', { selector: 'summary' }).closest('details') as HTMLDetailsElement;

  it('shows the active account and its owner in words, each fact once, the codes folded under Technical details', async () => {
    const { user } = await renderApp(fixtures.loggedIn());
    const details = screen.getByRole('region', { name: /Account details/ });
    expect(valueOf(details, 'Account ID')).toEqual(['CR799393']);
    expect(valueOf(details, 'Signed in with')).toEqual(['Deriv login']);
    expect(valueOf(details, 'Balance')).toEqual(['$10,234.50']);
    expect(valueOf(details, 'Type')).toEqual(['Real']);
    expect(valueOf(details, 'Status')).toEqual(['OK']);
    // The landing company by name (the primary account: authorize's own full name).
    expect(valueOf(details, 'Landing company')).toEqual(['Deriv (SVG) LLC']);
    expect(valueOf(details, 'Name')).toEqual(['Mme Alice Martin']);
    expect(valueOf(details, 'Email')).toEqual(['trader@example.com']);
    // Country and language by name (Intl), not the codes `fr` and `FR`.
    expect(valueOf(details, 'Country')).toEqual(['France']);
    expect(valueOf(details, 'Preferred language')).toEqual(['French']);
    // No doubled or engineer rows among the words.
    for (const gone of ['Login ID', 'Account type', 'Scopes', 'Token scopes', 'Accounts in this login', 'Broker'])
      expect(valueOf(details, gone), gone).toEqual([]);

    // The server's codes, each once, as sent, in the fold (closed by default).
    const fold = technical(details);
    expect(fold.open).toBe(false);
    expect(valueOf(fold, 'broker')).toEqual(['CR']);
    expect(valueOf(fold, 'landing_company_name')).toEqual(['svg']);
    expect(valueOf(fold, 'account_type')).toEqual(['binary']);
    expect(valueOf(fold, 'account_category')).toEqual(['trading']);
    expect(valueOf(fold, 'scopes')).toEqual(['read, trade, payments, admin']);
    expect(valueOf(fold, 'user_id')).toEqual(['4242']);
    for (const dt of fold.querySelectorAll('dt')) expect(dt.querySelector('code')).not.toBeNull();

    await user.click(row('VRTC1859315'));
    const after = screen.getByRole('region', { name: /Account details/ });
    expect(valueOf(after, 'Account ID')).toEqual(['VRTC1859315']);
    expect(valueOf(after, 'Type')).toEqual(['Demo']);
    // A demo account has no landing company to name (its type says Demo); the code stays in the fold.
    expect(valueOf(after, 'Landing company')).toEqual([]);
    expect(valueOf(technical(after), 'landing_company_name')).toEqual(['virtual']);
    expect(valueOf(technical(after), 'broker')).toEqual(['VRTC']);
  });

  it('names a landing company from its code for an account that is not the primary one', async () => {
    const { user } = await renderApp(fixtures.loggedIn());
    await user.click(row('CR799394'));
    const details = screen.getByRole('region', { name: /Account details/ });
    expect(valueOf(details, 'Landing company')).toEqual(['Deriv (SVG) LLC']);
  });

  it('has the raw JSON in the Technical details fold, equal to the authorize response', async () => {
    const { desktop, user } = await renderApp(fixtures.loggedIn());
    const summary = screen.getByText('Technical details', { selector: 'summary' });
    const details = summary.closest('details') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    await user.click(summary);
    expect(details.open).toBe(true);
    const pre = within(details).getByLabelText('Deriv’s answer as sent (JSON)');
    expect(JSON.parse(pre.textContent ?? '')).toEqual(desktop.state().details?.raw);
    expect(pre.textContent).not.toMatch(/token/i);
  });

  it('says so when there is no authorize response yet', async () => {
    await renderApp({ ...fixtures.loggedIn(), details: null });
    expect(screen.getByText('Deriv has not described these accounts yet.')).toBeTruthy();
  });

  it('labels the fields in French, country and language named in French', async () => {
    await renderApp(withLanguage(fixtures.loggedIn(), 'fr'));
    const details = screen.getByRole('region', { name: /Détails du compte/ });
    expect(valueOf(details, 'Nom')).toEqual(['Mme Alice Martin']);
    expect(valueOf(details, 'Société')).toEqual(['Deriv (SVG) LLC']);
    expect(valueOf(details, 'Pays')).toEqual(['France']);
    expect(valueOf(details, 'Langue préférée')).toEqual(['français']);
    expect(valueOf(details, 'Type')).toEqual(['Réel']);
  });

  it('leaves out a row the server did not fill, and a country code Intl cannot name, rather than showing a dash', async () => {
    const state = fixtures.loggedIn();
    const raw = state.details!.raw as Record<string, unknown>;
    delete raw.fullname;
    raw.country = 'not a country';
    await renderApp(state);
    const details = screen.getByRole('region', { name: /Account details/ });
    expect(valueOf(details, 'Name')).toEqual([]);
    expect(valueOf(details, 'Country')).toEqual([]);
    expect(within(details).queryByText('—', { selector: 'dd' })).toBeNull();
  });
});
