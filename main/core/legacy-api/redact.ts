/**
 * Keeping tokens out of what the session says: error messages and log fields may quote what the
 * server or a library said, and Deriv echoes the request (tokens included) in some answers.
 */
import { DerivApiError, SessionError } from '../socket/errors';

/**
 * What a secret becomes. No character of it can occur in a token (nor in an OAuth access token), so
 * replacing one secret never forms another out of the mark and its neighbours.
 */
export const MARK = '[•••]';

/** Tokens shorter than this are not scrubbed: they would match ordinary words. */
const MIN_SECRET_LENGTH = 4;

export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(MARK);
  return out;
}

/** A short description of an error for logs and the connection state, with every secret removed. */
export function describeError(error: unknown, secrets: Iterable<string>): string {
  const text =
    error instanceof DerivApiError || error instanceof SessionError
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  return redact(text, secrets);
}

/** The same error, with its message scrubbed when it quoted a secret (a new object only then). */
export function redactedError(error: unknown, secrets: Iterable<string>): unknown {
  if (!(error instanceof DerivApiError)) return error;
  const clean = redact(error.message, secrets);
  return clean === error.message ? error : new DerivApiError(error.code, clean, error.msgType, error.details);
}
