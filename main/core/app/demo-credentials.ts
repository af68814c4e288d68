/**
 * The demo credentials of the login screen: listed to the renderer by id, without their secret, and
 * resolved back to the secret here in main when the user signs in with one. A refused id changes
 * nothing: the caller runs a sign-in only with what `resolveDemoCredential` returns.
 */
import type { DerivApi } from '../backend/port';
import type { AppMode, AppState, DemoCredential } from '../model';
import type { DemoSecretCredential, DemoServer } from './ports';

export const DEMO_CREDENTIAL_ERROR_CODES = ['not_demo', 'unknown_credential', 'other_api'] as const;
export type DemoCredentialErrorCode = (typeof DEMO_CREDENTIAL_ERROR_CODES)[number];

/** Why a demo credential was not used; its message never carries the secret. */
export class DemoCredentialError extends Error {
  constructor(
    readonly code: DemoCredentialErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DemoCredentialError';
  }
}

type Where = { mode: AppMode; api: DerivApi; server: DemoServer | null };

/** `AppState.demo`: the demo's API, users and credentials (without secrets); null outside demo mode. */
export function demoState({ mode, api, server }: Where): AppState['demo'] {
  return mode === 'demo' && server ? { api, users: server.users, credentials: demoCredentialViews(server) } : null;
}

/** What the renderer may see of the demo's credentials: everything but the secret. */
export function demoCredentialViews(server: DemoServer): DemoCredential[] {
  return server.credentials.map(({ id, api, kind, email, accountId, scopes }) => ({
    id,
    api,
    kind,
    email,
    accountId,
    scopes: [...scopes],
  }));
}

/** The credential behind `id`, when the demo runs and speaks its API; a typed error otherwise. */
export function resolveDemoCredential(where: Where, id: string): DemoSecretCredential {
  if (where.mode !== 'demo' || !where.server)
    throw new DemoCredentialError('not_demo', 'Demo credentials can be used in demo mode only.');
  const found = where.server.credentials.find((c) => c.id === id);
  if (!found) throw new DemoCredentialError('unknown_credential', `There is no demo credential "${id}".`);
  if (found.api !== where.api)
    throw new DemoCredentialError(
      'other_api',
      `The demo credential "${id}" is for the ${found.api} API, but the demo speaks the ${where.api} API: switch the demo's API first.`,
    );
  return found;
}
