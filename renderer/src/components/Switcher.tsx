import { type KeyboardEvent, useEffect, useState } from 'react';

import type { AccountView } from '../../../main/ipc/contract';
import { formatBalance } from '../format';
import { useI18n } from '../i18n-context';

interface Props {
  accounts: AccountView[];
  activeAccountId: string | null;
  onSwitch: (accountId: string) => void;
  localCurrencies?: Record<string, { fractional_digits: number }>;
}

const optionId = (accountId: string) => `switch-${accountId}`;

/**
 * A listbox of the accounts: the highlighted option moves with the arrow keys (Home/End too)
 * and Enter or a click makes it the active account. `aria-selected` marks the active one.
 */
export function Switcher({ accounts, activeAccountId, onSwitch, localCurrencies }: Props) {
  const { t, language } = useI18n();
  const activeIndex = Math.max(
    0,
    accounts.findIndex((a) => a.accountId === activeAccountId),
  );
  const [highlight, setHighlight] = useState(activeIndex);
  useEffect(() => setHighlight(activeIndex), [activeIndex]);
  const current = accounts[Math.min(highlight, accounts.length - 1)];

  const choose = (account: AccountView | undefined) => {
    if (account && !account.isDisabled && account.accountId !== activeAccountId) onSwitch(account.accountId);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const last = accounts.length - 1;
    const moves: Record<string, number> = { ArrowDown: highlight + 1, ArrowUp: highlight - 1, Home: 0, End: last };
    const to = moves[e.key];
    if (to !== undefined) {
      e.preventDefault();
      setHighlight(Math.min(last, Math.max(0, to)));
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      choose(current);
    }
  };

  return (
    <section className="card switcher" aria-labelledby="switcher-title">
      <h2 id="switcher-title">{t.switcherTitle}</h2>
      <div
        className="listbox"
        role="listbox"
        tabIndex={0}
        aria-labelledby="switcher-title"
        aria-describedby="switcher-hint"
        aria-activedescendant={current ? optionId(current.accountId) : undefined}
        onKeyDown={onKeyDown}
      >
        {accounts.map((a, i) => (
          <div
            key={a.accountId}
            id={optionId(a.accountId)}
            role="option"
            aria-selected={a.accountId === activeAccountId}
            aria-disabled={a.isDisabled || undefined}
            className={`option${i === highlight ? ' option--highlight' : ''}${a.accountId === activeAccountId ? ' option--active' : ''}`}
            onClick={() => {
              setHighlight(i);
              choose(a);
            }}
          >
            <span className="option__main">
              <span className="option__id">{a.accountId}</span>
              <span className={`tag ${a.isVirtual ? 'tag--demo' : 'tag--real'}`}>{a.isVirtual ? t.demo : t.real}</span>
              <span className="tag tag--api">{t.apiTags[a.api]}</span>
            </span>
            <span className="option__sub">
              {a.balance === null
                ? `${a.currency || ''} ${t.noBalance}`
                : formatBalance(a.balance, a.currency, language, localCurrencies)}
              {i < 9 && <kbd className="option__key">{`Ctrl+${i + 1}`}</kbd>}
            </span>
          </div>
        ))}
      </div>
      <p id="switcher-hint" className="muted small">
        {t.switcherHint}
      </p>
    </section>
  );
}
