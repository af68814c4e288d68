/**
 * What both OAuth flows (OIDC on the legacy host, the current API) pass to oauth4webapi's HTTP
 * calls: the abort signal, a test's fetch, and plain http only where the address rule allowed it
 * (this computer, i.e. the demo sandbox).
 */
import * as oauth from 'oauth4webapi';

import { isSecureOrLoopback } from '../model';

/** Accepts every variant of oauth4webapi's per-call fetch options (their bodies differ). */
type AnyCustomFetch = (
  url: string,
  init: { body?: unknown; headers: Record<string, string>; method: string; redirect: 'manual'; signal?: AbortSignal },
) => Promise<Response>;

export type HttpOptions = {
  signal: AbortSignal;
  [oauth.customFetch]?: AnyCustomFetch;
  [oauth.allowInsecureRequests]?: boolean;
};

export function httpOptions(signal: AbortSignal, insecure: boolean, fetchImpl?: typeof fetch): HttpOptions {
  const options: HttpOptions = { signal };
  if (fetchImpl) options[oauth.customFetch] = (url, init) => fetchImpl(url, init as RequestInit);
  if (insecure) options[oauth.allowInsecureRequests] = true;
  return options;
}

/**
 * The options for a call to `url`, plain http allowed exactly where the model's one address rule
 * allows it (this computer). The current API's token endpoint (login and refresh) goes through here.
 */
export function httpOptionsFor(url: string, signal: AbortSignal, fetchImpl?: typeof fetch): HttpOptions {
  return httpOptions(signal, isSecureOrLoopback(url, 'http') && new URL(url).protocol === 'http:', fetchImpl);
}

/** A cancelled login or a timed-out request: left to the caller, never turned into a login error. */
export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
