/**
 * JSON from either Deriv API, parsed so that no balance loses a digit. `JSON.parse` turns a number
 * into a double, and `1234567.89` or `0.1` has no exact double; its reviver is also handed the
 * number's own source text (ES2025 "JSON.parse source text access", in V8 since 11.4: Node 24 and
 * Electron's Chromium). That text is kept beside the object holding the `balance`, so the parsed
 * value stays exactly what the server sent (a raw-JSON view still shows a number as a number, and
 * the API's types stay true) while `exactBalanceOf` reads the digits Deriv wrote.
 * @see https://tc39.es/proposal-json-parse-with-source/
 */
import { type Amount, amountOf } from '../model';

/** Holder object → the source text of its `balance` number. Weak: it lives as long as the frame. */
const balanceSources = new WeakMap<object, string>();

type Reviver = (this: unknown, key: string, value: unknown, context?: { source?: unknown }) => unknown;

const keepBalanceText: Reviver = function (key, value, context) {
  if (key === 'balance' && typeof value === 'number' && typeof context?.source === 'string') {
    if (typeof this === 'object' && this !== null) balanceSources.set(this, context.source);
  }
  return value;
};

/** `JSON.parse`, remembering the source text of every number under a `balance` key. Throws as it does. */
export function parseJson(text: string): unknown {
  return JSON.parse(text, keepBalanceText as (this: unknown, key: string, value: unknown) => unknown);
}

/**
 * The amount at `holder.balance`: a number parsed by `parseJson` as the digits the server wrote
 * (`1234567.890` stays `"1234567.890"`), a decimal string as it came, another number as its
 * shortest decimal; null for anything else (absent, NaN, an exponent string, an object …).
 */
export function exactBalanceOf(holder: unknown): Amount | null {
  if (typeof holder !== 'object' || holder === null) return null;
  const value = (holder as { balance?: unknown }).balance;
  const source = typeof value === 'number' ? balanceSources.get(holder) : undefined;
  // The source must still describe the value (a holder changed after parsing falls back to the number).
  const exact = source !== undefined && Number(source) === value ? amountOf(source) : null;
  return exact ?? amountOf(value);
}
