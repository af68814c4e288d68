/**
 * The IPC command dispatcher, free of Electron: main's adapter feeds it (sender frame, channel
 * name, raw argument) and sends back what it returns. Every failure becomes a `CommandResult`
 * error; nothing a renderer sends can throw inside main.
 */
import { z } from 'zod';

import { CommandFailure } from '../core/app/command-failure';
import { isTrustedSender, type SenderFrame } from '../core/shell/security-policy';
import {
  COMMAND_NAMES,
  type CommandError,
  type CommandHandlers,
  type CommandName,
  type CommandResult,
} from './contract';
import { commandArgSchemas } from './validators';

export interface DispatcherOptions {
  handlers: CommandHandlers;
  /** The origin of the app's own page (app://renderer, or the dev server). */
  appOrigin: string;
  /** `detail`: main's English account of a failure, for its log (never sent to the renderer). */
  onRejected?: (name: string, error: CommandError, detail?: string) => void;
}

export type Dispatch = (name: string, sender: SenderFrame | null, rawArgs: unknown) => Promise<CommandResult<unknown>>;

const isCommandName = (name: string): name is CommandName => (COMMAND_NAMES as readonly string[]).includes(name);

const MAX_FIELDS = 10;

/** The paths of an argument's faults (`reloginFor`, `api` …), nested union branches included; bounded. */
function faultPaths(error: z.ZodError): string[] {
  const paths = new Set<string>();
  const name = (path: readonly PropertyKey[]) => path.map(String).join('.').slice(0, 64);
  const visit = (issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]) => {
    for (const issue of issues) {
      const path = [...prefix, ...issue.path];
      if (issue.code === 'invalid_union' && issue.errors.length > 0) issue.errors.forEach((e) => visit(e, path));
      else if (issue.code === 'unrecognized_keys') issue.keys.forEach((k) => paths.add(name([...path, k])));
      else paths.add(name(path));
    }
  };
  visit(error.issues, []);
  return [...paths].slice(0, MAX_FIELDS);
}

export function createDispatcher({ handlers, appOrigin, onRejected }: DispatcherOptions): Dispatch {
  const reject = (name: string, error: CommandError, detail?: string): CommandResult<never> => {
    onRejected?.(name, error, detail);
    return { ok: false, error };
  };

  return async (name, sender, rawArgs) => {
    if (!isCommandName(name)) {
      return reject(name, { code: 'unknown_command', params: { command: name.slice(0, 64) } });
    }
    if (!isTrustedSender(sender, appOrigin)) return reject(name, { code: 'forbidden_sender', params: {} });
    const parsed = commandArgSchemas[name].safeParse(rawArgs);
    if (!parsed.success) {
      const error = { code: 'invalid_argument' as const, params: { command: name, fields: faultPaths(parsed.error) } };
      return reject(name, error, z.prettifyError(parsed.error));
    }
    try {
      const handler = handlers[name] as (args: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      // A typed refusal crosses as its code; anything else as `failed`, its detail left to main's log.
      if (error instanceof CommandFailure) return reject(name, error.toError(), detail);
      return reject(name, { code: 'failed', params: {} }, detail);
    }
  };
}
