/**
 * Every secret the sandbox hands out, recorded where it is minted, so that tests can look for each
 * of them in whatever the app shows, logs, stores or sends to its renderer. A leak scan that only
 * knows some secrets passes while the others leak; this log is the one list of all of them.
 */
export type SecretKind =
  | 'legacy_token'
  | 'api_token'
  | 'oidc_code'
  | 'access_token'
  | 'refresh_token'
  | 'pat'
  | 'otp'
  | 'otp_url'
  /** The PKCE code_verifier a client presented with its code (RFC 7636): the app's own secret. */
  | 'pkce_verifier';

export interface SecretEntry {
  kind: SecretKind;
  value: string;
}

export class SecretLog {
  private readonly entries = new Map<string, SecretKind>();

  /** Records a secret at the moment it is minted or issued; short strings are not secrets worth scanning for. */
  add(kind: SecretKind, value: string): void {
    if (typeof value === 'string' && value.length >= 8 && !this.entries.has(value)) this.entries.set(value, kind);
  }

  all(): SecretEntry[] {
    return [...this.entries].map(([value, kind]) => ({ kind, value }));
  }
}
