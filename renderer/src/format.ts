/** Number and date formatting for the trader's language. */
import type { Language } from '../../main/ipc/contract';

// Deriv's crypto currencies carry more decimals than fiat; the authorize response only lists
// the user's local currencies, so the usual figures are kept here.
const CRYPTO_DIGITS: Record<string, number> = { BTC: 8, ETH: 8, LTC: 8, USDC: 2, UST: 2, USDT: 2, EUSDT: 2, TUSDT: 2 };

export function fractionDigits(currency: string, local?: Record<string, { fractional_digits: number }>): number {
  const code = currency.toUpperCase();
  return local?.[code]?.fractional_digits ?? CRYPTO_DIGITS[code] ?? 2;
}

/** `1 234,50 $US` in French, `$1,234.50` in English; codes Intl does not know get `1,234.50 USDT`. */
export function formatBalance(
  amount: number,
  currency: string,
  language: Language,
  local?: Record<string, { fractional_digits: number }>,
): string {
  const digits = fractionDigits(currency, local);
  const code = currency.toUpperCase();
  const base = { minimumFractionDigits: digits, maximumFractionDigits: digits };
  if (/^[A-Z]{3}$/.test(code)) {
    try {
      return new Intl.NumberFormat(language, { ...base, style: 'currency', currency: code }).format(amount);
    } catch {
      // An unknown code falls through to the plain form.
    }
  }
  const number = new Intl.NumberFormat(language, base).format(amount);
  return code ? `${number} ${code}` : number;
}

/** Deriv sends `created_at` as seconds since the epoch. */
export function formatEpochSeconds(seconds: number, language: Language): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(new Date(seconds * 1000));
}
