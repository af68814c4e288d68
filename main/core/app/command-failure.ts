/**
 * A command refused for a reason the renderer words (`CommandError`): thrown by a handler, turned
 * into `{ code, params }` by the IPC dispatcher. Its message is main's English detail, for the log
 * only; it never crosses IPC.
 */
import type { CommandError, CommandErrorCode, CommandErrorParams } from '../model';

export class CommandFailure<K extends CommandErrorCode = CommandErrorCode> extends Error {
  override readonly name = 'CommandFailure';

  constructor(
    readonly code: K,
    readonly params: CommandErrorParams[K],
    detail: string = code,
  ) {
    super(detail);
  }

  toError(): CommandError {
    return { code: this.code, params: this.params } as CommandError;
  }
}
