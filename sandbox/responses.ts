import type { Authorize, Balance, GetSettings, WebsiteStatus } from '@deriv/api-types';

import type { AccountRef, SandboxState, SiteStatus } from './state';
import { API_SCOPES, type ApiScope, type SandboxAccount } from './types';
import type { DemoUser } from './users';

/** Fixed demo exchange rates into USD, the currency totals are expressed in. */
const USD_RATE: Record<string, number> = { USD: 1, EUR: 1.08, BTC: 60000 };

function createdAt(user: DemoUser, index: number): number {
  return 1_600_000_000 + user.profile.userId * 100 + index * 86_400;
}

function accountEntry(user: DemoUser, a: SandboxAccount, index: number) {
  const crypto = a.currency === 'BTC';
  return {
    account_category: 'trading' as const,
    account_type: 'binary',
    broker: a.loginid.replace(/[0-9]+$/, ''),
    created_at: createdAt(user, index),
    currency: a.currency,
    currency_type: crypto ? 'crypto' : 'fiat',
    is_disabled: a.is_disabled,
    is_virtual: a.is_virtual,
    landing_company_name: a.is_virtual ? 'virtual' : 'svg',
    linked_to: [],
    loginid: a.loginid,
  };
}

export function authorizeBody(
  ref: AccountRef,
  state: SandboxState,
  scopes: readonly ApiScope[] = API_SCOPES,
): Authorize {
  const { user, account } = ref;
  return {
    account_list: user.accounts.map((a, i) => accountEntry(user, a, i)),
    balance: state.balance(account.loginid),
    country: user.profile.country,
    currency: account.currency,
    email: user.email,
    fullname: account.is_virtual ? '' : `Mr ${user.profile.firstName} ${user.profile.lastName}`,
    is_virtual: account.is_virtual,
    landing_company_fullname: account.is_virtual ? 'Deriv Limited' : 'Deriv (SVG) LLC',
    landing_company_name: account.is_virtual ? 'virtual' : 'svg',
    linked_to: [],
    local_currencies: { USD: { fractional_digits: 2 } },
    loginid: account.loginid,
    preferred_language: 'EN',
    scopes: [...scopes],
    upgradeable_landing_companies: ['svg'],
    user_id: user.profile.userId,
  };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function totals(user: DemoUser, state: SandboxState): NonNullable<Balance['total']> {
  let real = 0;
  let demo = 0;
  for (const a of user.accounts) {
    if (a.is_disabled) continue;
    const usd = state.balance(a.loginid) * (USD_RATE[a.currency] ?? 1);
    if (a.is_virtual) demo += usd;
    else real += usd;
  }
  return {
    deriv: { amount: round(real, 2), currency: 'USD' },
    deriv_demo: { amount: round(demo, 2), currency: 'USD' },
    mt5: { amount: 0, currency: 'USD' },
    mt5_demo: { amount: 0, currency: 'USD' },
  };
}

export function balanceOne(ref: AccountRef, state: SandboxState, id?: string): Balance {
  return {
    balance: state.balance(ref.account.loginid),
    currency: ref.account.currency,
    loginid: ref.account.loginid,
    ...(id ? { id } : {}),
  };
}

/** `account: "all"`: the current account's figures plus every account of the user and the totals. */
export function balanceAll(current: AccountRef, state: SandboxState, id?: string): Balance {
  const accounts: NonNullable<Balance['accounts']> = {};
  for (const a of current.user.accounts) {
    const balance = state.balance(a.loginid);
    accounts[a.loginid] = {
      balance,
      converted_amount: round(balance * (USD_RATE[a.currency] ?? 1), 2),
      currency: a.currency,
      demo_account: a.is_virtual,
      status: a.is_disabled ? 0 : 1,
      type: 'deriv',
    };
  }
  return { ...balanceOne(current, state, id), accounts, total: totals(current.user, state) };
}

/** What an `account: "all"` subscriber receives when one account changes: that account and the totals. */
export function balanceAllUpdate(changed: AccountRef, state: SandboxState, id: string): Balance {
  return { ...balanceOne(changed, state, id), total: totals(changed.user, state) };
}

export function settingsBody(ref: AccountRef): GetSettings {
  const { user, account } = ref;
  const base: GetSettings = {
    country: user.profile.country === 'id' ? 'Indonesia' : 'Malaysia',
    country_code: user.profile.country,
    email: user.email,
    email_consent: 0,
    preferred_language: 'EN',
    residence: user.profile.country === 'id' ? 'Indonesia' : 'Malaysia',
    user_hash: `sandbox-${user.profile.userId}`,
    has_secret_answer: 0,
    is_authenticated_payment_agent: 0,
    non_pep_declaration: 1,
  };
  if (account.is_virtual) return base;
  return {
    ...base,
    account_opening_reason: 'Speculative',
    address_city: 'Demo City',
    address_line_1: '1 Sandbox Street',
    address_line_2: '',
    address_postcode: '10000',
    address_state: '',
    allow_copiers: 0,
    citizen: user.profile.country,
    client_tnc_status: '4.2.0',
    date_of_birth: 631152000,
    first_name: user.profile.firstName,
    last_name: user.profile.lastName,
    phone: '+6200000000',
    place_of_birth: user.profile.country,
    request_professional_status: 0,
    salutation: 'Mr',
    tax_identification_number: '',
    tax_residence: user.profile.country,
  };
}

const currencyConfig = (type: 'fiat' | 'crypto', digits: number, stake: number) => ({
  fractional_digits: digits,
  is_deposit_suspended: 0 as const,
  is_suspended: 0 as const,
  is_withdrawal_suspended: 0 as const,
  name: '',
  stake_default: stake,
  transfer_between_accounts: {
    fees: {},
    limits: { min: type === 'fiat' ? 1 : 0.0002, max: type === 'fiat' ? 2500 : 0.1 },
  },
  type,
});

export function websiteStatusBody(status: SiteStatus = { site_status: 'up' }): WebsiteStatus {
  const general = { applies_to: 'rate limit for all calls', hourly: 14400, minutely: 180 };
  return {
    api_call_limits: {
      max_proposal_subscription: { applies_to: 'subscription to proposal', max: 100 },
      max_requestes_general: general,
      max_requests_outcome: { applies_to: 'portfolio, statement and proposal', hourly: 1500, minutely: 25 },
      max_requests_pricing: { applies_to: 'proposal and proposal_open_contract', hourly: 3600, minutely: 80 },
    },
    clients_country: 'id',
    currencies_config: {
      BTC: { ...currencyConfig('crypto', 8, 0.0002), name: 'Bitcoin' },
      EUR: { ...currencyConfig('fiat', 2, 10), name: 'Euro' },
      USD: { ...currencyConfig('fiat', 2, 10), name: 'US Dollar' },
    },
    site_status: status.site_status,
    ...(status.message !== undefined ? { message: status.message } : {}),
    supported_languages: ['EN', 'FR'],
    terms_conditions_version: 'Version 4.2.0 2020-08-07',
  };
}
