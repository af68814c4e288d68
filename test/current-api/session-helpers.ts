import { GrantRenewals } from '../../main/core/backend/grant-renewals';
import type { BackendGrant, BackendView, Credential, OAuthCredential } from '../../main/core/backend/port';
import { CurrentApiSession, type CurrentSessionOptions } from '../../main/core/current-api/session';
import type { Logger } from '../../main/core/logger';
import type { SandboxHandle } from '../../sandbox/index';
import { oauthTokens } from './oauth-helpers';

export interface LogLine {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

export function recordingLogger(lines: LogLine[]): Logger {
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push({ level, message, ...(fields ? { fields } : {}) });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export interface Harness {
  session: CurrentApiSession;
  views: BackendView[];
  logs: LogLine[];
  /** Each grant renewed (an OAuth refresh), as the session's `RenewGrant` handed it over. */
  renewed: { grantId: string; credential: OAuthCredential }[];
}

export function makeSession(sb: SandboxHandle, extra: Partial<CurrentSessionOptions> = {}): Harness {
  const logs: LogLine[] = [];
  const renewed: Harness['renewed'] = [];
  // Main's guard over a ledger of its own: what each grant holds now, and each renewal told.
  const held = new Map<string, OAuthCredential>();
  const renewals = new GrantRenewals({
    credentialOf: (id) => held.get(id) ?? null,
    renewed: (grantId, credential) => {
      held.set(grantId, credential);
      renewed.push({ grantId, credential });
    },
  });
  const session = new CurrentApiSession({
    renewGrant: renewals.renew,
    restUrl: sb.newApi.restUrl,
    authServerUrl: sb.newApi.issuer,
    clientId: sb.newApi.clientId,
    logger: recordingLogger(logs),
    ...extra,
    timing: { backoffBaseMs: 50, backoffCapMs: 400, ...extra.timing },
  });
  const views: BackendView[] = [];
  session.onChange((v) => views.push(v));
  return { session, views, logs, renewed };
}

export async function oauthCredential(sb: SandboxHandle, scope = 'trade account_manage', userIndex = 0) {
  const t = await oauthTokens(sb, scope, userIndex);
  const credential: Credential = {
    kind: 'oauth',
    accessToken: t.accessToken,
    refreshToken: t.refreshToken,
    expiresAt: Date.now() + t.expiresIn * 1000,
  };
  return credential;
}

export function patCredential(sb: SandboxHandle, userIndex = 0): Credential {
  return { kind: 'pat', token: sb.newApi.users[userIndex]!.pat, appId: sb.newApi.appId };
}

/** Alice's accounts: demo, real USD, real BTC (active) and the inactive one. */
export function aliceIds(sb: SandboxHandle) {
  const accounts = sb.newApi.users[0]!.accounts;
  const active = accounts.filter((a) => a.status === 'active');
  return {
    demo: active.find((a) => a.account_type === 'demo')!.account_id,
    usd: active.find((a) => a.account_type === 'real' && a.currency === 'USD')!.account_id,
    btc: active.find((a) => a.currency === 'BTC')!.account_id,
    inactive: accounts.find((a) => a.status !== 'active')!.account_id,
  };
}

/** One login (grant) for these accounts; its id names its credential's kind and first account. */
export function grantOf(ids: string[], credential: Credential, id = `${credential.kind}-${ids[0]}`): BackendGrant {
  return { id, credential, accountIds: ids };
}

/** The grants to start a session with: one login for these accounts. */
export function accountsOf(ids: string[], credential: Credential, id?: string): BackendGrant[] {
  return [grantOf(ids, credential, id)];
}

/** Waits for a condition on the session (a safety-net timeout, not an assertion on speed). */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export { currentFault as control } from '../support/current-fault';

/** No secret the sandbox handed out appears in any of these texts. */
export function leakedSecrets(sb: SandboxHandle, texts: string[]): string[] {
  const all = texts.join('\n');
  return sb
    .secrets()
    .filter((s) => all.includes(s.value))
    .map((s) => s.kind);
}
