import type { MigrationView } from '../../../main/ipc/contract';
import { useCommands } from '../commands';
import { useI18n } from '../i18n-context';
import { ConfirmButton } from './ConfirmDialog';

/**
 * Where the legacy accounts held here went on Deriv's new platform ("CR123456 → DOT90004 (USD)"),
 * or that the move is under way or failed; once complete, retiring their login in one step.
 */
export function Migration({ migration }: { migration: MigrationView }) {
  const { t } = useI18n();
  const { api, send } = useCommands();
  return (
    <section className="card" aria-labelledby="migration-title">
      <h2 id="migration-title">{t.migrationTitle}</h2>
      {migration.status === 'complete' ? (
        <>
          <ul>
            {migration.moves.map((m) => (
              <li key={m.legacyId}>
                {m.legacyId} → {m.accounts.map((a) => `${a.accountId} (${a.currency})`).join(', ') || '—'}
              </li>
            ))}
          </ul>
          <ConfirmButton
            label={t.retireLegacy}
            title={t.retireLegacy}
            text={t.retireLegacyText}
            onConfirm={() => void send(api.retireLegacyLogin())}
          />
        </>
      ) : (
        <p role="status">{migration.status === 'pending' ? t.migrationPending : t.migrationFailed}</p>
      )}
    </section>
  );
}
