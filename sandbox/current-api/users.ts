import { type DemoUser, seededRandom } from '../users';
import type { NewApiAccount } from './types';

export interface CurrentUser {
  email: string;
  password: string;
  pat: string;
  patScopes: string[];
  accounts: NewApiAccount[];
}

function digits(rand: () => number, n: number): string {
  let out = String(1 + Math.floor(rand() * 9));
  while (out.length < n) out += String(Math.floor(rand() * 10));
  return out;
}

function hex(rand: () => number, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += Math.floor(rand() * 16).toString(16);
  return out;
}

/**
 * The current API's view of the demo users (same emails and passwords as the legacy login): the
 * first has a demo USD account, real USD and real BTC accounts and an inactive real EUR one; the
 * second a single real USD account (`extraAccounts` more active real USD accounts for the first, on
 * request). Account ids are the sandbox's own (`DOT…` demo, `ROT…` real).
 */
export function makeCurrentUsers(users: DemoUser[], seed: number, extraAccounts = 0): CurrentUser[] {
  const rand = seededRandom(seed ^ 0xc0ffee);
  const used = new Set<string>();
  const id = (prefix: 'DOT' | 'ROT') => {
    for (;;) {
      const v = `${prefix}${digits(rand, 8)}`;
      if (!used.has(v)) {
        used.add(v);
        return v;
      }
    }
  };
  const account = (
    type: 'demo' | 'real',
    currency: string,
    balance: number,
    status: 'active' | 'inactive' = 'active',
  ): NewApiAccount => ({
    account_id: id(type === 'demo' ? 'DOT' : 'ROT'),
    account_type: type,
    currency,
    balance,
    status,
    group: type === 'demo' ? 'demo' : 'row',
  });
  const made = users.map((u, i) => ({
    email: u.email,
    password: u.password,
    pat: `pat_${hex(rand, 64)}`,
    patScopes: ['trade', 'account_manage'],
    accounts:
      i === 0
        ? [
            account('demo', 'USD', 10000),
            account('real', 'USD', Math.round(rand() * 500000) / 100),
            account('real', 'BTC', Math.round(rand() * 1e6) / 1e8),
            account('real', 'EUR', 0, 'inactive'),
          ]
        : [account('real', 'USD', Math.round(rand() * 500000) / 100)],
  }));
  // Made after the others, so the default accounts' ids do not depend on how many extra there are.
  for (let i = 0; i < extraAccounts; i++) made[0]?.accounts.push(account('real', 'USD', 1000 + i));
  return made;
}
