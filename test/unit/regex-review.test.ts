/**
 * The review of every regular expression in the product's own code (server/src, client/src).
 *
 * JavaScript's RegExp engine backtracks, so a pattern with ambiguous repetition costs quadratic or
 * exponential time on the wrong input, and every pattern here runs on text a user typed. Go's RE2
 * patterns (the CRDs', Calico's validator's) do not belong here: they run on re2js (`util/re2.ts`).
 *
 * - Every pattern must be a literal: a `new RegExp(...)` built at run time cannot be reviewed.
 * - Every literal is checked by recheck (https://makenowjust-labs.github.io/recheck/), a ReDoS
 *   checker. For the patterns its automaton analysis covers it proves the worst-case cost of a
 *   backtracking match (constant, linear, polynomial of some degree, exponential) from the
 *   pattern's structure; for the others it builds adversarial inputs by fuzzing and counts the
 *   steps of a backtracking matcher on them (steps, never clock time). A pattern must come out
 *   "safe"; a vulnerable one is reported with the attack string recheck built, such as
 *   `' '.repeat(54773) + '!'` for a quadratic one.
 *
 * Our own loops and scanners are held to linear work by test/unit/linear-work.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { checkSync } from 'recheck';

const ROOT = join(__dirname, '..', '..');

interface Found {
  where: string;
  source: string;
  flags: string;
}

function collect(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

function inventory(): { literals: Found[]; dynamic: string[] } {
  const literals: Found[] = [];
  const dynamic: string[] = [];
  for (const file of [...collect(join(ROOT, 'server', 'src')), ...collect(join(ROOT, 'client', 'src'))]) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const where = (n: ts.Node) => `${relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
    const visit = (n: ts.Node): void => {
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = n.getText(sf);
        const slash = text.lastIndexOf('/');
        literals.push({ where: where(n), source: text.slice(1, slash), flags: text.slice(slash + 1) });
      } else if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && n.expression.getText(sf) === 'RegExp') {
        dynamic.push(where(n));
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { literals, dynamic };
}

const { literals, dynamic } = inventory();

test('the inventory finds the code base\'s regular expressions', () => {
  assert.ok(literals.length > 50, `${literals.length} literals`);
});

test('no regular expression is built at run time (each must be reviewable)', () => {
  assert.deepEqual(dynamic, [], 'use a literal, or re2js (util/re2.ts) for Go patterns');
});

test('recheck finds every regular expression safe on a backtracking engine', () => {
  const unsafe: string[] = [];
  for (const r of literals) {
    const result = checkSync(r.source, r.flags, { randomSeed: 42, timeout: 60_000 });
    if (result.status === 'safe') continue;
    const detail = result.status === 'vulnerable'
      ? `${result.complexity.summary}; attack ${result.attack.pattern}`
      : `${result.status}: ${result.status === 'unknown' ? result.error.kind : ''}`;
    unsafe.push(`${r.where} /${r.source}/${r.flags}: ${detail}`);
  }
  assert.deepEqual(unsafe, []);
});
