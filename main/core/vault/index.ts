export type { ConfLike } from './kv-stores';
export { confKeyValueStore, MemoryKeyValueStore } from './kv-stores';
export type { KeyValueStore, SecretCipher, VaultNotice, VaultNoticeCode } from './ports';
export type {
  AccountFlagsUpdate,
  CurrentAccountInput,
  CurrentCredential,
  StoredAccountInput,
  StoredSettings,
  UiPreferences,
} from './schema';
export { CURRENT_SCHEMA_VERSION } from './schema';
export type { SafeStoreResult } from './store-recovery';
export { fileStamp, moveAside, openStoreSafely } from './store-recovery';
export type { CurrentLoginInput, RestoredAccount, RestoreResult, VaultErrorCode, VaultOptions } from './vault';
export { Vault, VaultError } from './vault';
