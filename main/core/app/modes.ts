/**
 * The app's mode and endpoint settings, and the demo sandbox that demo mode runs: what a mode's
 * settings are, switching to them, and remembering them. It does not decide whether tokens may
 * follow a change: the controller logs out first when `tokensWouldMove` (see `destination`).
 */
import {
  activeSettings,
  type AppMode,
  type DerivApi,
  type NoticeInput,
  recordWith,
  type Settings,
  type SettingsPatch,
  type SettingsRecord,
  type StoredSettings,
} from '../model';
import type { CommandArgs } from './commands';
import type { Destination } from './destination';
import type { DemoServer, VaultLike } from './ports';

export interface ModesDeps {
  vault: Pick<VaultLike, 'saveSettings'>;
  startDemo: () => Promise<DemoServer>;
  /** Production Deriv endpoints: the defaults of "Deriv" mode. */
  productionDefaults: SettingsRecord;
  /** The API a demo speaks until the user picks one (the sandbox serves both); `current` if not given. */
  demoApi?: DerivApi;
  notice: (n: NoticeInput) => void;
}

/** A mode with the settings record it runs with: where `apply` moves; its destination is `destinationOf`. */
export interface ModeChange {
  mode: AppMode;
  record: SettingsRecord;
}

export function destinationOf(change: ModeChange): Destination {
  return { mode: change.mode, settings: activeSettings(change.record) };
}

export class Modes {
  mode: AppMode = 'unconfigured';
  /** Both APIs' settings as the vault stores them: switching the API keeps the other's registration. */
  record: SettingsRecord;
  private demoServer: DemoServer | null = null;

  constructor(private readonly deps: ModesDeps) {
    this.record = { ...deps.productionDefaults };
  }

  /** The settings the app speaks now, tagged by API. */
  get settings(): Settings {
    return activeSettings(this.record);
  }

  get demo(): DemoServer | null {
    return this.demoServer;
  }

  get destination(): Destination {
    return { mode: this.mode, settings: this.settings };
  }

  /** The record with a trader's patch: in demo mode only the preferences (the sandbox's endpoints stay). */
  patched(patch: SettingsPatch): SettingsRecord {
    return this.mode === 'demo' ? { ...this.record, ...keepPreferences(patch) } : recordWith(this.record, patch);
  }

  /** The settings a mode choice starts from, before `resolve`. */
  chosenBase(args: CommandArgs<'chooseMode'>): SettingsRecord {
    return args.mode === 'demo'
      ? // Which API the demo speaks is the user's choice; choosing demo again without one keeps it.
        { ...this.record, api: args.api ?? (this.mode === 'demo' ? this.record.api : this.defaultDemoApi) }
      : 'api' in args
        ? this.production(this.record, {
            api: 'current',
            clientId: args.clientId,
            clientRedirectUrl: args.clientRedirectUrl,
          })
        : // An app_id and its redirect URL are the legacy API's registration.
          this.production(this.record, { api: 'legacy', appId: args.appId, redirectUrl: args.redirectUrl });
  }

  /**
   * The settings a mode starts from at launch (`stored`: what the store had) or after "forget
   * everything" (nothing stored): a demo the user had not chosen before speaks the default demo API.
   */
  launchBase(mode: AppMode, stored: StoredSettings | null): SettingsRecord {
    return mode === 'demo' && stored?.mode !== 'demo' ? { ...this.record, api: this.defaultDemoApi } : this.record;
  }

  private get defaultDemoApi(): DerivApi {
    return this.deps.demoApi ?? 'current';
  }

  /** Production's endpoints with the user's preferences (from `prefs`) and app registration. */
  production(prefs: SettingsRecord, registration: Partial<SettingsRecord>): SettingsRecord {
    return { ...this.deps.productionDefaults, ...keepPreferences(prefs), ...registration };
  }

  /** The settings a mode runs with: demo takes the sandbox's endpoints, leaving it restores production's. */
  async resolve(mode: AppMode, record: SettingsRecord): Promise<ModeChange> {
    if (mode === 'demo') {
      this.demoServer ??= await this.deps.startDemo();
      // The sandbox gets a new port every run, so its endpoints are never taken from the store. It
      // serves both APIs: `record.api` (the user's choice) says which one the demo speaks.
      return { mode, record: { ...record, ...this.demoServer.endpoints } };
    }
    if (this.mode === 'demo' || this.demoServer) {
      // Leaving the sandbox: production endpoints, with the user's API choice and app registrations.
      const { api, appId, redirectUrl, clientId, clientRedirectUrl } = record;
      return { mode, record: this.production(record, { api, appId, redirectUrl, clientId, clientRedirectUrl }) };
    }
    return { mode, record };
  }

  async apply(next: ModeChange, { persist }: { persist: boolean }): Promise<void> {
    // The destination changes first, with no await before it: the caller checked at this very
    // point that no token is held for the old one.
    this.mode = next.mode;
    this.record = next.record;
    // Nothing chosen yet means nothing to remember (and the settings may still be incomplete).
    if (persist && next.mode !== 'unconfigured') this.persistSettings();
    const demo = next.mode !== 'demo' ? this.demoServer : null;
    if (demo) {
      this.demoServer = null;
      await demo.close();
    }
  }

  /** Back to production's defaults (forget everything); the caller then resolves and applies a mode. */
  resetSettings(): void {
    this.record = { ...this.deps.productionDefaults };
  }

  /** The settings restored from the store, without their mode. */
  restoreSettings(stored: StoredSettings): void {
    const { mode: _mode, ...record } = stored;
    this.record = record;
  }

  async closeDemo(): Promise<void> {
    await this.demoServer?.close();
    this.demoServer = null;
  }

  private persistSettings(): void {
    const failed = () => this.deps.notice({ code: 'settings_not_saved', level: 'warning', params: {} });
    try {
      void Promise.resolve(this.deps.vault.saveSettings({ ...this.record, mode: this.mode })).catch(failed);
    } catch {
      failed();
    }
  }
}

/** The user's preferences among the settings: kept across modes and endpoint changes. */
export function keepPreferences(s: SettingsPatch): Partial<SettingsRecord> {
  const out: Partial<SettingsRecord> = {};
  if (s.api === 'legacy' && s.flow) out.flow = s.flow;
  // Both APIs' places when given a whole record (a patch names its own API's only).
  const places: Partial<SettingsRecord> = s;
  if (places.loginPlace) out.loginPlace = places.loginPlace;
  if (places.clientLoginPlace) out.clientLoginPlace = places.clientLoginPlace;
  if (s.language) out.language = s.language;
  return out;
}
