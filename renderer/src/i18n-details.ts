/**
 * The words of the account details and of the permissions a credential carries, in English and
 * French. Spread into `i18n.ts`'s dictionaries; `fr` is typed against `en`, so a missing text fails
 * to compile. The server's own codes (broker, landing company code, `account_type` …) are not
 * worded: the "Technical details" fold shows them as sent, field name and value, as identifiers.
 */
import type { DerivApi } from '../../main/ipc/contract';

/**
 * Deriv's scope names: the legacy API's (`authorize`, API tokens) and the current API's (OAuth, PATs).
 * @see https://api.deriv.com/api-explorer#api_token
 * @see https://developers.deriv.com/llms/authentication.md (trade, payment, account_manage, application_read)
 */
export type Scope =
  | 'read'
  | 'trade'
  | 'payments'
  | 'admin'
  | 'trading_information'
  | 'payment'
  | 'account_manage'
  | 'application_read';

const en = {
  detailsTitle: 'Account details',
  fullname: 'Name',
  country: 'Country',
  preferredLanguage: 'Preferred language',
  /** The fold that holds the server's codes and its answer as sent. */
  technicalDetails: 'Technical details',
  rawJson: {
    legacy: 'Deriv’s answer as sent (JSON)',
    current: 'Deriv’s account list as sent (JSON)',
  } satisfies Record<DerivApi, string>,
  notAuthorized: 'Deriv has not described these accounts yet.',
  /** What a credential may do: Deriv's scopes in a trader's words. */
  scopeNames: {
    read: 'read',
    trade: 'trading',
    payments: 'payments',
    admin: 'account management',
    trading_information: 'trading history',
    payment: 'payments',
    account_manage: 'opening accounts',
    application_read: 'app statistics',
  } satisfies Record<Scope, string>,
  permissions: (list: string) => `Permissions: ${list}`,
};

const fr: typeof en = {
  detailsTitle: 'Détails du compte',
  fullname: 'Nom',
  country: 'Pays',
  preferredLanguage: 'Langue préférée',
  technicalDetails: 'Détails techniques',
  rawJson: {
    legacy: 'Réponse de Deriv telle que reçue (JSON)',
    current: 'Liste des comptes de Deriv telle que reçue (JSON)',
  },
  notAuthorized: 'Deriv n’a pas encore décrit ces comptes.',
  scopeNames: {
    read: 'lecture',
    trade: 'négociation',
    payments: 'paiements',
    admin: 'gestion du compte',
    trading_information: 'historique des opérations',
    payment: 'paiements',
    account_manage: 'ouverture de comptes',
    application_read: 'statistiques d’application',
  },
  permissions: (list) => `Autorisations : ${list}`,
};

export const detailTexts = { en, fr };

/** A scope in the trader's words; an unknown one (a newer Deriv) as sent, it is an identifier. */
export function scopeName(names: Record<Scope, string>, scope: string): string {
  return Object.hasOwn(names, scope) ? names[scope as Scope] : scope;
}

/**
 * Deriv's landing companies by the code the API sends: proper names, the same in every language.
 * An unknown code is shown in the technical details only. `virtual` (demo money) has none: the
 * account's type already says Demo.
 * @see https://api.deriv.com/api-explorer#landing_company_details
 */
export const LANDING_COMPANIES: Record<string, string> = {
  svg: 'Deriv (SVG) LLC',
  maltainvest: 'Deriv Investments (Europe) Limited',
  malta: 'Deriv (Europe) Limited',
  iom: 'Deriv (MX) Ltd',
  bvi: 'Deriv (BVI) Ltd',
  vanuatu: 'Deriv (V) Ltd',
  labuan: 'Deriv (FX) Ltd',
};

/** A landing company's name from its code; null for `virtual` and for a code this app does not know. */
export const companyName = (code: string | null | undefined): string | null =>
  code && Object.hasOwn(LANDING_COMPANIES, code) ? (LANDING_COMPANIES[code] ?? null) : null;
