import { z } from 'zod';

/**
 * Request schemas for the calls the sandbox serves, following Deriv's send schemas
 * (additionalProperties: false, so unknown fields are rejected the way Deriv rejects them).
 */
const token = z.string().regex(/^[\w-]{1,128}$/, 'String does not match pattern.');
const common = {
  req_id: z.number().int().optional(),
  passthrough: z.record(z.string(), z.unknown()).optional(),
};
const scoped = {
  ...common,
  loginid: z
    .string()
    .regex(/^[A-Za-z]+[0-9]+$/, 'String does not match pattern.')
    .optional(),
};
const flag = z.union([z.literal(0), z.literal(1)]);
const one = z.literal(1);
const streamType = z.enum([
  'balance',
  'candles',
  'cashier_payments',
  'p2p_advert',
  'p2p_advertiser',
  'p2p_order',
  'p2p_settings',
  'proposal',
  'proposal_open_contract',
  'ticks',
  'trading_platform_asset_listing',
  'transaction',
  'website_status',
]);

export const requestSchemas = {
  authorize: z.strictObject({
    authorize: token,
    add_to_login_history: flag.optional(),
    tokens: z.array(token).max(25).optional(),
    ...common,
  }),
  ping: z.strictObject({ ping: one, ...common }),
  time: z.strictObject({ time: one, ...common }),
  website_status: z.strictObject({ website_status: one, subscribe: flag.optional(), ...common }),
  balance: z.strictObject({
    balance: one,
    account: z
      .string()
      .regex(/^(current|all|[A-Za-z]{2,4}[0-9]{1,10})$/, 'String does not match pattern.')
      .optional(),
    subscribe: flag.optional(),
    ...scoped,
  }),
  forget: z.strictObject({ forget: z.string().min(1).max(64), ...common }),
  forget_all: z.strictObject({ forget_all: z.union([streamType, z.array(streamType).min(1)]), ...common }),
  logout: z.strictObject({ logout: one, ...scoped }),
  get_settings: z.strictObject({ get_settings: one, ...scoped }),
} as const;

export type CallName = keyof typeof requestSchemas;
export type RequestOf<C extends CallName> = z.infer<(typeof requestSchemas)[C]>;

export const callNames = Object.keys(requestSchemas) as CallName[];

/** Calls that act on an account: they need `authorize` first and a `loginid` in multi-token sessions. */
export const accountScoped: ReadonlySet<CallName> = new Set<CallName>(['balance', 'logout', 'get_settings']);

/** Deriv-style `details`: one human message per offending top-level field. */
export function validationDetails(error: z.ZodError): { field: string; details: Record<string, string> } {
  const details: Record<string, string> = {};
  for (const issue of error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [String(issue.path[0] ?? 'request')];
    for (const key of keys) {
      details[key] ??= describeIssue(issue);
    }
  }
  return { field: Object.keys(details).join(', '), details };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return 'Properties not allowed.';
    case 'invalid_value':
      return 'Not in enum list.';
    case 'invalid_type':
      return `Expected ${issue.expected}.`;
    case 'too_big':
      return issue.origin === 'array'
        ? `Array has too many items (maximum ${String(issue.maximum)}).`
        : 'String is too long.';
    case 'too_small':
      return issue.origin === 'array' ? 'Array has too few items.' : 'String is too short.';
    case 'invalid_format':
      return 'String does not match pattern.';
    default:
      return 'Input validation failed.';
  }
}
