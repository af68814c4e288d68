import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { describeError, MARK, redact, redactedError } from '../../main/core/legacy-api/redact';
import { DerivApiError, SessionError } from '../../main/core/socket/errors';

const secret = fc.stringMatching(/^[\w\-.~+/=]{4,40}$/);

describe('redact', () => {
  it('removes every occurrence of every secret, whatever surrounds it', () => {
    fc.assert(
      fc.property(
        fc.array(secret, { minLength: 1, maxLength: 4 }),
        fc.array(fc.string(), { maxLength: 6 }),
        (secrets, pieces) => {
          const text = pieces.map((p, i) => p + secrets[i % secrets.length]).join('');
          const out = redact(text, secrets);
          return secrets.every((s) => !out.includes(s));
        },
      ),
    );
  });

  it('leaves short strings (which would match ordinary words) and clean text alone', () => {
    expect(redact('abc and more', ['abc'])).toBe('abc and more');
    expect(redact('nothing secret here', ['a1-long-token-value'])).toBe('nothing secret here');
    expect(redact('token a1-long-token-value refused', ['a1-long-token-value'])).toBe(`token ${MARK} refused`);
  });

  it('describes errors by code and message, scrubbed', () => {
    const t = 'a1-long-token-value';
    expect(describeError(new DerivApiError('InvalidToken', `Token ${t} is invalid`, 'authorize'), [t])).toBe(
      `InvalidToken: Token ${MARK} is invalid`,
    );
    expect(describeError(new SessionError('timeout', 'late'), [t])).toBe('timeout: late');
    expect(describeError(new Error(`boom ${t}`), [t])).toBe(`boom ${MARK}`);
    expect(describeError(`raw ${t}`, [t])).toBe(`raw ${MARK}`);
  });

  it('a DerivApiError that quoted a secret is replaced by a clean copy; others are returned as they are', () => {
    const t = 'a1-long-token-value';
    const dirty = new DerivApiError('InvalidToken', `bad ${t}`, 'authorize', { tokens: 'position 1' });
    const clean = redactedError(dirty, [t]) as DerivApiError;
    expect(clean).toBeInstanceOf(DerivApiError);
    expect(clean.message).toBe(`bad ${MARK}`);
    expect(clean).toMatchObject({ code: 'InvalidToken', msgType: 'authorize', details: { tokens: 'position 1' } });
    const fine = new DerivApiError('RateLimit', 'slow down', 'ping');
    expect(redactedError(fine, [t])).toBe(fine);
    // Anything else is not this function's to rewrite: returned as it is (describeError scrubs text).
    const session = new SessionError('timeout', `late ${t}`);
    expect(redactedError(session, [t])).toBe(session);
    expect(redactedError(`raw ${t}`, [t])).toBe(`raw ${t}`);
    expect(redactedError(null, [t])).toBeNull();
  });

  it('the mark is visible and shares no character with a token, so a replacement never forms a secret', () => {
    expect(MARK.length).toBeGreaterThan(0);
    expect(MARK).toMatch(/^[^\w\-.~+/=]+$/);
    expect(redact('xa1-long-token-valuey', ['a1-long-token-value'])).toBe(`x${MARK}y`);
  });
});
