/**
 * `CredentialRefresher` alone, on a manual clock and a scripted token endpoint: when it refreshes
 * (the lead time, capped at half the remaining lifetime), that `stop` means no request, how many
 * times a transient failure is tried (and how long it waits between tries), that a refused refresh
 * token is terminal at once, that concurrent callers share one request, and what reaches main's
 * `RenewGrant`. The session tests cover it against the sandbox; these pin each rule.
 */
import { describe, expect, it } from 'vitest';

import type { OAuthCredential, RenewGrant } from '../../main/core/backend/port';
import { CredentialRefresher, type RefresherOptions } from '../../main/core/current-api/credential-refresher';
import { WireError } from '../../main/core/current-api/wire';
import { silentLogger } from '../../main/core/socket/ports';
import { FakeClock } from '../support/fake-clock';

const AS = 'https://auth.example.com';
const T0 = new FakeClock().now();
const TOKEN_ENDPOINT = `${AS}/oauth2/token`;

const tokenAnswer = (body: unknown, status = 200) =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
const renewedAnswer = (n: number, expiresIn = 600) =>
  tokenAnswer({ access_token: `at_${n}`, token_type: 'bearer', expires_in: expiresIn, refresh_token: `rt_${n}` });

/** Lets the promise chains of a refresh run (the clock is manual; the fetch answers at once). */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

function harness(
  answer: (n: number, init: RequestInit) => Response | Promise<Response>,
  credential: Partial<OAuthCredential> = {},
  opts: Partial<RefresherOptions> = {},
) {
  const clock = new FakeClock();
  const requests: { url: string; body: string }[] = [];
  const terminal: WireError[] = [];
  const renewals: { grantId: string; replaces: OAuthCredential }[] = [];
  let busyCalls = 0;
  const fetchImpl = (async (url: URL | string, init?: RequestInit) => {
    requests.push({ url: String(url), body: String(init?.body ?? '') });
    return answer(requests.length, init ?? {});
  }) as typeof fetch;
  const renew: RenewGrant = (grantId, replaces, exchange) => {
    renewals.push({ grantId, replaces });
    return exchange();
  };
  const start: OAuthCredential = {
    kind: 'oauth',
    accessToken: 'at_0',
    refreshToken: 'rt_0',
    expiresAt: clock.now() + 600_000,
    ...credential,
  };
  const refresher = new CredentialRefresher(start, {
    authServerUrl: AS,
    clientId: 'my-app-7',
    clock,
    logger: silentLogger,
    leadMs: 60_000,
    timeoutMs: 10_000,
    maxAttempts: 3,
    backoffBaseMs: 1_000,
    random: () => 0,
    fetch: fetchImpl,
    grantId: 'grant-1',
    renew,
    onTerminal: (e) => terminal.push(e),
    onBusy: () => (busyCalls += 1),
    ...opts,
  });
  return { clock, refresher, requests, terminal, renewals, t0: clock.now(), busyCalls: () => busyCalls };
}

