/**
 * One job per module: no source module under main/, renderer/src or sandbox/ is longer than
 * MAX_LINES. The exceptions are named with their reason; an exception that is no longer needed
 * fails too, so the list only shrinks.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const MAX_LINES = 350;

/** Modules allowed past the limit, and why. */
const EXCEPTIONS: Record<string, string> = {
  'renderer/src/i18n.ts': 'data: every UI string in English and French',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|cts|js|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const lineCount = (path: string) => readFileSync(path, 'utf8').replace(/\n$/, '').split('\n').length;

describe('module size', () => {
  const sizes = new Map(
    ['main', 'renderer/src', 'sandbox'].flatMap((dir) =>
      sourceFiles(join(root, dir)).map((f) => [relative(root, f).split('\\').join('/'), lineCount(f)] as const),
    ),
  );

  it(`no source module is longer than ${MAX_LINES} lines, but the listed exceptions`, () => {
    expect(sizes.size).toBeGreaterThan(50);
    const over = [...sizes].filter(([file, lines]) => lines > MAX_LINES && !(file in EXCEPTIONS));
    expect(over).toEqual([]);
  });

  it('every exception is still needed (the list only shrinks)', () => {
    const stale = Object.keys(EXCEPTIONS).filter((file) => (sizes.get(file) ?? 0) <= MAX_LINES);
    expect(stale).toEqual([]);
  });
});
