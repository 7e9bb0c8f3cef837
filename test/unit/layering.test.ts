/**
 * Enforces the layering: the analysis core imports no editor or protocol package and does no I/O,
 * the VS Code client holds no Calico logic (it may only import shared protocol constants), the
 * YAML layer imports nothing from above it, and no modules import each other in a cycle.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

const FORBIDDEN_IN_CORE = /^(?:node:)?(?:fs|fs\/promises|net|tls|http|https|child_process|worker_threads|dgram|path|os)$|^vscode(?:$|-)/;

test('the core imports no editor package and no I/O module', () => {
  const root = join(__dirname, '..', '..', 'server', 'src', 'core');
  const bad: string[] = [];
  for (const f of files(root)) for (const spec of importsOf(f)) if (FORBIDDEN_IN_CORE.test(spec)) bad.push(`${f}: ${spec}`);
  assert.deepEqual(bad, []);
  assert.ok(files(root).length > 10, 'the core should have been scanned');
});

test('the core does not touch process, timers or the file system through globals', () => {
  const root = join(__dirname, '..', '..', 'server', 'src', 'core');
  const bad: string[] = [];
  for (const f of files(root)) {
    const text = readFileSync(f, 'utf8');
    for (const g of ['process.', 'setTimeout(', 'setInterval(', 'require(', 'Date.now(']) if (text.includes(g)) bad.push(`${f}: ${g}`);
  }
  assert.deepEqual(bad, []);
});

test('the client imports only vscode, the language client, its own modules and shared protocol constants', () => {
  const root = join(__dirname, '..', '..', 'client', 'src');
  const bad: string[] = [];
  for (const f of files(root)) {
    for (const spec of importsOf(f)) {
      if (spec === 'vscode' || spec.startsWith('vscode-languageclient') || spec.startsWith('node:')) continue;
      if (/\/server\/src\/common\/protocol$/.test(spec)) continue;
      // The client's own modules (client/src/*.ts), which the same test holds to the same rule.
      if (/^\.\/[A-Za-z0-9-]+$/.test(spec)) continue;
      bad.push(`${f}: ${spec}`);
    }
  }
  assert.deepEqual(bad, []);
});

/** Relative imports of a file, resolved to repository paths, with whether each is type-only. */
function relativeImports(file: string): Array<{ target: string; typeOnly: boolean }> {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: Array<{ target: string; typeOnly: boolean }> = [];
  for (const st of sf.statements) {
    if (!(ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) || !st.moduleSpecifier || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const spec = st.moduleSpecifier.text;
    if (!spec.startsWith('.')) continue;
    let typeOnly: boolean;
    if (ts.isImportDeclaration(st)) {
      const c = st.importClause;
      typeOnly = !!c && (c.isTypeOnly || (!c.name && !!c.namedBindings && ts.isNamedImports(c.namedBindings) && c.namedBindings.elements.every((e) => e.isTypeOnly)));
    } else typeOnly = st.isTypeOnly;
    let target = resolve(dirname(file), spec);
    target = existsSync(`${target}.ts`) ? `${target}.ts` : join(target, 'index.ts');
    out.push({ target, typeOnly });
  }
  return out;
}

test('core/yaml knows nothing of the analysis or the rules (not even their types)', () => {
  const core = join(__dirname, '..', '..', 'server', 'src', 'core');
  const bad: string[] = [];
  for (const f of files(join(core, 'yaml'))) {
    for (const { target } of relativeImports(f)) {
      const rel = relative(core, target);
      if (!rel.startsWith('yaml') && rel !== 'types.ts') bad.push(`${relative(core, f)} imports ${rel}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('no import cycles among the modules that run (type-only imports aside)', () => {
  const src = join(__dirname, '..', '..', 'server', 'src');
  const graph = new Map<string, string[]>();
  for (const f of [...files(src), ...files(join(__dirname, '..', '..', 'client', 'src'))]) {
    graph.set(f, relativeImports(f).filter((i) => !i.typeOnly).map((i) => i.target));
  }
  // Depth-first search with colours: an edge back to a module still on the path closes a cycle.
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const path: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    path.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === 'open') cycles.push(path.slice(path.indexOf(g)).concat(g).map((p) => relative(src, p)).join(' -> '));
      else if (!state.has(g)) visit(g);
    }
    path.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  assert.deepEqual(cycles, []);
  assert.ok(graph.size > 50);
});
