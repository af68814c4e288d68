import type { SecretKind, SecretLog } from './secrets';

type Payload = Record<string, unknown> & { uid?: string; userCode?: string; grantId?: string; consumed?: number };

interface Entry {
  payload: Payload;
  expiresAt: number;
}

/**
 * The models whose ids are bearer secrets: oidc-provider's opaque codes and tokens ARE their ids,
 * and every one it mints passes through `upsert` before it is handed out.
 */
const SECRET_MODELS: Readonly<Record<string, SecretKind>> = {
  AuthorizationCode: 'oidc_code',
  AccessToken: 'access_token',
  RefreshToken: 'refresh_token',
};

/**
 * oidc-provider's storage, one per sandbox: its built-in memory adapter is a process-wide LRU
 * shared by every sandbox in the process and warns at start-up. Sandbox state is meant to vanish
 * on close, so a Map with expiry is all it needs. Every code and token it stores is recorded in
 * `secrets` for the tests' leak scans.
 */
export function memoryAdapterFactory(secrets?: SecretLog): new (model: string) => object {
  const entries = new Map<string, Entry>();
  const live = (key: string): Payload | undefined => {
    const e = entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return e.payload;
  };

  return class SandboxAdapter {
    constructor(private readonly model: string) {}

    private key(id: string): string {
      return `${this.model}:${id}`;
    }

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity;
      const kind = SECRET_MODELS[this.model];
      if (kind) secrets?.add(kind, id);
      entries.set(this.key(id), { payload, expiresAt });
    }

    async find(id: string): Promise<Payload | undefined> {
      return live(this.key(id));
    }

    async findByUid(uid: string): Promise<Payload | undefined> {
      for (const [key, e] of entries) {
        if (key.startsWith(`${this.model}:`) && e.payload.uid === uid) return live(key);
      }
      return undefined;
    }

    async findByUserCode(userCode: string): Promise<Payload | undefined> {
      for (const [key, e] of entries) {
        if (key.startsWith(`${this.model}:`) && e.payload.userCode === userCode) return live(key);
      }
      return undefined;
    }

    async consume(id: string): Promise<void> {
      const p = live(this.key(id));
      if (p) p.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id: string): Promise<void> {
      entries.delete(this.key(id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      for (const [key, e] of entries) if (e.payload.grantId === grantId) entries.delete(key);
    }
  };
}
