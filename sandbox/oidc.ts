import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxState } from './state.js';

export interface OidcOptions {
  issuer: string;
  state: SandboxState;
  apps: ReadonlyMap<string, string>;
  seed: number;
}

/** Placeholder until the oidc-provider glue lands: serves nothing. */
export async function createOidc(_options: OidcOptions): Promise<(req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>> {
  return async () => false;
}
