/**
 * What made the old session hard to read, as checks on source text (used by test/coupling.test.ts):
 *
 * - **Wide callback interfaces.** An interface or type literal with more than `max` callback
 *   members (methods, or properties typed by a function type written in place) that is the type of
 *   a parameter of a constructor or a function: a "host" through which helpers reach back into
 *   their owner (`SessionHost` had 18). Properties typed by a named port (`clock: Clock`,
 *   `factory: SocketFactory`) are dependencies, not callbacks, and do not count.
 * - **Import cycles.** Two or more modules that import each other, directly or around a loop
 *   (`import type` included): a module importing a sibling only for the sibling to reach back into
 *   it. A dependency goes one way; what must go back is an event or a return value.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

import ts from 'typescript';

export interface Source {
  path: string;
  text: string;
}

export function readSources(root: string, dir: string): Source[] {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((name) => {
      const p = join(d, name);
      if (statSync(p).isDirectory()) return walk(p);
      return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
    });
  return walk(join(root, dir)).map((p) => ({
    path: relative(root, p).split('\\').join('/'),
    text: readFileSync(p, 'utf8'),
  }));
}

const isCallback = (m: ts.TypeElement): boolean =>
  ts.isMethodSignature(m) ||
  ts.isCallSignatureDeclaration(m) ||
  (ts.isPropertySignature(m) && m.type !== undefined && isFunctionType(m.type));

function isFunctionType(t: ts.TypeNode): boolean {
  if (ts.isFunctionTypeNode(t)) return true;
  if (ts.isParenthesizedTypeNode(t)) return isFunctionType(t.type);
  if (ts.isUnionTypeNode(t)) return t.types.some(isFunctionType);
  return false;
}

/**
 * `where: Name (n callbacks)` for every callback interface wider than `max` that a constructor or
 * function takes. Ports are not callback hosts: an interface declared in a `port.ts`/`ports.ts`
 * module (the documented boundaries) or implemented by a class is exempt.
 */
export function wideCallbackInterfaces(sources: Source[], max: number): string[] {
  const files = sources.map(({ path, text }) => ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true));
  const interfaces = new Map<string, { where: string; node: ts.InterfaceDeclaration }>();
  const literals = new Map<string, { where: string; callbacks: number }>();
  const implemented = new Set<string>();
  const parameterTypes = new Set<string>();
  const inline: string[] = [];
  for (const file of files) {
    const path = file.fileName;
    const visit = (node: ts.Node): void => {
      if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, { where: path, node });
      else if (ts.isTypeAliasDeclaration(node) && ts.isTypeLiteralNode(node.type)) {
        literals.set(node.name.text, { where: path, callbacks: node.type.members.filter(isCallback).length });
      }
      if (ts.isHeritageClause(node) && node.token === ts.SyntaxKind.ImplementsKeyword) {
        for (const t of node.types) if (ts.isIdentifier(t.expression)) implemented.add(t.expression.text);
      }
      if (ts.isParameter(node) && node.type !== undefined) {
        for (const name of typeNames(node.type)) parameterTypes.add(name);
        for (const literal of typeLiterals(node.type)) {
          const n = literal.members.filter(isCallback).length;
          if (n > max) inline.push(`${path}: a parameter's type literal (${n} callbacks)`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  const callbacksOf = (node: ts.InterfaceDeclaration): number => {
    let n = node.members.filter(isCallback).length;
    for (const clause of node.heritageClauses ?? []) {
      for (const t of clause.types) {
        const base = ts.isIdentifier(t.expression) ? interfaces.get(t.expression.text) : undefined;
        if (base !== undefined) n += callbacksOf(base.node);
      }
    }
    return n;
  };
  const isPort = (name: string, where: string) => implemented.has(name) || /(^|\/)ports?\.ts$/.test(where);
  const named = [
    ...[...interfaces].map(([name, { where, node }]) => [name, where, callbacksOf(node)] as const),
    ...[...literals].map(([name, { where, callbacks }]) => [name, where, callbacks] as const),
  ];
  const wide = named
    .filter(([name, where, callbacks]) => callbacks > max && parameterTypes.has(name) && !isPort(name, where))
    .map(([name, where, callbacks]) => `${where}: ${name} (${callbacks} callbacks)`);
  return [...wide, ...inline].sort();
}

function typeNames(t: ts.TypeNode): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isTypeReferenceNode(n) && ts.isIdentifier(n.typeName)) out.push(n.typeName.text);
    ts.forEachChild(n, visit);
  };
  visit(t);
  return out;
}

function typeLiterals(t: ts.TypeNode): ts.TypeLiteralNode[] {
  const out: ts.TypeLiteralNode[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isTypeLiteralNode(n)) out.push(n);
    else ts.forEachChild(n, visit);
  };
  visit(t);
  return out;
}

/** Every relative import of a module (value, type, re-export, dynamic), resolved to a source path. */
export function importsOf(source: Source, known: ReadonlySet<string>): string[] {
  const info = ts.preProcessFile(source.text, true, true);
  const out: string[] = [];
  for (const ref of info.importedFiles) {
    if (!ref.fileName.startsWith('.')) continue;
    const base = resolve('/', dirname(source.path), ref.fileName).slice(1);
    const hit = [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`, base].find((p) => known.has(p));
    if (hit !== undefined) out.push(hit);
  }
  return out;
}

/** The import cycles among `sources`, each as its modules in order (the first repeated at the end). */
export function importCycles(sources: Source[]): string[][] {
  const known = new Set(sources.map((s) => s.path));
  const edges = new Map(sources.map((s) => [s.path, importsOf(s, known)]));
  // Tarjan's strongly connected components: a component of more than one module is a cycle.
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const cycles: string[][] = [];
  const strong = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) !== idx.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      on.delete(w);
      component.push(w);
    } while (w !== v);
    const selfLoop = (edges.get(v) ?? []).includes(v);
    if (component.length > 1 || selfLoop) cycles.push([...component.sort(), component[0]!]);
  };
  for (const v of [...known].sort()) if (!idx.has(v)) strong(v);
  return cycles;
}
