import { createContext, useContext } from 'react';

import type { AppState, CommandResult, DesktopApi } from '../../main/ipc/contract';

export interface Commands {
  api: DesktopApi;
  /**
   * Awaits a command, adopts the AppState it answers with and shows its error if it failed.
   * Resolves to whether it succeeded, so forms can react; it never rejects.
   */
  send: <T>(pending: Promise<CommandResult<T>>) => Promise<boolean>;
  /** Makes an account the active one, shown at once (see `switching.ts`); stable for the App's life. */
  switchTo: (accountId: string) => void;
}

export const CommandsContext = createContext<Commands | null>(null);

export function useCommands(): Commands {
  const commands = useContext(CommandsContext);
  if (!commands) throw new Error('useCommands outside <App>');
  return commands;
}

export function isAppState(value: unknown): value is AppState {
  return typeof value === 'object' && value !== null && 'mode' in value && 'connection' in value;
}