describe('CredentialRefresher', () => {
  it('refreshes leadMs before expiry, and again before the renewed credential expires', async () => {
    const h = harness((n) => renewedAnswer(n));
    h.refresher.start();
    h.clock.advance(540_000 - 1);
    await settle();
    expect(h.requests).toEqual([]);
    h.clock.advance(1);
    await settle();
    expect(h.requests).toHaveLength(1);
    expect(h.requests[0]!.url).toBe(TOKEN_ENDPOINT);
    expect(h.requests[0]!.body).toContain('grant_type=refresh_token');
    expect(h.requests[0]!.body).toContain('refresh_token=rt_0');
    expect(h.refresher.current()).toEqual({
      kind: 'oauth',
      accessToken: 'at_1',
      refreshToken: 'rt_1',
      expiresAt: h.t0 + 540_000 + 600_000,
    });
    // The renewed credential (600 s) is refreshed 60 s before it expires, with its own refresh token.
    h.clock.advance(540_000 - 1);
    await settle();
    expect(h.requests).toHaveLength(1);
    h.clock.advance(1);
    await settle();
    expect(h.requests).toHaveLength(2);
    expect(h.requests[1]!.body).toContain('refresh_token=rt_1');
  });

  it('a lifetime shorter than twice the lead: refreshed at half of it; one already past: at once', async () => {
    // The fake clock starts at T0: this credential has 30 s left.
    const h = harness((n) => renewedAnswer(n), { expiresAt: T0 + 30_000 });
    h.refresher.start();
    h.clock.advance(14_999);
    await settle();
    expect(h.requests).toHaveLength(0);
    h.clock.advance(1);
    await settle();
    expect(h.requests).toHaveLength(1);
    const past = harness((n) => renewedAnswer(n), { expiresAt: 1 });
    past.refresher.start();
    past.clock.advance(0);
    await settle();
    expect(past.requests).toHaveLength(1);
  });

  it('no expiry or no refresh token: no timer at all', () => {
    for (const credential of [{ expiresAt: null }, { refreshToken: null }]) {
      const h = harness((n) => renewedAnswer(n), credential);
      h.refresher.start();
      expect(h.clock.pending).toBe(0);
      expect(h.refresher.canRefresh()).toBe(credential.refreshToken !== null);
    }
  });

  it('stop: the timer is gone and nothing is sent, however long; start arms it again', async () => {
    const h = harness((n) => renewedAnswer(n));
    h.refresher.start();
    expect(h.clock.pending).toBe(1);
    h.refresher.stop();
    expect(h.clock.pending).toBe(0);
    h.clock.advance(3_600_000);
    await settle();
    expect(h.requests).toEqual([]);
    h.refresher.start();
    expect(h.clock.pending).toBe(1);
    h.clock.advance(0);
    await settle();
    expect(h.requests).toHaveLength(1);
    // start twice: one timer, not two.
    h.refresher.start();
    h.refresher.start();
    expect(h.clock.pending).toBe(1);
  });

  it('transient failures: exactly maxAttempts requests, the backoff between them, then the last error (not terminal)', async () => {
    const h = harness(() => tokenAnswer({ error: 'temporarily_unavailable' }, 503));
    const failed = h.refresher.refresh().catch((e: unknown) => e);
    await settle();
    expect(h.requests).toHaveLength(1);
    // Equal jitter, random 0: half the ceiling, 500 ms then 1 000 ms.
    h.clock.advance(499);
    await settle();
    expect(h.requests).toHaveLength(1);
    h.clock.advance(1);
    await settle();
    expect(h.requests).toHaveLength(2);
    h.clock.advance(999);
    await settle();
    expect(h.requests).toHaveLength(2);
    h.clock.advance(1);
    await settle();
    expect(h.requests).toHaveLength(3);
    const error = (await failed) as WireError;
    expect(error).toBeInstanceOf(WireError);
    expect(error.code).toBe('server_error');
    expect(h.terminal).toEqual([]);
    // No fourth try, and no timer left behind by the last one.
    h.clock.advance(60_000);
    await settle();
    expect(h.requests).toHaveLength(3);
    expect(h.refresher.busy).toBe(false);
  });

  it('stop during the retries: no further request', async () => {
    const h = harness(() => tokenAnswer({ error: 'temporarily_unavailable' }, 503));
    const failed = h.refresher.refresh().catch((e: unknown) => e);
    await settle();
    h.refresher.stop();
    h.clock.advance(60_000);
    await settle();
    expect(h.requests).toHaveLength(1);
    expect(((await failed) as WireError).code).toBe('server_error');
  });

  it('a refused refresh token is terminal at once: one request, onTerminal once, no retry', async () => {
    const h = harness(() => tokenAnswer({ error: 'invalid_grant' }, 400));
    const error = (await h.refresher.refresh().catch((e: unknown) => e)) as WireError;
    expect(error.code).toBe('unauthorized');
    expect(h.terminal).toEqual([error]);
    h.clock.advance(60_000);
    await settle();
    expect(h.requests).toHaveLength(1);
  });

  it('an insecure authorization server is terminal, nothing sent', async () => {
    const h = harness((n) => renewedAnswer(n), {}, { authServerUrl: 'http://auth.example.com' });
    const error = (await h.refresher.refresh().catch((e: unknown) => e)) as WireError;
    expect(error.code).toBe('insecure_address');
    expect(h.terminal).toEqual([error]);
    expect(h.requests).toEqual([]);
  });

  it('without a refresh token: refused as unauthorized, terminal, nothing sent', async () => {
    const h = harness((n) => renewedAnswer(n), { refreshToken: null });
    const error = (await h.refresher.refresh().catch((e: unknown) => e)) as WireError;
    expect(error).toMatchObject({
      code: 'unauthorized',
      message: 'The access token expired and there is no refresh token.',
    });
    expect(h.terminal).toEqual([error]);
    expect(h.requests).toEqual([]);
  });

  it('a token endpoint that never answers: after timeoutMs the answer counts as lost, not sent again (the token may be spent)', async () => {
    const h = harness(
      (n, init) =>
        n === 1
          ? new Promise<Response>((_resolve, reject) =>
              init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
            )
          : renewedAnswer(n),
      {},
      { maxAttempts: 2 },
    );
    const failed = h.refresher.refresh().catch((e: unknown) => e);
    await settle();
    h.clock.advance(9_999);
    await settle();
    expect(h.requests).toHaveLength(1);
    h.clock.advance(1); // the timeout
    const error = (await failed) as WireError;
    expect(error).toBeInstanceOf(WireError);
    expect(error).toMatchObject({ code: 'answer_lost' });
    expect(h.requests).toHaveLength(1);
  });

  it('with refreshReuseAllowed, a lost answer is tried once more with the same token', async () => {
    const h = harness(
      (n, init) =>
        n === 1
          ? new Promise<Response>((_resolve, reject) =>
              init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
            )
          : renewedAnswer(n),
      {},
      { maxAttempts: 2, refreshReuseAllowed: true },
    );
    const done = h.refresher.refresh();
    await settle();
    h.clock.advance(10_000); // the timeout
    await settle();
    expect((await done).accessToken).toBe('at_2');
    expect(h.requests).toHaveLength(2);
    expect(h.requests[1]!.body).toBe(h.requests[0]!.body);
  });

  it('a fetch that never connected (ECONNREFUSED) is a network failure, retried: the token never left', async () => {
    const h = harness(
      (n) => {
        if (n === 1)
          throw new TypeError('fetch failed', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) });
        return renewedAnswer(n);
      },
      {},
      { maxAttempts: 2 },
    );
    const done = h.refresher.refresh();
    await settle();
    h.clock.advance(500);
    await settle();
    expect((await done).refreshToken).toBe('rt_2');
    expect(h.requests).toHaveLength(2);
  });

  // Failures before the request is written, as undici reports them (a code on the cause, or on the
  // first of an AggregateError's errors when every address was tried).
  const NEVER_SENT = [
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'EADDRNOTAVAIL',
    'UND_ERR_CONNECT_TIMEOUT',
    'CERT_HAS_EXPIRED',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'ERR_TLS_CERT_ALTNAME_INVALID',
  ];
  const failedWith = (cause: unknown) => new TypeError('fetch failed', { cause });
  const coded = (code: string) => Object.assign(new Error(code), { code });

  it.each(NEVER_SENT)('%s: the token never left, so it is retried (not a lost answer)', async (code) => {
    for (const cause of [coded(code), new AggregateError([coded(code)], 'every address failed')]) {
      const h = harness(
        (n) => {
          if (n === 1) throw failedWith(cause);
          return renewedAnswer(n);
        },
        {},
        { maxAttempts: 2 },
      );
      const done = h.refresher.refresh();
      await settle();
      h.clock.advance(500);
      expect((await done).refreshToken).toBe('rt_2');
      expect(h.requests).toHaveLength(2);
    }
  });

  it('a connection cut after it opened (ECONNRESET), or a code that is not a string: a lost answer, not retried', async () => {
    for (const cause of [coded('ECONNRESET'), { code: 7 }, { errors: [] }]) {
      const h = harness(
        (n) => {
          if (n === 1) throw failedWith(cause);
          return renewedAnswer(n);
        },
        {},
        { maxAttempts: 2 },
      );
      const error = (await h.refresher.refresh().catch((e: unknown) => e)) as WireError;
      expect(error).toMatchObject({ code: 'answer_lost' });
      expect(h.requests).toHaveLength(1);
    }
  });

  it('a 2xx that cannot be read is a lost answer (the server did its work): its words and status, terminal, not sent again', async () => {
    const h = harness(() => tokenAnswer({ token_type: 'bearer' }), {}, { maxAttempts: 2 });
    const error = (await h.refresher.refresh().catch((e: unknown) => e)) as WireError;
    expect([error.code, error.message, error.status]).toEqual([
      'answer_lost',
      "The token endpoint's answer was lost after the refresh was sent.",
      200,
    ]);
    expect(h.terminal).toEqual([error]);
    expect(h.requests).toHaveLength(1);
  });

  it('a 3xx is an answer, not a lost one: retried like a transient failure', async () => {
    for (const status of [300, 302]) {
      const h = harness(
        (n) =>
          n === 1
            ? new Response(null, { status, headers: { location: 'https://elsewhere.example/' } })
            : renewedAnswer(n),
        {},
        { maxAttempts: 2 },
      );
      const done = h.refresher.refresh();
      await settle();
      h.clock.advance(500);
      expect((await done).refreshToken).toBe('rt_2');
      expect(h.requests).toHaveLength(2);
      expect(h.terminal).toEqual([]);
    }
  });

  it('with refreshReuseAllowed, a lost answer gets one more try only: lost again, it ends there (and says so in the log)', async () => {
    const lines: unknown[][] = [];
    const logger = { ...silentLogger, warn: (...args: unknown[]) => void lines.push(args) };
    const h = harness(
      () => {
        throw new TypeError('fetch failed');
      },
      {},
      { maxAttempts: 3, refreshReuseAllowed: true, logger },
    );
    const error = (await h.refresher.refresh().catch((e: unknown) => e)) as WireError;
    expect(error).toMatchObject({ code: 'answer_lost' });
    expect(h.requests).toHaveLength(2);
    expect(h.terminal).toEqual([error]);
    expect(lines).toEqual([['token refresh answer lost; retrying once (reuse allowed)', {}]]);
  });

  it('with refreshReuseAllowed, the retry refused (the server had rotated the token): renewal lost, in those words', async () => {
    const h = harness(
      (n) => {
        if (n === 1) throw new TypeError('fetch failed');
        return tokenAnswer({ error: 'invalid_grant' }, 400);
      },
      {},
      { maxAttempts: 3, refreshReuseAllowed: true },
    );
    const error = (await h.refresher.refresh().catch((e: unknown) => e)) as WireError;
    expect([error.code, error.message, error.status, error.derivCode]).toEqual([
      'answer_lost',
      'The refresh answer was lost and the token was already rotated.',
      400,
      'invalid_grant',
    ]);
    expect(h.terminal).toEqual([error]);
    expect(h.requests).toHaveLength(2);
  });

  it('with refreshReuseAllowed, a transient failure after the extra try is still only transient: retried, then renewed', async () => {
    const h = harness(
      (n) => {
        if (n === 1) throw new TypeError('fetch failed');
        if (n === 2) return tokenAnswer({ error: 'temporarily_unavailable' }, 503);
        return renewedAnswer(n);
      },
      {},
      { maxAttempts: 3, refreshReuseAllowed: true },
    );
    const done = h.refresher.refresh();
    await settle();
    h.clock.advance(500);
    expect((await done).refreshToken).toBe('rt_3');
    expect(h.requests).toHaveLength(3);
    expect(h.terminal).toEqual([]);
  });

  it('with refreshReuseAllowed, a transient failure is tried maxAttempts times as before (the extra try is for a lost answer only)', async () => {
    const h = harness(() => tokenAnswer({ error: 'temporarily_unavailable' }, 503), {}, { refreshReuseAllowed: true });
    const failed = h.refresher.refresh().catch((e: unknown) => e);
    for (let i = 0; i < 5; i++) {
      await settle();
      h.clock.advance(1_000);
    }
    expect(((await failed) as WireError).code).toBe('server_error');
    expect(h.requests).toHaveLength(3);
  });

  it('a fetch that fails after it may have been sent (a bare TypeError) is a lost answer, not retried', async () => {
    const h = harness(
      (n) => {
        if (n === 1) throw new TypeError('fetch failed');
        return renewedAnswer(n);
      },
      {},
      { maxAttempts: 2 },
    );
    const error = (await h.refresher.refresh().catch((e: unknown) => e)) as WireError;
    expect(error).toMatchObject({ code: 'answer_lost' });
    expect(h.requests).toHaveLength(1);
  });

  it('a renewal that fails with something other than a WireError counts as a network failure', async () => {
    const h = harness((n) => renewedAnswer(n), {}, { maxAttempts: 1, renew: () => Promise.reject(new Error('x')) });
    const error = (await h.refresher.refresh().catch((e: unknown) => e)) as WireError;
    expect(error).toBeInstanceOf(WireError);
    expect(error).toMatchObject({ code: 'network', message: 'The token refresh failed.' });
  });

  it('stopped before it began: nothing sent, the refresh says it was stopped', async () => {
    const h = harness((n) => renewedAnswer(n));
    h.refresher.stop();
    const error = (await h.refresher.refresh().catch((e: unknown) => e)) as WireError;
    expect(error).toBeInstanceOf(WireError);
    expect(error).toMatchObject({ code: 'network', message: 'The token refresh was stopped.' });
    expect(h.requests).toEqual([]);
    expect(h.terminal).toEqual([]);
  });

  it('each retried failure is logged with its attempt and status, nothing secret', async () => {
    const lines: unknown[][] = [];
    const logger = { ...silentLogger, warn: (...args: unknown[]) => void lines.push(args) };
    const h = harness(() => tokenAnswer({ error: 'temporarily_unavailable' }, 503), {}, { logger, maxAttempts: 2 });
    const failed = h.refresher.refresh().catch(() => undefined);
    await settle();
    h.clock.advance(500);
    await failed;
    expect(lines).toEqual([
      ['token refresh failed; retrying', { attempt: 1, status: 503 }],
      ['token refresh failed; retrying', { attempt: 2, status: 503 }],
    ]);
  });

  it('works without an onBusy hook', async () => {
    const h = harness((n) => renewedAnswer(n), {}, { onBusy: undefined });
    expect((await h.refresher.refresh()).accessToken).toBe('at_1');
  });

  it('concurrent callers share one request; busy while it runs, onBusy at its start and end', async () => {
    const h = harness((n) => renewedAnswer(n));
    expect(h.refresher.busy).toBe(false);
    const a = h.refresher.refresh();
    const b = h.refresher.refresh();
    expect(b).toBe(a);
    expect(h.refresher.busy).toBe(true);
    expect(h.busyCalls()).toBe(1);
    await Promise.all([a, b]);
    await settle();
    expect(h.requests).toHaveLength(1);
    expect(h.refresher.busy).toBe(false);
    expect(h.busyCalls()).toBe(2);
    // A later call is a new request.
    await h.refresher.refresh();
    expect(h.requests).toHaveLength(2);
  });

  it("every refresh goes through main's RenewGrant, with the grant's id and the credential it replaces", async () => {
    const h = harness((n) => renewedAnswer(n));
    await h.refresher.refresh();
    await h.refresher.refresh();
    expect(h.renewals).toEqual([
      { grantId: 'grant-1', replaces: expect.objectContaining({ accessToken: 'at_0', refreshToken: 'rt_0' }) },
      { grantId: 'grant-1', replaces: expect.objectContaining({ accessToken: 'at_1', refreshToken: 'rt_1' }) },
    ]);
    // What RenewGrant resolves with (adopted from a refresh made elsewhere) is the credential now.
    const adopted: OAuthCredential = { kind: 'oauth', accessToken: 'at_x', refreshToken: 'rt_x', expiresAt: null };
    const other = harness((n) => renewedAnswer(n), {}, { renew: () => Promise.resolve(adopted) });
    expect(await other.refresher.refresh()).toBe(adopted);
    expect(other.refresher.current()).toBe(adopted);
    expect(other.requests).toEqual([]);
  });
});
