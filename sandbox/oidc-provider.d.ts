// oidc-provider ships no type declarations; this covers only what the sandbox calls.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface InteractionDetails {
    uid: string;
    prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    params: Record<string, unknown>;
    session?: { accountId?: string };
    grantId?: string;
  }
  export interface GrantInstance {
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }
  export interface AccessTokenInstance {
    accountId: string;
    clientId: string;
    jti: string;
    isExpired: boolean;
    grantId?: string;
    scope?: string;
    destroy(): Promise<void>;
  }
  /** A token model class: `find`, and the prototype's id generator (an opaque token's value is its id). */
  export interface TokenModel {
    find(value: string): Promise<AccessTokenInstance | undefined>;
    prototype: { generateTokenId(this: unknown): string };
  }
  export interface KoaLikeContext {
    type: string;
    body: unknown;
    status: number;
  }
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    Grant: new (props: { accountId: string; clientId: string }) => GrantInstance;
    AccessToken: TokenModel;
    RefreshToken: TokenModel;
    AuthorizationCode: TokenModel;
    on(event: string, listener: (...args: unknown[]) => void): this;
    /** Koa's middleware stack (the provider is a Koa app). */
    use(middleware: (ctx: unknown, next: () => Promise<void>) => Promise<void>): this;
  }
}
