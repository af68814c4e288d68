/**
 * The session link alone, with a recording backend: which failures of a running backend replace it
 * and which leave it running.
 */
import { describe, expect, it } from 'vitest';

import { SessionLink } from '../../main/core/app/session-link';
import {
  type AccountsBackend,
  BackendError,
  type BackendErrorCode,
  type BackendGrant,
  type BackendView,
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

/** A backend that records what was done to it; `setGrants` fails with `failWith` when set. */
class RecordingBackend implements AccountsBackend {
  readonly api = 'legacy' as const;
  readonly calls: string[] = [];
  failWith: BackendErrorCode | null = null;
  async start(): Promise<BackendView> {
    this.calls.push('start');
    return ONLINE;
  }
  async setGrants(): Promise<void> {
    this.calls.push('setGrants');
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

function linkWith(grants: BackendGrant[]) {
  const created: RecordingBackend[] = [];
  const notices: NoticeInput[] = [];
  const link = new SessionLink({
    createBackend: () => {
      const backend = new RecordingBackend();
      created.push(backend);
      return backend;
    },
    takeWarm: () => null,
    grants: () => grants,
    activeAccountId: () => grants[0]?.accountIds[0] ?? null,
    onView: () => undefined,
    notice: (n) => notices.push(n),
  });
  return { link, created, notices };
}

const ACCOUNTS: BackendGrant[] = [
  { id: 'login-1', credential: { kind: 'tokens', tokens: { CR100001: 'a1-token' } }, accountIds: ['CR100001'] },
];

describe('SessionLink.refresh', () => {
  it.each(['too_many_accounts', 'invalid_accounts'] as const)(
    'keeps the running backend when it refuses the new list (%s), and says so',
    async (code) => {
      const { link, created, notices } = linkWith(ACCOUNTS);
      await link.start();
      created[0]!.failWith = code;
      await link.refresh();
      expect(created).toHaveLength(1);
      expect(created[0]!.calls).toEqual(['start', 'setGrants']);
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
    expect(created[0]!.calls).toEqual(['start', 'setGrants', 'close']);
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
