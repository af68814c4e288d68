/**
 * The migration watch's lifecycle on a manual clock: asked once the login is open, `pending` asked
 * again every poll, settled answers end it (no timer left), failures wait longer each time (a 429
 * until its time), a refusal ends it, and a login that goes away stops it and clears what it said.
 * Then the pure parts: which login asks (only while legacy accounts are held on the current API),
 * and what is shown.
 */
import { describe, expect, it } from 'vitest';

import type { Held, HeldAccount } from '../../main/core/app/grants';
import { migrationLogin, migrationView, MigrationWatch } from '../../main/core/app/migration-watch';
import { BackendError } from '../../main/core/backend/port';
import type { Grant } from '../../main/core/grant';
import type { LegacyMigrationFacts } from '../../main/core/model';
import { FakeClock } from '../support/fake-clock';

const TIMING = { pollMs: 30_000, retryMs: 5_000 };
const flush = () => new Promise((r) => setImmediate(r));

function world() {
  const clock = new FakeClock();
  const answers: ((facts: LegacyMigrationFacts | Error) => void)[] = [];
  const asked: string[] = [];
  const state = { login: { id: 'g1', accountIds: ['DOT1', 'ROT2'] } as { id: string; accountIds: string[] } | null };
  let open: string | null = 'DOT1';
  let changes = 0;
  const watch = new MigrationWatch(
    {
      login: () => state.login,
      openAccount: () => open,
      ask: (id) => {
        asked.push(id);
        return new Promise((resolve, reject) => answers.push((a) => (a instanceof Error ? reject(a) : resolve(a))));
      },
      changed: () => void (changes += 1),
    },
    TIMING,
    clock,
  );
  const answer = async (a: LegacyMigrationFacts | Error) => {
    answers.shift()!(a);
    await flush();
  };
  return {
    clock,
    watch,
    asked,
    state,
    answer,
    setOpen: (id: string | null) => (open = id),
    changes: () => changes,
  };
}

describe('the migration watch', () => {
  it('waits for the login to be open, asks, and asks a pending status again every poll until settled', async () => {
    const w = world();
    w.setOpen(null);
    w.watch.sync();
    expect(w.asked).toEqual([]);
    w.setOpen('ROT2');
    w.watch.sync();
    w.watch.sync(); // one ask at a time
    expect(w.asked).toEqual(['ROT2']);
    await w.answer({ status: 'pending', moved: {} });
    expect(w.watch.facts).toEqual({ status: 'pending', moved: {} });
    expect(w.changes()).toBe(1);
    w.clock.advance(TIMING.pollMs - 1);
    expect(w.asked).toHaveLength(1);
    w.clock.advance(1);
    expect(w.asked).toHaveLength(2);
    await w.answer({ status: 'complete', moved: { CR1: [{ accountId: 'ROT2', currency: 'USD' }] } });
    expect(w.watch.facts?.status).toBe('complete');
    // Settled: no timer left, and nothing asked however often the state changes.
    expect(w.clock.pending).toBe(0);
    w.watch.sync();
    w.clock.advance(10 * TIMING.pollMs);
    expect(w.asked).toHaveLength(2);
  });

  it('failures wait longer each time; a 429 not before its time; a refusal ends it', async () => {
    const w = world();
    w.watch.sync();
    await w.answer(new BackendError('not_connected', 'down'));
    w.clock.advance(TIMING.retryMs);
    expect(w.asked).toHaveLength(2);
    await w.answer(new BackendError('timeout', 'slow'));
    w.clock.advance(TIMING.retryMs);
    expect(w.asked).toHaveLength(2);
    w.clock.advance(TIMING.retryMs);
    expect(w.asked).toHaveLength(3);
    await w.answer(new BackendError('rate_limited', 'wait', w.clock.now() + 120_000));
    w.clock.advance(119_999);
    expect(w.asked).toHaveLength(3);
    w.clock.advance(1);
    expect(w.asked).toHaveLength(4);
    await w.answer(new BackendError('invalid_request', 'refused'));
    expect(w.clock.pending).toBe(0);
    expect(w.watch.facts).toBeNull();
    w.clock.advance(10 * TIMING.pollMs);
    expect(w.asked).toHaveLength(4);
  });

  it('stops when the login goes away: its answer is dropped, no timer left; a new login asks afresh', async () => {
    const w = world();
    w.watch.sync();
    await w.answer({ status: 'pending', moved: {} });
    expect(w.clock.pending).toBe(1);
    w.state.login = null;
    w.watch.sync();
    expect(w.watch.facts).toBeNull();
    expect(w.clock.pending).toBe(0);
    w.state.login = { id: 'g2', accountIds: ['DOT9'] };
    w.setOpen('DOT9');
    w.watch.sync();
    expect(w.asked).toEqual(['DOT1', 'DOT9']);
    // An answer for a login gone meanwhile is not shown.
    w.state.login = { id: 'g3', accountIds: ['DOT7'] };
    w.setOpen(null);
    w.watch.sync();
    await w.answer({ status: 'failed', moved: {} });
    expect(w.watch.facts).toBeNull();
  });
});

