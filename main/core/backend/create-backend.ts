/**
 * The backend of each Deriv API, built for the current endpoint settings. The composition root
 * (`main/index.ts`) and the tests use this one factory, so both run the same backends.
 */
import { LegacyBackend } from '../deriv/legacy-backend';
import { DerivSession, type Timing } from '../deriv/session';
import type { Logger } from '../logger';
import type { CreateBackend } from './port';

export interface BackendOptions {
  logger?: Logger;
  /** Shorter periods for tests; production uses the defaults. */
  timing?: Partial<Timing>;
}

export function backendFactory(opts: BackendOptions = {}): CreateBackend {
  return (api, settings) => {
    if (api !== 'legacy') throw new Error(`No backend for the ${api} Deriv API yet.`);
    const endpoint = { wsUrl: settings.wsUrl, appId: settings.appId, language: settings.language };
    return new LegacyBackend(new DerivSession({ endpoint, ...opts }));
  };
}
