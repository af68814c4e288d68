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
export const isWsUrl = (value: string): boolean => isUrlWithScheme(value, ['ws:', 'wss:']);
