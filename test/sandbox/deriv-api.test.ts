import { createRequire } from 'node:module';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { type SandboxHandle, startSandbox } from '../../sandbox/index';

interface Subscription {
  subscribe(next: (message: Record<string, unknown>) => void, error?: (e: unknown) => void): { unsubscribe(): void };
}
interface DerivApiBasic {
  authorize(token: string | Record<string, unknown>): Promise<Record<string, unknown>>;
  ping(): Promise<Record<string, unknown>>;
  logout(): Promise<Record<string, unknown>>;
  subscribe(request: Record<string, unknown>): Subscription;
  disconnect(): void;
}

// The package ships a UMD bundle without type declarations.
const DerivAPIBasic = createRequire(import.meta.url)('@deriv/deriv-api/dist/DerivAPIBasic') as new (options: {
  connection: WebSocket;
}) => DerivApiBasic;

describe("Deriv's own client (@deriv/deriv-api DerivAPIBasic) against the sandbox", () => {
  let sb: SandboxHandle;
  beforeAll(async () => {
    sb = await startSandbox({ seed: 17 });
  });
  afterAll(() => sb.close());

  it('completes authorize, ping, a balance subscription and logout', async () => {
    const connection = new WebSocket(`${sb.wsUrl}?app_id=${sb.appId}&l=EN&brand=deriv`);
    const api = new DerivAPIBasic({ connection });
    const account = sb.users[0]!.accounts[0]!;
    try {
      const auth = await api.authorize(account.token);
      expect((auth.authorize as Record<string, unknown>).loginid).toBe(account.loginid);
      expect((await api.ping()).ping).toBe('pong');

      const seen: number[] = [];
      const updated = new Promise<void>((resolve, reject) => {
        const sub = api.subscribe({ balance: 1, subscribe: 1 }).subscribe((m) => {
          seen.push((m.balance as { balance: number }).balance);
          if (seen.length === 1) sb.setBalance(account.loginid, 321.5);
          if (seen.length === 2) {
            sub.unsubscribe();
            resolve();
          }
        }, reject);
      });
      await updated;
      expect(seen[1]).toBe(321.5);

      expect((await api.logout()).logout).toBe(1);
      const requests = sb.received().map((r) => Object.keys(r.request)[0]);
      expect(requests).toEqual(expect.arrayContaining(['authorize', 'ping', 'balance', 'logout']));
    } finally {
      api.disconnect();
    }
  });
});
