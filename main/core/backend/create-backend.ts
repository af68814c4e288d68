/**
 * The backend of each Deriv API, built for the current endpoint settings. The composition root
 * (`main/index.ts`) and the tests use this one factory, so both run the same backends.
 */
import { CurrentApiSession, type CurrentSessionOptions } from '../current-api/session';
import { LegacyBackend } from '../deriv/legacy-backend';
import { DerivSession, type Timing } from '../deriv/session';
import type { Logger } from '../logger';
import type { CreateBackend } from './port';

export interface BackendOptions {
  logger?: Logger;
  /** Shorter periods for tests; production uses the defaults. */
  timing?: Partial<Timing>;
  /** Deriv's current API: its REST base, token endpoint and client id (not in the settings yet). */
  currentApi?: CurrentSessionOptions;
}

export function backendFactory({ currentApi, ...opts }: BackendOptions = {}): CreateBackend {
  return (api, settings) => {
    if (api === 'current') {
      if (!currentApi) throw new Error('No endpoint is configured for the current Deriv API.');
      return new CurrentApiSession({ ...currentApi, ...(opts.logger ? { logger: opts.logger } : {}) });
    }
    const endpoint = { wsUrl: settings.wsUrl, appId: settings.appId, language: settings.language };
    return new LegacyBackend(new DerivSession({ endpoint, ...opts }));
  };
}
