/**
 * Demo mode: the embedded sandbox, started in-process on a free loopback port. A fixed seed keeps
 * the demo users' tokens the same across restarts, so a demo login survives a restart like a real one.
 * The sandbox serves both of Deriv's APIs; which one the demo speaks is the user's choice.
 */
import { type SandboxHandle, startSandbox } from '../sandbox/index';
import type { DemoSecretCredential, DemoServer } from './core/app/ports';

export const DEMO_SEED = 20261122;

export function demoServerFrom(sandbox: SandboxHandle, close: () => Promise<void> = () => sandbox.close()): DemoServer {
  const current = sandbox.newApi;
  return {
    endpoints: {
      appId: sandbox.appId,
      wsUrl: sandbox.wsUrl,
      oauthUrl: sandbox.oauthUrl,
      redirectUrl: sandbox.redirectUrl,
      issuer: sandbox.issuer,
      authServerUrl: current.issuer,
      restUrl: current.restUrl,
      clientId: current.clientId,
      clientRedirectUrl: current.redirectUrl,
    },
    users: sandbox.users.map(({ email, password }) => ({ email, password })),
    credentials: demoCredentialsOf(sandbox),
    close,
  };
}

/**
 * The sandbox's PATs (current API) and API tokens (legacy API), each under an id that says nothing
 * of its secret: the id is what crosses to the renderer, the secret stays here.
 */
function demoCredentialsOf(sandbox: SandboxHandle): DemoSecretCredential[] {
  const pats = sandbox.newApi.users.map(
    (u, i): DemoSecretCredential => ({
      id: `current-pat-${i + 1}`,
      api: 'current',
      kind: 'pat',
      email: u.email,
      accountId: null,
      scopes: [...u.scopes],
      secret: u.pat,
      appId: sandbox.newApi.appId,
    }),
  );
  const apiTokens = sandbox.users.flatMap((u) => u.apiTokens.map((t) => ({ email: u.email, ...t })));
  return [
    ...pats,
    ...apiTokens.map(
      (t, i): DemoSecretCredential => ({
        id: `legacy-api-token-${i + 1}`,
        api: 'legacy',
        kind: 'api_token',
        email: t.email,
        accountId: t.loginid,
        scopes: [...t.scopes],
        secret: t.token,
        appId: '',
      }),
    ),
  ];
}

export async function startDemoSandbox(): Promise<DemoServer> {
  return demoServerFrom(await startSandbox({ port: 0, seed: DEMO_SEED }));
}
