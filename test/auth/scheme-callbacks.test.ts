/**
 * The private-use URI scheme redirect (RFC 8252 §7.1) as the core takes it: one pending login
 * accepts exactly one callback of its path and `state`; anything else the OS hands over (any
 * program can open a link in the app's scheme) is dropped and changes nothing.
 */
import { describe, expect, it } from 'vitest';

import { LoginFailure } from '../../main/core/auth/login-failure';
import { SchemeCallbacks } from '../../main/core/auth/scheme-callbacks';

const STATE = 'k3J9x0aQ7bV2nM5pR8sT1uW4yZ6cE0fG';
const link = (query: string, path = '/callback') => `com.derivdesktop.login:${path}?${query}`;

describe('SchemeCallbacks', () => {
  it('the pending login takes its one matching callback, and nothing after it', async () => {
    const callbacks = new SchemeCallbacks();
    const waiting = callbacks.expect({ path: '/callback', state: STATE, signal: new AbortController().signal });
    expect(callbacks.waiting).toBe(true);
    expect(callbacks.deliver(link(`code=c1&state=${STATE}`))).toBe(true);
    await expect(waiting.callback).resolves.toBe(link(`code=c1&state=${STATE}`));
    // A second callback (a replay, or the same link opened twice) finds no login waiting.
    expect(callbacks.deliver(link(`code=c2&state=${STATE}`))).toBe(false);
    expect(callbacks.waiting).toBe(false);
  });

  it.each([
    ['another state', link('code=c&state=someone-elses-state-value-000000')],
    ['no state', link('code=c')],
    ['two states', link(`code=c&state=${STATE}&state=${STATE}`)],
    ['another path', link(`code=c&state=${STATE}`, '/elsewhere')],
    ['a host form', `com.derivdesktop.login://callback?code=c&state=${STATE}`],
    ['another scheme', `org.example.app:/callback?code=c&state=${STATE}`],
    ['an https page', `https://127.0.0.1/callback?code=c&state=${STATE}`],
    ['not a URL', 'com.derivdesktop.login'],
  ])('drops %s and keeps waiting for the right one', async (_name, url) => {
    const callbacks = new SchemeCallbacks();
    const waiting = callbacks.expect({ path: '/callback', state: STATE, signal: new AbortController().signal });
    expect(callbacks.deliver(url)).toBe(false);
    expect(callbacks.waiting).toBe(true);
    expect(callbacks.deliver(link(`code=ok&state=${STATE}`))).toBe(true);
    await expect(waiting.callback).resolves.toContain('code=ok');
  });

  it('with no login waiting, a link changes nothing', () => {
    const callbacks = new SchemeCallbacks();
    expect(callbacks.deliver(link(`code=c&state=${STATE}`))).toBe(false);
    expect(callbacks.waiting).toBe(false);
  });

  it('cancel (abort) ends the wait with the signal’s failure; a late link is dropped', async () => {
    const callbacks = new SchemeCallbacks();
    const controller = new AbortController();
    const waiting = callbacks.expect({ path: '/callback', state: STATE, signal: controller.signal });
    controller.abort(new LoginFailure('timeout'));
    await expect(waiting.callback).rejects.toMatchObject({ code: 'timeout' });
    expect(callbacks.waiting).toBe(false);
    expect(callbacks.deliver(link(`code=c&state=${STATE}`))).toBe(false);
  });

  it('a newer attempt replaces one still waiting: the older is cancelled, only the newer’s state is taken', async () => {
    const callbacks = new SchemeCallbacks();
    const older = callbacks.expect({ path: '/callback', state: STATE, signal: new AbortController().signal });
    const newer = callbacks.expect({
      path: '/callback',
      state: 'newer-state-0000000000000000000000',
      signal: new AbortController().signal,
    });
    await expect(older.callback).rejects.toMatchObject({ code: 'cancelled' });
    // The older attempt's close (its `finally`, run late) does not end the newer one's wait.
    older.close();
    expect(callbacks.deliver(link(`code=c&state=${STATE}`))).toBe(false);
    expect(callbacks.deliver(link('code=n&state=newer-state-0000000000000000000000'))).toBe(true);
    await expect(newer.callback).resolves.toContain('code=n');
  });

  it('an already aborted signal never waits', async () => {
    const callbacks = new SchemeCallbacks();
    const controller = new AbortController();
    controller.abort();
    const waiting = callbacks.expect({ path: '/callback', state: STATE, signal: controller.signal });
    await expect(waiting.callback).rejects.toMatchObject({ code: 'cancelled' });
    expect(callbacks.waiting).toBe(false);
  });
});
