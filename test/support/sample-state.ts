import type { AppState } from '../../main/ipc/contract';

/** A plain logged-out AppState for tests that only need a well-formed snapshot. */
export function sampleState(): AppState {
  return {
    mode: 'demo',
    settings: {
      appId: '1089',
      wsUrl: 'ws://127.0.0.1:1/websockets/v3',
      oauthUrl: 'http://127.0.0.1:1/oauth2/authorize',
      redirectUrl: 'http://127.0.0.1:1/redirect',
      issuer: 'http://127.0.0.1:1',
      flow: 'legacy',
      language: 'en',
    },
    demo: { users: [] },
    login: { status: 'idle' },
    connection: { status: 'idle' },
    accounts: [],
    activeLoginid: null,
    authorize: null,
    persistence: { backend: 'test', encryptionAvailable: true, plaintextConsent: null, tokensPersisted: false },
    notices: [],
  };
}
