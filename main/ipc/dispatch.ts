/**
 * The IPC command dispatcher, free of Electron: main's adapter feeds it (sender frame, channel
 * name, raw argument) and sends back what it returns. Every failure becomes a `CommandResult`
 * error; nothing a renderer sends can throw inside main.
 */
import { z } from 'zod';

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
  onRejected?: (name: string, error: CommandError) => void;
}

export type Dispatch = (name: string, sender: SenderFrame | null, rawArgs: unknown) => Promise<CommandResult<unknown>>;

const isCommandName = (name: string): name is CommandName => (COMMAND_NAMES as readonly string[]).includes(name);

export function createDispatcher({ handlers, appOrigin, onRejected }: DispatcherOptions): Dispatch {
  const reject = (name: string, error: CommandError): CommandResult<never> => {
    onRejected?.(name, error);
    return { ok: false, error };
  };

  return async (name, sender, rawArgs) => {
    if (!isCommandName(name)) return reject(name, { code: 'unknown_command', message: `Unknown command "${name}".` });
    if (!isTrustedSender(sender, appOrigin)) {
      return reject(name, {
        code: 'forbidden_sender',
        message: 'Commands are accepted only from the app’s own window.',
      });
    }
    const parsed = commandArgSchemas[name].safeParse(rawArgs);
    if (!parsed.success) {
      return reject(name, {
        code: 'invalid_argument',
        message: `Invalid argument for ${name}: ${z.prettifyError(parsed.error)}`,
      });
    }
    try {
      const handler = handlers[name] as (args: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return reject(name, { code: 'failed', message });
    }
  };
}
