/**
 * fast-check arbitraries of what a server may send in place of an `authorize` or `balance` answer:
 * the right shape most of the time, and anywhere any JSON value, null, or nothing — out-of-range
 * `fractional_digits`, epoch seconds no date can hold, `null` entries, objects where arrays belong.
 */
import fc from 'fast-check';

import { AMOUNT_PATTERN, amountOf } from '../../main/core/model';

const anyJson = fc.jsonValue({ maxDepth: 2 });

function maybe<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: arb }, anyJson, fc.constant(null), fc.constant(undefined));
}

export const ACCOUNT_IDS = ['CR799393', 'CR799394', 'VRTC1', 'MF42'] as const;
const loginid = fc.constantFrom(...ACCOUNT_IDS);
const currency = fc.oneof(fc.constantFrom('USD', 'EUR', 'BTC', 'eth', 'USDT', 'XYZ', ''), fc.string({ maxLength: 5 }));
const digits = fc.oneof(
  fc.integer({ min: 0, max: 8 }),
  fc.integer({ min: -1_000, max: 1_000 }),
  fc.double(),
  fc.constant(101),
);
const seconds = fc.oneof(
  fc.integer({ min: 0, max: 2_000_000_000 }),
  fc.double(),
  fc.constant(1e20),
  fc.constant(-8.65e12),
);
/** Anything JSON can carry as a number (no NaN or Infinity), huge ones included. */
export const amount = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());

const accountEntry = fc.record(
  {
    loginid: maybe(loginid),
    currency: maybe(currency),
    is_virtual: maybe(fc.constantFrom(0, 1)),
    is_disabled: maybe(fc.constantFrom(0, 1)),
    landing_company_name: maybe(fc.string({ maxLength: 12 })),
    account_type: maybe(fc.string({ maxLength: 12 })),
    account_category: maybe(fc.string({ maxLength: 12 })),
    broker: maybe(fc.string({ maxLength: 4 })),
    created_at: maybe(seconds),
    linked_to: maybe(fc.array(maybe(fc.record({ loginid: maybe(fc.string()), platform: maybe(fc.string()) })))),
  },
  { requiredKeys: [] },
);

export const authorizeAnswer: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    loginid: maybe(loginid),
    currency: maybe(currency),
    balance: maybe(amount),
    fullname: maybe(fc.string()),
    email: maybe(fc.string()),
    country: maybe(fc.string({ maxLength: 3 })),
    preferred_language: maybe(fc.string({ maxLength: 3 })),
    user_id: maybe(fc.integer()),
    landing_company_fullname: maybe(fc.string()),
    scopes: maybe(fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 })),
    upgradeable_landing_companies: maybe(fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 })),
    account_list: maybe(fc.array(maybe(accountEntry), { maxLength: 4 })),
    local_currencies: maybe(fc.dictionary(currency, maybe(fc.record({ fractional_digits: maybe(digits) })))),
  },
  { requiredKeys: [] },
);

/**
 * A `balance` answer's figures per account, as the session would record them (exact decimal text),
 * and, should a newer main publish something else, any short string.
 */
export const balanceAnswers = fc.record({
  balances: fc.array(
    fc.oneof(amount.map(amountOf), fc.stringMatching(AMOUNT_PATTERN), fc.string({ maxLength: 8 }), fc.constant(null)),
    {
      minLength: ACCOUNT_IDS.length,
      maxLength: ACCOUNT_IDS.length,
    },
  ),
  currencies: fc.array(currency, { minLength: ACCOUNT_IDS.length, maxLength: ACCOUNT_IDS.length }),
});
