export interface BackoffPolicy {
  /** Delay ceiling of the first retry, in ms. */
  baseMs: number;
  /** No retry waits longer than this. */
  capMs: number;
}

/**
 * Exponential backoff with "equal jitter": the ceiling doubles per attempt up to the cap, and the
 * delay is drawn from [ceiling/2, ceiling]. Half the window is fixed so a retry never fires
 * immediately in a storm, half is random so many clients dropped together do not return together.
 * `attempt` counts from 1.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const n = Number.isFinite(attempt) && attempt >= 1 ? Math.floor(attempt) : 1;
  const base = Math.max(1, policy.baseMs);
  const cap = Math.max(base, policy.capMs);
  // 2^(n-1) overflows to Infinity for large n; Math.min absorbs it.
  const ceiling = Math.min(cap, base * 2 ** Math.min(n - 1, 60));
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(1, Math.max(0, r)) : 0.5;
  return Math.round(ceiling / 2 + (ceiling / 2) * unit);
}
