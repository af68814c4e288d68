/**
 * Amounts of money, part of the domain model (re-exported by `model.ts`; like it, imports no code).
 *
 * A balance is carried as the decimal text Deriv wrote, from the wire to the screen, never as a
 * binary float: `1234567.89` has no exact double, and the current API sends balances as strings
 * (`"10000.00"`, Deriv's own client) where its page says number. The renderer formats the text
 * itself (`Intl.NumberFormat` reads a decimal string exactly, ECMA-402's "Intl mathematical value").
 * @see https://developers.deriv.com/llms/get-accounts.md (`data[].balance`)
 * @see https://tc39.es/ecma402/#sec-tointlmathematicalvalue
 */

/** A plain decimal: optional minus, digits, optional fraction (`"1234567.89"`, `"0.00012345"`, `"10000.00"`). */
export type Amount = string;

/**
 * The only text an `Amount` may be: no exponent, no sign but `-`, no spaces, no grouping. Bounded
 * (20 digits each side) so a hostile figure cannot balloon a view; a real balance has far fewer.
 */
export const AMOUNT_PATTERN = /^-?\d{1,20}(?:\.\d{1,20})?$/;

/**
 * The amount a server value means: a decimal string as it came, or a finite number as the shortest
 * decimal that reads back as it (what `String` gives, without an exponent); anything else is null.
 * A number reaches this only when its source text was not kept (`exactBalanceOf` keeps it).
 */
export function amountOf(value: unknown): Amount | null {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? plainDecimal(value) : null;
  return text !== null && AMOUNT_PATTERN.test(text) ? text : null;
}

/** `String(n)` with its exponent written out (`1e-7` → `0.0000001`); null when not finite. */
function plainDecimal(n: number): string | null {
  if (!Number.isFinite(n)) return null;
  const text = String(n);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const [, sign, whole, fraction = '', exponent] = m;
  const digits = whole! + fraction;
  const point = whole!.length + Number(exponent);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * The exact sum of two amounts (a total per currency), as decimal text with the longer fraction of
 * the two: `"0.1" + "0.2"` is `"0.3"`, never a double's `0.30000000000000004`.
 */
export function addAmounts(a: Amount, b: Amount): Amount {
  const scale = Math.max(fractionOf(a), fractionOf(b));
  const sum = unitsOf(a, scale) + unitsOf(b, scale);
  const digits = (sum < 0n ? -sum : sum).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return sum < 0n ? `-${text}` : text;
}

const fractionOf = (amount: Amount): number => amount.split('.')[1]?.length ?? 0;

/** The amount in units of 10^-scale, as a whole number. */
function unitsOf(amount: Amount, scale: number): bigint {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const units = BigInt(whole + fraction.padEnd(scale, '0'));
  return negative ? -units : units;
}
