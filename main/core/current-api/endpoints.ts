import type { SettingsRecord } from '../model';

/**
 * Deriv's current API (`api: 'current'`, the default of a new install). It has no public app id:
 * the user registers an app (client id + redirect URL) or makes a PAT, so those start empty.
 */
export const DEFAULT_CURRENT_ENDPOINT = {
  api: 'current',
  authServerUrl: 'https://auth.deriv.com',
  restUrl: 'https://api.derivws.com',
  clientId: '',
  clientRedirectUrl: '',
} as const satisfies Pick<SettingsRecord, 'api' | 'authServerUrl' | 'restUrl' | 'clientId' | 'clientRedirectUrl'>;
