/**
 * Which tokens Deriv refused. One `authorize` carries every token; when Deriv refuses one
 * (`InvalidToken`, `DisabledClient`) the whole call fails, so the culprit is found — from Deriv's
 * hint naming its position when there is one, else by trying each token alone — and the rest are
 * authorized together. One bad token never locks out the other accounts.
 *
 * No socket here: the caller passes the authorize call, so the rule is tested on its own.
 */
import { MAX_ACCOUNTS_PER_SOCKET } from '../model';
import { DerivApiError, SessionError } from '../socket/errors';

export function isTokenRefusal(error: unknown): error is DerivApiError {
  return error instanceof DerivApiError && (error.code === 'InvalidToken' || error.code === 'DisabledClient');
}

/** `details: { tokens: "Token at position N is invalid." }` → the index in the candidate list. */
export function positionFromDetails(error: DerivApiError, count: number): number | null {
  if (count === 1) return 0;
  const hint = error.details?.tokens;
  if (typeof hint !== 'string') return null;
  const match = /position\s+(\d+)/i.exec(hint);
  if (!match) return null;
  const index = Number(match[1]);
  return Number.isSafeInteger(index) && index >= 0 && index < count ? index : null;
}

export interface TriageResult<A, R> {
  /** The successful answer, or null when every candidate was refused. */
  response: R | null;
  accepted: A[];
  /** Each refused candidate with the refusal (`DisabledClient` or `InvalidToken`). */
  refused: { account: A; error: DerivApiError }[];
}

/**
 * Authorize `candidates`, setting refused ones aside until the rest go through. `authorize` gets a
 * non-empty list; any error other than a token refusal propagates (the connection retries), and so
 * does a refusal no single token explains (an inconsistent server). `stillWanted` is asked after
 * each refusal: false (the connection was replaced) stops with that refusal.
 */
export async function triageTokens<A, R>(
  candidates: readonly A[],
  authorize: (accounts: A[]) => Promise<R>,
  stillWanted: () => boolean = () => true,
): Promise<TriageResult<A, R>> {
  let left = [...candidates];
  const refused: TriageResult<A, R>['refused'] = [];
  for (let round = 0; round <= MAX_ACCOUNTS_PER_SOCKET && left.length > 0; round++) {
    try {
      return { response: await authorize(left), accepted: left, refused };
    } catch (error) {
      if (!isTokenRefusal(error) || !stillWanted()) throw error;
      const culprit = positionFromDetails(error, left.length);
      if (culprit !== null) {
        refused.push({ account: left[culprit]!, error });
        left = left.filter((_, i) => i !== culprit);
        continue;
      }
      // No usable hint: probe each token alone, then authorize the survivors together.
      const survivors: A[] = [];
      for (const account of left) {
        try {
          await authorize([account]);
          survivors.push(account);
        } catch (probeError) {
          if (!isTokenRefusal(probeError)) throw probeError;
          refused.push({ account, error: probeError });
        }
      }
      if (survivors.length === left.length) throw error; // inconsistent server; retry later
      left = survivors;
    }
  }
  if (left.length === 0) return { response: null, accepted: [], refused };
  throw new SessionError('timeout', 'Could not settle which tokens are valid.');
}
