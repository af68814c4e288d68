import { useEffect, useState } from 'react';

import type { AppState, PreferencesPatch, Theme } from '../../../main/ipc/contract';
import { useCommands } from '../commands';
import { useI18n } from '../i18n-context';
import { nicknameOf, ordered } from '../preferences';

/**
 * Settings' Display section: the theme, which accounts the lists hide, and each account's nickname
 * and place. Every change is sent at once (`savePreferences`); main's state is what it shows.
 */
export function Preferences({ state }: { state: Pick<AppState, 'accounts' | 'preferences'> }) {
  const { t } = useI18n();
  const { api, send } = useCommands();
  const prefs = state.preferences;
  const save = (patch: PreferencesPatch) => void send(api.savePreferences(patch));
  const list = ordered(state.accounts, prefs.order);
  // A moved row's button keeps the focus (moving the row's node drops it), or the row's other
  // button once the row reaches an end.
  const [focus, setFocus] = useState<string | null>(null);
  useEffect(() => {
    if (focus) document.getElementById(focus)?.focus();
  }, [focus, prefs.order]);

  const move = (from: number, by: -1 | 1) => {
    const ids = list.map((a) => a.accountId);
    const [moved] = ids.splice(from, 1);
    ids.splice(from + by, 0, moved!);
    setFocus(`move${ids[from + 2 * by] ? by : -by}-${moved}`);
    save({ order: ids });
  };
  const check = (key: 'hideZeroBalances' | 'hideDisabled') => (
    <label className="check">
      <input type="checkbox" checked={prefs[key]} onChange={(e) => save({ [key]: e.target.checked })} />
      {t[key]}
    </label>
  );

  return (
    <section className="card" aria-labelledby="display-title">
      <h3 id="display-title">{t.displayTitle}</h3>
      <div className="field">
        <label htmlFor="display-theme">{t.theme}</label>
        <select id="display-theme" value={prefs.theme} onChange={(e) => save({ theme: e.target.value as Theme })}>
          {(['system', 'light', 'dark'] as const).map((theme) => (
            <option key={theme} value={theme}>
              {t.themeNames[theme]}
            </option>
          ))}
        </select>
      </div>
      {check('hideZeroBalances')}
      {check('hideDisabled')}
      <p className="field__hint">{t.hideHint}</p>
      {list.length > 0 && (
        <fieldset className="fieldset">
          <legend>{t.namesTitle}</legend>
          <p className="field__hint" id="names-hint">
            {t.nicknameHint}
          </p>
          <ol className="names">
            {list.map((account, i) => (
              <li key={account.accountId} className="row">
                <span className="names__id">
                  {account.accountId} · {account.currency}
                </span>
                <Nickname
                  accountId={account.accountId}
                  saved={nicknameOf(prefs, account.accountId) ?? ''}
                  onSave={(name) => save({ nicknames: { [account.accountId]: name } })}
                />
                {([-1, 1] as const).map((by) => (
                  <button
                    key={by}
                    type="button"
                    id={`move${by}-${account.accountId}`}
                    className="button button--small"
                    aria-label={(by < 0 ? t.moveUp : t.moveDown)(account.accountId)}
                    disabled={!list[i + by]}
                    onClick={() => move(i, by)}
                  >
                    {by < 0 ? '↑' : '↓'}
                  </button>
                ))}
              </li>
            ))}
          </ol>
        </fieldset>
      )}
    </section>
  );
}

/**
 * One account's nickname: sent when the field is left or Enter pressed, if changed. Main checks it
 * (plain text, 40 characters at most) and refuses another with a code, shown like any refusal.
 */
function Nickname({ accountId, saved, onSave }: { accountId: string; saved: string; onSave: (name: string) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(saved);
  useEffect(() => setDraft(saved), [saved]);
  const commit = () => draft.trim() !== saved && onSave(draft.trim());
  return (
    <input
      value={draft}
      maxLength={40}
      aria-label={t.nicknameFor(accountId)}
      aria-describedby="names-hint"
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}
