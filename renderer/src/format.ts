/**
 * Number and date formatting for the trader's language. Every input may come from the server
 * unchecked (authorize's `local_currencies`, `created_at`, balances): nothing here may throw, or
 * React would unmount the screen.
 */
import type { Amount } from '../../main/core/model';
import type { Language } from '../../main/ipc/contract';

// Deriv's crypto currencies carry more decimals than fiat; the authorize response only lists
// the user's local currencies, so the usual figures are kept here.
const CRYPTO_DIGITS: Record<string, number> = { BTC: 8, ETH: 8, LTC: 8, USDC: 2, UST: 2, USDT: 2, EUSDT: 2, TUSDT: 2 };

/** Intl accepts 0–100 fraction digits; no currency uses more than a handful. */
const MAX_DIGITS = 20;

type LocalCurrencies = Record<string, { fractional_digits: number } | null> | null;

export function fractionDigits(currency: string, local?: LocalCurrencies): number {
  const code = String(currency).toUpperCase();
  const entry: unknown = local && typeof local === 'object' ? local[code] : undefined;
  const digits: unknown =
    entry && typeof entry === 'object' ? (entry as { fractional_digits?: unknown }).fractional_digits : undefined;
  if (typeof digits === 'number' && Number.isInteger(digits) && digits >= 0 && digits <= MAX_DIGITS) return digits;
  return CRYPTO_DIGITS[code] ?? 2;
}

/**
 * `1 234,50 $US` in French, `$1,234.50` in English; codes Intl does not know get `1,234.50 USDT`.
 * The amount is exact decimal text (`Amount`) and stays text: `Intl.NumberFormat` reads a string
 * as a decimal, not a double (ECMA-402 `ToIntlMathematicalValue`), so `"0.00012345"` BTC keeps its
 * eight decimals and `"12345678901234567.89"` every digit. Anything but plain decimal text (Intl
 * would also read `"0x10"` or `" 1e3 "`) is shown as it came.
 * @see https://tc39.es/ecma402/#sec-tointlmathematicalvalue
 */
export function formatBalance(amount: Amount, currency: string, language: Language, local?: LocalCurrencies): string {
  const digits = fractionDigits(currency, local);
  const code = String(currency).toUpperCase();
  // Plain decimal text only (main sends nothing else; `test` reads a non-string as its text).
  if (!/^-?\d+(\.\d+)?$/.test(amount)) return code ? `${String(amount)} ${code}` : String(amount);
  const base = { minimumFractionDigits: digits, maximumFractionDigits: digits };
  if (/^[A-Z]{3}$/.test(code)) {
    try {
      return new Intl.NumberFormat(language, { ...base, style: 'currency', currency: code }).format(
        amount as Intl.StringNumericLiteral,
      );
    } catch {
      // An unknown code falls through to the plain form.
    }
  }
  const number = new Intl.NumberFormat(language, base).format(amount as Intl.StringNumericLiteral);
  return code ? `${number} ${code}` : number;
}

/** Deriv sends `created_at` as seconds since the epoch; a value no date can hold is shown as sent. */
export function formatEpochSeconds(seconds: number, language: Language): string {
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) return String(seconds);
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(date);
}
