/**
 * The backend of each Deriv API, built for the current endpoint settings. The composition root
 * (`main/index.ts`) and the tests use this one factory, so both run the same backends.
 */
import { AppBudgets } from '../current-api/rest-budget';
import { CurrentApiSession, type CurrentSessionOptions, DEFAULT_CURRENT_TIMING } from '../current-api/session';
import { LegacyBackend } from '../legacy-api/legacy-backend';
import { DerivSession, type Timing } from '../legacy-api/session';
import type { Logger } from '../logger';
import { isSecureOrLoopback } from '../model';
import { systemClock } from '../socket/ports';
import { GrantRenewals } from './grant-renewals';
import type { CreateBackend } from './port';

export interface BackendOptions {
  logger?: Logger;
  /** Shorter periods for tests; production uses the defaults. */
  timing?: Partial<Timing>;
  /** Deriv's current API: options over those the settings give (REST base, authorization server, client id). */
  currentApi?: Partial<CurrentSessionOptions>;
}

export function backendFactory({ currentApi, ...opts }: BackendOptions = {}): CreateBackend {
  // Without main's (a test building backends alone), one guard for every session this factory
  // builds: a session replaced while its refresh is in flight (new settings) hands that refresh to
  // its successor instead of a second use of the refresh token, which Deriv answers by revoking the grant.
  const own = GrantRenewals.inMemory().renew;
  // One set of request budgets for every session: a session replacing another (new settings, a
  // restart of the accounts) spends from the same minute and hour, as Deriv counts them.
  let budgets: AppBudgets | undefined;
  return (settings, renew) => {
    if (settings.api === 'current') {
      // The address rule, again where the credentials are about to travel.
      if (!isSecureOrLoopback(settings.restUrl, 'http') || !isSecureOrLoopback(settings.authServerUrl, 'http')) {
        throw new Error("The current API's addresses must be https:// (http:// only on this computer).");
      }
      const fromSettings = {
        restUrl: settings.restUrl,
        authServerUrl: settings.authServerUrl,
        clientId: settings.clientId,
      };
      budgets ??= new AppBudgets(
        { ...DEFAULT_CURRENT_TIMING, ...currentApi?.timing },
        currentApi?.clock ?? systemClock,
      );
      return new CurrentApiSession({
        ...fromSettings,
        renewGrant: renew ?? own,
        budgets,
        ...currentApi,
        ...(opts.logger ? { logger: opts.logger } : {}),
      });
    }
    const endpoint = { wsUrl: settings.wsUrl, appId: settings.appId, language: settings.language };
    return new LegacyBackend(new DerivSession({ endpoint, ...opts }));
  };
}
