/**
 * Demo mode's credentials as the renderer sees them (part of the domain model, re-exported by
 * `model.ts`; like it, this file imports no code).
 */
import type { DerivApi } from '../model';

/** A demo user of the sandbox's login pages (either API): shown with its password, by design. */
export interface DemoUser {
  email: string;
  password: string;
}

/** What a demo credential is: a PAT of the current API or an API token of the legacy API. */
export const DEMO_CREDENTIAL_KINDS = ['pat', 'api_token'] as const;
export type DemoCredentialKind = (typeof DEMO_CREDENTIAL_KINDS)[number];

/**
 * A demo credential as the login screen lists it: an opaque id main resolves to the secret (which
 * never leaves main), its API, kind, the demo user it belongs to and its scopes.
 */
export interface DemoCredential {
  id: string;
  api: DerivApi;
  kind: DemoCredentialKind;
  email: string;
  /** The account an API token opens (legacy); null for a PAT, which opens all of the user's accounts. */
  accountId: string | null;
  scopes: string[];
}
