/**
 * The one page → core crossing where a secret travels on purpose: what the trader pasted (API
 * tokens, a personal access token) going to main as a command's argument. Recorders replace that
 * one field with a marker before the leak scan reads their records, and keep everything else of
 * the argument (a PAT's app id, a malformed call) in the scan, so no test skips a crossing by hand.
 */
import type { SignInMethod } from '../../main/ipc/contract';

/** The field of each `signIn` method's argument that holds the pasted secret. */
export const PASTED_SECRET_FIELDS = {
  api_token: 'tokens',
  pat: 'token',
} as const satisfies Partial<Record<SignInMethod, string>>;

export const PASTED_MARKER = '(pasted secret)';

/** `args` as a leak-scan record: the pasted secret field replaced, the rest as it was sent. */
export function redactPasted(command: string, args: unknown): unknown {
  if (command !== 'signIn' || typeof args !== 'object' || args === null || Array.isArray(args)) return args;
  const method = (args as { method?: unknown }).method;
  const field =
    typeof method === 'string' ? (PASTED_SECRET_FIELDS as Record<string, string | undefined>)[method] : undefined;
  if (field === undefined || !(field in args)) return args;
  return { ...args, [field]: PASTED_MARKER };
}
