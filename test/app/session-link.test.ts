/**
 * The session link alone, with a recording backend: which failures of a running backend replace it
 * and which leave it running.
 */
import { describe, expect, it } from 'vitest';

import { SessionLink } from '../../main/core/app/session-link';
import {
  type AccountsBackend,
  type BackendAccount,
  BackendError,
  type BackendErrorCode,
  type BackendView,
  type Credential,
  type DeadCredentialListener,
  type RenewalListener,
} from '../../main/core/backend/port';
import type { NoticeInput } from '../../main/core/model';

const ONLINE: BackendView = {
  connection: { status: 'online', since: 0 },
  balances: {},
  authorized: ['CR100001'],
  refused: [],
  disabled: [],
  activeAccountId: 'CR100001',
  details: null,
};

/** A backend that records what was done to it; `setAccounts` fails with `failWith` when set. */
class RecordingBackend implements AccountsBackend {
  readonly api = 'legacy' as const;
  readonly calls: string[] = [];
  failWith: BackendErrorCode | null = null;
  async start(): Promise<BackendView> {
    this.calls.push('start');
    return ONLINE;
  }
  async setAccounts(): Promise<void> {
    this.calls.push('setAccounts');
    if (this.failWith) throw new BackendError(this.failWith, 'refused');
  }
  switchAccount(): void {}
  retryNow(): void {}
  async logout(): Promise<void> {
    this.calls.push('logout');
  }
  async close(): Promise<void> {
    this.calls.push('close');
  }
  snapshot(): BackendView {
    return ONLINE;
  }
  onChange(): () => void {
    return () => undefined;
  }
}

/** A current-API-like backend that renews credentials, or finds one dead, when the test says so. */
class RenewingBackend extends RecordingBackend {
  private readonly renewals = new Set<RenewalListener>();
  private readonly deaths = new Set<DeadCredentialListener>();
  onCredentialRenewed(listener: RenewalListener): () => void {
    this.renewals.add(listener);
    return () => this.renewals.delete(listener);
  }
  onCredentialDead(listener: DeadCredentialListener): () => void {
    this.deaths.add(listener);
    return () => this.deaths.delete(listener);
  }
  renew(ids: string[], credential: Credential, replaces: Credential): void {
    for (const l of this.renewals) l(ids, credential, replaces);
  }
  die(ids: string[], credential: Credential): void {
    for (const l of this.deaths) l(ids, credential);
  }
}

function linkWith(accounts: BackendAccount[]) {
  const created: RenewingBackend[] = [];
  const notices: NoticeInput[] = [];
  const renewed: { ids: string[]; credential: Credential; replaces: Credential }[] = [];
  const dead: { ids: string[]; credential: Credential }[] = [];
  const link = new SessionLink({
    createBackend: () => {
      const backend = new RenewingBackend();
      created.push(backend);
      return backend;
    },
    takeWarm: () => null,
    accounts: () => accounts,
    activeAccountId: () => accounts[0]?.accountId ?? null,
    onView: () => undefined,
    onCredentialRenewed: (ids, credential, replaces) => renewed.push({ ids, credential, replaces }),
    onCredentialDead: (ids, credential) => dead.push({ ids, credential }),
    notice: (n) => notices.push(n),
  });
  return { link, created, notices, renewed, dead };
}

const ACCOUNTS: BackendAccount[] = [{ accountId: 'CR100001', credential: { kind: 'token', token: 'a1-token' } }];

describe('SessionLink.refresh', () => {
  it.each(['too_many_accounts', 'invalid_accounts'] as const)(
    'keeps the running backend when it refuses the new list (%s), and says so',
    async (code) => {
      const { link, created, notices } = linkWith(ACCOUNTS);
      await link.start();
      created[0]!.failWith = code;
      await link.refresh();
      expect(created).toHaveLength(1);
      expect(created[0]!.calls).toEqual(['start', 'setAccounts']);
      expect(link.running).toBe(true);
      expect(notices).toEqual([{ code: 'session_start_failed', level: 'warning', params: { reason: code } }]);
    },
  );

  it('replaces a backend that has stopped (closed)', async () => {
    const { link, created, notices } = linkWith(ACCOUNTS);
    await link.start();
    created[0]!.failWith = 'closed';
    await link.refresh();
    expect(created).toHaveLength(2);
    expect(created[0]!.calls).toEqual(['start', 'setAccounts', 'close']);
    expect(created[1]!.calls).toEqual(['start']);
    expect(notices).toEqual([]);
  });
});

describe('SessionLink.start', () => {
  it('closes the backend it replaces', async () => {
    const { link, created } = linkWith(ACCOUNTS);
    await link.start();
    await link.start();
    expect(created).toHaveLength(2);
    expect(created[0]!.calls).toEqual(['start', 'close']);
    expect(created[1]!.calls).toEqual(['start']);
    expect(link.running).toBe(true);
  });
});

describe('SessionLink: credential renewals', () => {
  it('a renewal from a backend already replaced still reaches the host (the refresh token it spent is gone), with what it replaces', async () => {
    const { link, created, renewed } = linkWith(ACCOUNTS);
    await link.start();
    await link.start(); // new settings: the first backend is closed while its refresh may still run
    const before: Credential = { kind: 'oauth', accessToken: '', refreshToken: 'r1-token', expiresAt: 0 };
    const after: Credential = { kind: 'oauth', accessToken: 'a2-token', refreshToken: 'r2-token', expiresAt: 1 };
    created[0]!.renew(['CR100001'], after, before);
    expect(renewed).toEqual([{ ids: ['CR100001'], credential: after, replaces: before }]);
    created[1]!.renew(['CR100001'], after, before);
    expect(renewed).toHaveLength(2); // the host decides (HeldAccounts.renew keeps only what follows what it holds)
  });

  it('a dead refresh token found by a backend already replaced still reaches the host (it is dead for every backend)', async () => {
    const { link, created, dead } = linkWith(ACCOUNTS);
    await link.start();
    await link.start();
    const refused: Credential = { kind: 'oauth', accessToken: '', refreshToken: 'r1-token', expiresAt: 0 };
    created[0]!.die(['CR100001'], refused);
    expect(dead).toEqual([{ ids: ['CR100001'], credential: refused }]);
  });
});
