/**
 * Endpoint overrides from the environment (`DERIV_APP_ID`, `DERIV_REDIRECT_URL`), held to the same
 * rules as the settings typed in the app: the environment is one more way settings enter main.
 */
import { isAppId, isInterceptableRedirectUrl } from '../model';

export interface EnvironmentOverrides {
  appId?: string;
  redirectUrl?: string;
  /** Variables that were set but broke a rule: ignored (the caller logs them; their values are not kept). */
  refused: string[];
}

export function endpointOverridesFrom(env: Record<string, string | undefined>): EnvironmentOverrides {
  const out: EnvironmentOverrides = { refused: [] };
  const appId = env.DERIV_APP_ID?.trim();
  if (appId) {
    if (isAppId(appId)) out.appId = appId;
    else out.refused.push('DERIV_APP_ID');
  }
  const redirectUrl = env.DERIV_REDIRECT_URL?.trim();
  if (redirectUrl) {
    if (isInterceptableRedirectUrl(redirectUrl)) out.redirectUrl = redirectUrl;
    else out.refused.push('DERIV_REDIRECT_URL');
  }
  return out;
}
