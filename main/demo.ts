/**
 * Demo mode: the embedded sandbox, started in-process on a free loopback port. A fixed seed keeps
 * the demo users' tokens the same across restarts, so a demo login survives a restart like a real one.
 */
import { type SandboxHandle, startSandbox } from '../sandbox/index';
import type { DemoServer } from './core/app/ports';

export const DEMO_SEED = 20261122;

export function demoServerFrom(sandbox: SandboxHandle, close: () => Promise<void> = () => sandbox.close()): DemoServer {
  return {
    endpoints: {
      // The demo speaks the legacy API until the sandbox's current API is offered there too.
      api: 'legacy',
      appId: sandbox.appId,
      wsUrl: sandbox.wsUrl,
      oauthUrl: sandbox.oauthUrl,
      redirectUrl: sandbox.redirectUrl,
      issuer: sandbox.issuer,
    },
    users: sandbox.users.map(({ email, password }) => ({ email, password })),
    close,
  };
}

export async function startDemoSandbox(): Promise<DemoServer> {
  return demoServerFrom(await startSandbox({ port: 0, seed: DEMO_SEED }));
}
