import type { ReactNode } from 'react';

/** One row of the account details' description lists. */
export function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="dl__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** A value the server may not have given: a dash rather than an empty cell. */
export const dash = (value: string | number | null | undefined): string =>
  value === null || value === undefined || value === '' ? '—' : String(value);
