/**
 * Runtime validation of every command argument, typed against `DesktopCommands` so a schema that
 * drifts from the contract fails `tsc`. Strict objects: unknown keys are refused, not ignored.
 */
import { z } from 'zod';
import type { CommandArgs, CommandName } from './contract';

const loginid = z.string().regex(/^[A-Za-z]{2,8}[0-9]{1,12}$/, 'a Deriv login id such as CR123456');
const httpUrl = z.url({ protocol: /^https?$/ });
const wsUrl = z.url({ protocol: /^wss?$/ });
const appId = z.string().regex(/^[0-9]{1,10}$/, 'a numeric app_id');
const redirectUrl = z.url({ protocol: /^(https?|[a-z][a-z0-9+.-]*)$/ });
const flow = z.enum(['legacy', 'oidc']);
const language = z.enum(['en', 'fr']);
const none = z.undefined();

type Schemas = { [K in CommandName]: z.ZodType<CommandArgs<K>> };

export const commandArgSchemas: Schemas = {
  getState: none as z.ZodType<void>,
  chooseMode: z.discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('demo') }),
    z.strictObject({ mode: z.literal('deriv'), appId, redirectUrl }),
  ]),
  saveSettings: z.strictObject({
    appId: appId.optional(),
    wsUrl: wsUrl.optional(),
    oauthUrl: httpUrl.optional(),
    redirectUrl: redirectUrl.optional(),
    issuer: httpUrl.optional(),
    flow: flow.optional(),
    language: language.optional(),
  }),
  login: z.strictObject({ flow: flow.optional(), reloginFor: loginid.optional() }).optional() as z.ZodType<
    CommandArgs<'login'>
  >,
  cancelLogin: none as z.ZodType<void>,
  switchAccount: z.strictObject({ loginid }),
  logout: z.strictObject({ loginid: loginid.optional() }).optional() as z.ZodType<CommandArgs<'logout'>>,
  forgetEverything: none as z.ZodType<void>,
  retryConnection: none as z.ZodType<void>,
  setPlaintextConsent: z.strictObject({ allow: z.boolean() }),
  dismissNotice: z.strictObject({ id: z.string().min(1).max(200) }),
  openExternal: z.strictObject({ url: z.url({ protocol: /^https$/ }) }),
};
