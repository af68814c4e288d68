export type { ConfLike } from './kv-stores';
export { confKeyValueStore, MemoryKeyValueStore } from './kv-stores';
export type { KeyValueStore, SecretCipher, VaultNotice, VaultNoticeCode } from './ports';
export type { AccountFlagsUpdate, CurrentCredential, GrantAccountInput, GrantInput, StoredSettings } from './schema';
export { CURRENT_SCHEMA_VERSION } from './schema';
export type { SafeStoreResult } from './store-recovery';
export { fileStamp, moveAside, openStoreSafely } from './store-recovery';
export { Vault, VaultError } from './vault';
export type { RestoredAccount, RestoreResult, VaultErrorCode, VaultOptions } from './vault-types';
