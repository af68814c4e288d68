import { useEffect, useState } from 'react';
import type { AppState, DesktopApi } from '../../main/ipc/contract';

/** Placeholder shell: renders the AppState snapshot it receives (the renderer issue fills it in). */
export function App({ api }: { api: DesktopApi }) {
  const [state, setState] = useState<AppState | null>(null);
  useEffect(() => {
    const off = api.onState(setState);
    void api.getState().then((r) => r.ok && setState(r.value));
    return off;
  }, [api]);
  if (!state) return <p>Loading…</p>;
  return (
    <main>
      <h1>Deriv Desktop Login</h1>
      <p data-testid="mode">{state.mode}</p>
      <ul>
        {state.accounts.map((a) => (
          <li key={a.loginid}>
            {a.loginid} {a.currency} {a.balance ?? '—'}
          </li>
        ))}
      </ul>
    </main>
  );
}
