/**
 * The demo credentials of the login screen: listed to the renderer by id, without their secret, and
 * resolved back to the secret here in main when the user signs in with one. A refused id changes
 * nothing: the caller runs a sign-in only with what `resolveDemoCredential` returns.
 */
import type { DerivApi } from '../backend/port';
import type { AppMode, AppState, DemoCredential } from '../model';
import { CommandFailure } from './command-failure';
import type { DemoSecretCredential, DemoServer } from './ports';

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

/**
 * The credential behind `id`, when the demo runs and the credential is of `api` (the API the
 * renderer signs in to); a typed refusal otherwise, whose detail never carries the secret.
 */
export function resolveDemoCredential(where: Where, id: string, api: DerivApi): DemoSecretCredential {
  if (where.mode !== 'demo' || !where.server) {
    throw new CommandFailure('demo_not_running', {}, 'demo credentials can be used in demo mode only');
  }
  const found = where.server.credentials.find((c) => c.id === id);
  if (!found) throw new CommandFailure('demo_unknown_credential', {}, `there is no demo credential "${id}"`);
  if (found.api !== api) {
    throw new CommandFailure(
      'demo_other_api',
      { api: found.api },
      `the demo credential "${id}" is for the ${found.api} API`,
    );
  }
  return found;
}