const account = (accountId: string, api: 'legacy' | 'current'): HeldAccount => ({
  api,
  source: 'oauth',
  scopes: null,
  accountId,
  currency: 'USD',
  isVirtual: false,
  isDisabled: false,
  landingCompanyName: null,
  accountType: null,
  grantId: api === 'legacy' ? 'old' : 'new',
  problem: null,
});
const grant = (id: string, api: 'legacy' | 'current', accountIds: string[], usable = true): Grant => ({
  id,
  api,
  source: 'oauth',
  destination: { appId: '', urls: [] },
  accountIds,
  credential: !usable
    ? null
    : api === 'legacy'
      ? { kind: 'tokens', tokens: Object.fromEntries(accountIds.map((a) => [a, 'a1-x'])) }
      : { kind: 'oauth', accessToken: 'x', refreshToken: 'y', expiresAt: null },
});

describe('which login asks, and what is shown', () => {
  const held: Held = {
    grants: [grant('old', 'legacy', ['CR1', 'VRTC2']), grant('new', 'current', ['ROT3'])],
    accounts: [account('CR1', 'legacy'), account('VRTC2', 'legacy'), account('ROT3', 'current')],
  };

  it('the newest current-API login with a secret, on the current API, while legacy accounts are held', () => {
    expect(migrationLogin(held, 'current')?.id).toBe('new');
    expect(migrationLogin(held, 'legacy')).toBeNull();
    const noLegacy = { grants: [held.grants[1]!], accounts: [held.accounts[2]!] };
    expect(migrationLogin(noLegacy, 'current')).toBeNull();
    const dead = { ...held, grants: [held.grants[0]!, grant('new', 'current', ['ROT3'], false)] };
    expect(migrationLogin(dead, 'current')).toBeNull();
  });

  it('each held legacy loginid with where it went; pending and failed as such; nothing without legacy data', () => {
    expect(migrationView(held, null)).toBeNull();
    expect(migrationView(held, { status: 'not_applicable', moved: {} })).toBeNull();
    expect(migrationView(held, { status: 'pending', moved: {} })).toEqual({ status: 'pending' });
    expect(migrationView(held, { status: 'failed', moved: {} })).toEqual({ status: 'failed' });
    const moved = { CR1: [{ accountId: 'ROT3', currency: 'USD' }], CR99: [{ accountId: 'ROT4', currency: 'EUR' }] };
    expect(migrationView(held, { status: 'complete', moved })).toEqual({
      status: 'complete',
      moves: [
        { legacyId: 'CR1', accounts: [{ accountId: 'ROT3', currency: 'USD' }] },
        { legacyId: 'VRTC2', accounts: [] },
      ],
    });
    const retired = { grants: [held.grants[1]!], accounts: [held.accounts[2]!] };
    expect(migrationView(retired, { status: 'complete', moved })).toBeNull();
  });
});
