/**
 * Every snapshot from main arrives as a fresh copy (IPC clones it), so without help each one would
 * hand every component new props and `React.memo` could skip nothing. `keepUnchanged` returns the
 * next value with every part that is deep-equal to the previous one replaced by the previous
 * object itself: after a switch, an account's row, the notices or the connection keep their
 * identity, and memoised components whose props did not change are not rendered again. (Plain
 * JSON data only, as the state is.)
 */
export function keepUnchanged<T>(prev: T, next: T): T {
  if (prev === next) return prev;
  if (
    !prev ||
    !next ||
    typeof prev !== 'object' ||
    typeof next !== 'object' ||
    Array.isArray(prev) !== Array.isArray(next)
  )
    return next;
  const a = prev as Record<string, unknown>;
  const b = next as Record<string, unknown>;
  const out: Record<string, unknown> = Array.isArray(next) ? ([] as never) : {};
  let same = Object.keys(a).length === Object.keys(b).length;
  for (const key in b) {
    out[key] = keepUnchanged(a[key], b[key]);
    same &&= out[key] === a[key];
  }
  return same ? prev : (out as T);
}
