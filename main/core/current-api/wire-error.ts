/**
 * The one error of the current API's wire, and what an HTTP status means in it: every failure of a
 * call in `wire.ts` is a `WireError` with a code; logins and sessions word it at their own edge.
 */
import { errorsAnswerSchema } from './wire-schema';

/** The scope both REST calls need ("Auth: required (scopes: trade)"). */
export const TRADE_SCOPE = 'trade';

export const WIRE_ERROR_CODES = [
  /** The address breaks the one address rule: nothing was sent. */
  'insecure_address',
  /** 401: the credential is refused (unknown, expired, revoked, another app's PAT; a dead refresh token). */
  'unauthorized',
  /** 401 saying a PAT came without its `Deriv-App-ID`. */
  'app_id_required',
  /** 403: a valid credential without the `trade` scope. */
  'forbidden',
  /** 429, or the caller's own request budget is spent: not before `retryAt`. */
  'rate_limited',
  /** Another 4xx: the request itself is refused (e.g. not this credential's account). */
  'rejected',
  /** 5xx or 408: the server failed; worth a retry. */
  'server_error',
  /** The server could not be reached, or the connection broke (a redirect counts: it is refused). */
  'network',
  /** No answer within the caller's time. */
  'timeout',
  /**
   * A refresh was sent but its answer never arrived (cut, timed out, unreadable): the server may
   * have rotated the refresh token already, and presenting it again is what Deriv treats as theft.
   */
  'answer_lost',
  /** A 2xx whose body is not what Deriv documents (or an OTP URL that is not a WebSocket URL). */
  'malformed',
] as const;
export type WireErrorCode = (typeof WIRE_ERROR_CODES)[number];

/** The one error of the current API's wire. Its message is the app's own words, safe to log and show. */
export class WireError extends Error {
  override readonly name = 'WireError';
  /** The HTTP status, when there was an answer. */
  readonly status: number | null;
  /** Deriv's `errors[0].code` (printable, ≤ 40 characters), when it sent one. */
  readonly derivCode: string | null;
  /** `rate_limited`: the time (ms since the epoch) from which a request may be sent again. */
  readonly retryAt: number | null;

  constructor(
    readonly code: WireErrorCode,
    message: string,
    details: { status?: number | null; derivCode?: string | null; retryAt?: number | null } = {},
  ) {
    super(message);
    this.status = details.status ?? null;
    this.derivCode = details.derivCode ?? null;
    this.retryAt = details.retryAt ?? null;
  }
}

/**
 * What a status means. Only the status and Deriv's `code` decide; Deriv's message is read once,
 * to tell a PAT sent without its app id from any other 401 (the documented text).
 * @see https://developers.deriv.com/llms/errors.md
 * @see https://developers.deriv.com/llms/authentication.md (401 "Deriv-App-ID header is required for PAT tokens")
 */
export function errorOf(response: Response, body: unknown, now: () => number): WireError {
  const first = errorsAnswerSchema.safeParse(body).data?.errors[0];
  const status = response.status;
  const derivCode = first?.code === undefined ? null : printable(first.code);
  const details = { status, derivCode };
  const said = (first?.message ?? '').toLowerCase();
  const named = derivCode ? ` (${derivCode})` : '';
  switch (true) {
    case status === 401 && said.includes('deriv-app-id') && said.includes('required'):
      return new WireError('app_id_required', 'Deriv asks for the app ID this token was made for.', details);
    case status === 401:
      return new WireError('unauthorized', `The credential was refused${named}.`, details);
    case status === 403:
      return new WireError('forbidden', `The credential lacks the "${TRADE_SCOPE}" scope.`, details);
    case status === 429:
      return new WireError('rate_limited', 'Too many requests; the server asks to wait.', {
        ...details,
        retryAt: retryAtOf(response, now),
      });
    case status === 408 || status >= 500:
      return new WireError('server_error', `Server error ${status}.`, details);
    case status >= 400:
      return new WireError('rejected', `The request was refused: HTTP ${status}${named}.`, details);
    default:
      // 1xx/3xx reaching here (a custom fetch, an opaque redirect): not an answer the API gives.
      return new WireError('malformed', `Unexpected answer: HTTP ${status}.`, details);
  }
}

/**
 * `Retry-After` in seconds or as an HTTP date; a minute when absent or unreadable, never in the past.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 */
export function retryAtOf(response: Response, now: () => number): number {
  const t = now();
  const header = response.headers.get('retry-after')?.trim() ?? '';
  if (/^\d{1,9}$/.test(header)) return t + Number(header) * 1000;
  // Only the IMF-fixdate form (RFC 9110 §5.6.7): `Date.parse` alone reads "-5" as a year.
  const date = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(header)
    ? Date.parse(header)
    : Number.NaN;
  if (Number.isFinite(date)) return Math.max(t, date);
  return t + 60_000;
}

export function insecure(): WireError {
  return new WireError(
    'insecure_address',
    "The current API's address must be an https:// address (http:// only on this computer).",
  );
}

export function printable(text: string): string {
  return text.replace(/[^\x21-\x7e]/g, '').slice(0, 40);
}
