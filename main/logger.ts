/**
 * The main process's logger: one line per event on stderr. Callers pass only fields that can
 * never hold a token (login ids, codes, counts); this is the one place logs are written.
 */
import type { Logger } from './core/logger';

export function createConsoleLogger(scope: string, debug = false): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>) =>
    console.error(
      `[${new Date().toISOString()}] ${level} ${scope}: ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`,
    );
  return {
    debug: (m, f) => debug && write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
