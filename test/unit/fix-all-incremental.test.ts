/**
 * `fixAllIn` applies fixes to the file as incremental changes and, with `restore`, undoes them the
 * same way (so a code action on a huge file does not re-split the whole text per pass). The oracle
 * here is the plain way: apply each pass's edits to the whole string and set the file's text anew.
 * Both must give the same text and the same applied fixes, and after `restore` the workspace must
 * hold the original text with the diagnostics of a fresh analysis of it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace, applyEdits, chooseFixes, fixAllIn, type FixAllResult } from '../../server/src/core';

const RULES = join(import.meta.dirname, '..', 'fixtures', 'rules');

/** Every invalid golden fixture, as one multi-document text per rule directory. */
function fixtureFiles(): Array<{ name: string; text: string }> {
  const out: Array<{ name: string; text: string }> = [];
  for (const code of readdirSync(RULES).sort()) {
    const docs = readdirSync(join(RULES, code))
      .filter((f) => f.startsWith('invalid-') && f.endsWith('.yaml'))
      .sort()
      .map((f) => readFileSync(join(RULES, code, f), 'utf8'));
    // CRLF fixtures stay on their own (a file mixing line endings is a different case).
    const lf = docs.filter((d) => !d.includes('\r\n'));
    if (lf.length > 0) out.push({ name: code, text: lf.map((d) => (d.endsWith('\n') ? d : `${d}\n`)).join('---\n') });
    for (const d of docs.filter((x) => x.includes('\r\n'))) out.push({ name: `${code} (CRLF)`, text: d });
  }
  return out;
}

/** The reference: whole-string edits and `setFile` per pass. */
function reference(text: string): FixAllResult {
  const ws = new Workspace();
  ws.setFile('f', text);
  const applied: string[] = [];
  let current = text;
  for (let pass = 0; pass < 10; pass++) {
    const fixes = chooseFixes(ws.getFile('f')!, ws.diagnostics('f'), (f) => f.safe);
    if (fixes.length === 0) break;
    current = applyEdits(current, fixes.flatMap((f) => f.edits));
    applied.push(...fixes.map((f) => f.title));
    ws.setFile('f', current);
  }
  return { text: current, applied };
}

test('fixAllIn gives what whole-text fixing gives, and restore puts the original back', async () => {
  // The benchmark's generator adds files of many documents with many kinds of mistakes.
  const gen = (await import('../../bench/lib/calico-gen.mjs' as string)) as { generate(o: object): { text: string } };
  const generated = [1, 2].map((seed) => ({ name: `generated seed ${seed}`, text: gen.generate({ docs: 200, seed, invalid: 0.2, semanticInvalid: 0.2 }).text }));
  let fixedSome = 0;
  for (const { name, text } of [...fixtureFiles(), ...generated]) {
    const want = reference(text);
    const ws = new Workspace();
    ws.setFile('f', text);
    const before = ws.diagnostics('f');
    const got = fixAllIn(ws, 'f', { restore: true });
    assert.deepEqual(got, want, name);
    assert.equal(ws.getFile('f')!.text, text, `${name}: the original text is back`);
    assert.deepEqual(ws.diagnostics('f'), before, `${name}: the original diagnostics are back`);

    const kept = new Workspace();
    kept.setFile('f', text);
    assert.deepEqual(fixAllIn(kept, 'f'), want, name);
    assert.equal(kept.getFile('f')!.text, want.text, `${name}: without restore the fixed text stays`);
    const fresh = new Workspace();
    fresh.setFile('f', want.text);
    assert.deepEqual(kept.diagnostics('f'), fresh.diagnostics('f'), `${name}: diagnostics of the fixed text`);
    if (want.applied.length > 0) fixedSome++;
  }
  assert.ok(fixedSome >= 5, `only ${fixedSome} fixture files had safe fixes`);
});
