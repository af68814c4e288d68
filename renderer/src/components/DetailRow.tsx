import type { ReactNode } from 'react';

/**
 * One row of the account details' description lists. `code`: a field of the server's answer as
 * it was sent (`broker`, `CR`), an identifier rather than words, so it is marked as code.
 */
export function Row({ label, code = false, children }: { label: string; code?: boolean; children: ReactNode }) {
  return (
    <div className="dl__row">
      <dt>{code ? <code>{label}</code> : label}</dt>
      <dd>{code ? <code>{children}</code> : children}</dd>
    </div>
  );
}
