import { isSecureOrLoopback } from '../../main/ipc/contract';

/** Checks on what the user types, so obvious mistakes are explained before main sees them. */
export const isAppId = (value: string): boolean => /^[1-9]\d{0,9}$/.test(value.trim());

export function isUrlWithScheme(value: string, schemes: readonly string[]): boolean {
  try {
    return schemes.includes(new URL(value.trim()).protocol);
  } catch {
    return false;
  }
}

export const isHttpUrl = (value: string): boolean => isUrlWithScheme(value, ['http:', 'https:']);
/** Server addresses: the same rule main enforces (https/wss, or http/ws only to this computer). */
export const isServerUrl = (value: string): boolean => isSecureOrLoopback(value.trim(), 'http');
export const isSocketUrl = (value: string): boolean => isSecureOrLoopback(value.trim(), 'ws');
