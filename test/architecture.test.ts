/** The layering rules that keep the core testable without Electron's binary. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|cts|js|mjs)$/.test(name) ? [path] : [];
  });
}

const importsElectron = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]electron(?:\/[^'"]*)?['"]/;

describe('architecture', () => {
  it.each(['main/core', 'renderer', 'sandbox', 'main/ipc'])('nothing under %s imports electron', (dir) => {
    const files = sourceFiles(join(root, dir));
    expect(files.length).toBeGreaterThan(0);
    const offenders = files.filter((f) => importsElectron.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('the import check itself recognises every form of importing electron', () => {
    for (const line of [
      "import { app } from 'electron';",
      'import electron from "electron"',
      "const { app } = require('electron')",
      "await import('electron')",
      "import type { BrowserWindow } from 'electron/main'",
    ]) {
      expect(importsElectron.test(line), line).toBe(true);
    }
    expect(importsElectron.test("import x from 'electron-store'")).toBe(false);
  });

  it('the renderer imports nothing from main but the contract and the domain model (types and constants only)', () => {
    const offenders = sourceFiles(join(root, 'renderer'))
      .flatMap((f) =>
        [...readFileSync(f, 'utf8').matchAll(/from\s+['"]([^'"]*\/main\/[^'"]*)['"]/g)].map(
          (m) => `${relative(root, f)}: ${m[1]}`,
        ),
      )
      .filter((hit) => !/\/main\/(ipc\/contract|core\/model)['"]?$/.test(hit));
    expect(offenders).toEqual([]);
  });

  it('nothing under main/core imports main/ipc (the domain model and the command table live in core)', () => {
    const files = sourceFiles(join(root, 'main/core'));
    expect(files.length).toBeGreaterThan(0);
    const offenders = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)]
        .filter((m) => /(^|\/)ipc(\/|$)/.test(m[1]!) && m[1]!.startsWith('.'))
        .map((m) => `${relative(root, f)}: ${m[1]}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the domain model imports no code (the preload bundles it through the contract)', () => {
    const files = [join(root, 'main/core/model.ts'), ...sourceFiles(join(root, 'main/core/model'))];
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const imports = [...source.matchAll(/^import\s+(type\s+)?[^;]*;/gm)];
      expect(
        imports.every((m) => m[1] !== undefined),
        `only \`import type\` in ${relative(root, file)}`,
      ).toBe(true);
      // Re-exports only of the model's own parts.
      const reexports = [...source.matchAll(/^export\s+\*\s+from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
      expect(reexports.every((r) => r!.startsWith('./model/'))).toBe(true);
    }
  });

  /** `file: specifier` for every relative import under `dir` whose specifier matches `target`. */
  const importsInto = (dir: string, target: RegExp) =>
    sourceFiles(join(root, dir))
      .flatMap((f) =>
        [...readFileSync(f, 'utf8').matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => `${relative(root, f)}: ${m[1]}`),
      )
      .filter((hit) => target.test(hit.split(': ')[1]!));

  it('the app controller reaches a Deriv API only through the backend port (no legacy-api/ or current-api/ import under main/core/app)', () => {
    expect(importsInto('main/core/app', /\/(legacy-api|current-api)\//)).toEqual([]);
  });

  it('the two APIs share only neutral plumbing: nothing of the current API imports the legacy folder, nor the socket either API', () => {
    expect(importsInto('main/core/current-api', /legacy-api\//)).toEqual([]);
    expect(importsInto('main/core/socket', /\/(legacy-api|current-api)\//)).toEqual([]);
    // The checks see the imports they look for.
    expect(importsInto('main/core/legacy-api', /\.\.\/socket\//).length).toBeGreaterThan(0);
  });

  it('the backend port carries no wire type of either Deriv API', () => {
    const port = readFileSync(join(root, 'main/core/backend/port.ts'), 'utf8');
    expect(port).not.toMatch(/@deriv\/api-types|from\s+['"]\.\.\/(legacy-api|current-api)\//);
  });
});
