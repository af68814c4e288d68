/**
 * What the sandbox's socket session answers with besides data: Deriv's error shapes, the scopes a
 * call needs, and the echo of a request with its sensitive fields hidden (as Deriv does).
 */
import type { CallName } from './requests';
import type { TokenRecord } from './state';
import type { ApiScope } from './types';

export type Json = Record<string, unknown>;

export interface DerivError {
  code: string;
  message: string;
  details?: Record<string, string>;
}

export class CallError extends Error {
  constructor(readonly error: DerivError) {
    super(error.message);
  }
}

export interface SessionAccount {
  ref: TokenRecord;
  token: string;
}

/** Deriv's send schemas name the scopes a call accepts (`auth_scopes`); any one of them is enough. */
export const CALL_SCOPES: Partial<Record<CallName, readonly ApiScope[]>> = {
  balance: ['read', 'trading_information'],
  get_settings: ['read'],
};

/** Request fields Deriv marks `sensitive`: never echoed back (`"<not shown>"`), as Deriv does. */
const SENSITIVE_FIELDS = ['authorize', 'tokens'] as const;
const NOT_SHOWN = '<not shown>';

export function sanitizedEcho(request: Json): Json {
  if (!SENSITIVE_FIELDS.some((f) => Object.hasOwn(request, f))) return request;
  const echo: Json = { ...request };
  for (const f of SENSITIVE_FIELDS) if (Object.hasOwn(echo, f)) echo[f] = NOT_SHOWN;
  return echo;
}

export const invalidForApp = 'Token is not valid for current app ID.';

export const errorFor = {
  authRequired: (): DerivError => ({ code: 'AuthorizationRequired', message: 'Please log in.' }),
  invalidToken: (details?: Record<string, string>, message = 'The token is invalid.'): DerivError => ({
    code: 'InvalidToken',
    message,
    ...(details ? { details } : {}),
  }),
};

export function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
