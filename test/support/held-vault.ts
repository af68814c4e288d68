/**
 * `HeldAccounts` with a vault that records each write (name and arguments) instead of a real file:
 * for the unit tests of what main holds (held-renewals.test.ts, held-accounts.test.ts; the real
 * vault on a real file is in held-current.test.ts). A stand-in for the port `VaultLike`, not for
 * Electron: it shows which write was asked, in which order, and can refuse some or hold them all.
 */
import type { Destination } from '../../main/core/app/destination';
import { HeldAccounts } from '../../main/core/app/held-accounts';
import type { VaultLike } from '../../main/core/app/ports';
import type { CurrentLogin } from '../../main/core/auth/current-flow';
import type { BackendView, OAuthCredential } from '../../main/core/backend/port';
import { activeSettings, type NoticeInput, type SettingsRecord } from '../../main/core/model';
import { DERIV_SETTINGS } from './sample-state';

export const oauth = (n: number): OAuthCredential => ({
  kind: 'oauth',
  accessToken: `at_${n}_0123456789`,
  refreshToken: `rt_${n}_0123456789`,
  expiresAt: n,
});

/** A current-API login (OAuth credential number `n`) for these demo accounts. */
export const login = (n: number, ids: string[]): CurrentLogin => ({
  credential: oauth(n),
  appId: 'app-7',
  accounts: ids.map((account_id) => ({
    account_id,
    account_type: 'demo',
    currency: 'USD',
    balance: '1',
    status: 'active',
    group: 'demo',
  })),
  raw: {},
});

/** A backend's view with these accounts open (the first one active), nothing refused, no details. */
export const view = (authorized: string[]): BackendView => ({
  connection: { status: 'online', since: 1 },
  balances: {},
  authorized,
  refused: [],
  disabled: [],
  activeAccountId: authorized[0] ?? null,
  details: null,
});

export const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};

const WRITES = ['saveGrant', 'renewGrant', 'forgetSecret', 'setActive', 'updateAccountFlags'] as const;
type Write = (typeof WRITES)[number];

export interface RecordingVaultOptions {
  /** `true`: every write is refused (disk full); a list: those writes only. */
  refuse?: boolean | readonly Write[];
  /** Give the vault a `settled()` (the quit waits for it); it is recorded as a call. */
  withSettled?: boolean;
}

/**
 * A vault that records each write: `writes` as `name:id` (the grant or account id when the first
 * argument is one), `calls` with the arguments whole. `pause()` holds every write (and `settled`)
 * asked from then on until the function it returns is called.
 */
export function recordingVault({ refuse = false, withSettled = false }: RecordingVaultOptions = {}) {
  const writes: string[] = [];
  const calls: { name: string; args: unknown[] }[] = [];
  let gate: Promise<void> = Promise.resolve();
  const refused = (name: Write) => refuse === true || (Array.isArray(refuse) && refuse.includes(name));
  const write =
    (name: Write) =>
    (...args: unknown[]) => {
      const [first] = args;
      const id =
        typeof first === 'string'
          ? first
          : typeof (first as { id?: unknown })?.id === 'string'
            ? (first as { id: string }).id
            : '';
      writes.push(`${name}:${id}`);
      calls.push({ name, args });
      return gate.then(() => (refused(name) ? Promise.reject(new Error('disk full')) : undefined));
    };
  const v = Object.fromEntries(WRITES.map((name) => [name, write(name)])) as Record<string, unknown>;
  if (withSettled)
    v.settled = () => {
      calls.push({ name: 'settled', args: [] });
      return gate;
    };
  const pause = (): (() => void) => {
    let release!: () => void;
    gate = new Promise((r) => (release = r));
    return () => {
      gate = Promise.resolve();
      release();
    };
  };
  return { v: v as unknown as VaultLike, writes, calls, pause };
}

export interface HoldOptions extends RecordingVaultOptions {
  /** The settings in force (Deriv mode); by default the current API with the client id `app-7`. */
  settings?: SettingsRecord;
}

/**
 * `HeldAccounts` over a recording vault, with the notices it gives. `where` is the destination in
 * force (mode and settings); a test may replace it to move the saved addresses.
 */
export function hold({ settings, ...vaultOptions }: HoldOptions = {}) {
  const vault = recordingVault(vaultOptions);
  const notices: NoticeInput[] = [];
  const state = {
    where: {
      mode: 'deriv',
      settings: activeSettings(settings ?? { ...DERIV_SETTINGS, api: 'current', clientId: 'app-7' }),
    } as Destination,
  };
  const held = new HeldAccounts(
    vault.v,
    (n) => notices.push(n),
    () => state.where,
  );
  return { held, notices, state, ...vault };
}
