export type { KeyValueStore, SecretCipher, VaultNotice, VaultNoticeCode } from './ports';
export { Vault, VaultError } from './vault';
export type { RestoredAccount, RestoreResult, VaultErrorCode, VaultOptions } from './vault';
export type { StoredAccountInput, AccountFlagsUpdate, StoredSettings, UiPreferences } from './schema';
export { CURRENT_SCHEMA_VERSION } from './schema';
export { openStoreSafely, moveAside, fileStamp } from './store-recovery';
export type { SafeStoreResult } from './store-recovery';
export { confKeyValueStore, MemoryKeyValueStore } from './kv-stores';
export type { ConfLike } from './kv-stores';
