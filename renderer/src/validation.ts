import {
  isAppId as isAppIdRule,
  isClientId as isClientIdRule,
  isRegistrableRedirectUrl,
  isSecureOrLoopback,
} from '../../main/core/model';

/** Checks on what the user types, so obvious mistakes are explained before main sees them (main's own rules). */
export const isAppId = (value: string): boolean => isAppIdRule(value.trim());

/** Server addresses: the same rule main enforces (https/wss, or http/ws only to this computer). */
export const isServerUrl = (value: string): boolean => isSecureOrLoopback(value.trim(), 'http');
export const isSocketUrl = (value: string): boolean => isSecureOrLoopback(value.trim(), 'ws');
/** Redirect URLs main accepts: https, http only to this computer, or the app's own scheme (browser sign-in). */
export const isRedirectUrl = (value: string): boolean => isRegistrableRedirectUrl(value.trim());

/** The current API's app id (OAuth client id); empty means "not registered yet", which is allowed. */
export const isClientIdOrEmpty = (value: string): boolean => value.trim() === '' || isClientIdRule(value.trim());
export const isRedirectUrlOrEmpty = (value: string): boolean => value.trim() === '' || isRedirectUrl(value);
/** The current API's registration as a whole: an app id needs its redirect URL (for the login window); a PAT user leaves both empty. */
export const isCurrentRedirectOk = (clientId: string, redirect: string): boolean =>
  clientId.trim() === '' ? isRedirectUrlOrEmpty(redirect) : isRedirectUrl(redirect);
