/**
 * Enforces the layering: the analysis core imports no editor or protocol package and does no I/O,
 * and the VS Code client holds no Calico logic (it may only import shared protocol constants).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

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

test('the client imports only vscode, the language client and shared protocol constants', () => {
  const root = join(__dirname, '..', '..', 'client', 'src');
  const bad: string[] = [];
  for (const f of files(root)) {
    for (const spec of importsOf(f)) {
      if (spec === 'vscode' || spec.startsWith('vscode-languageclient') || spec.startsWith('node:')) continue;
      if (/\/server\/src\/common\/protocol$/.test(spec)) continue;
      bad.push(`${f}: ${spec}`);
    }
  }
  assert.deepEqual(bad, []);
});
