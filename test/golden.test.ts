/**
 * Golden fixtures, one folder per rule code under test/fixtures/rules/<code>/.
 *
 * Each `*.yaml` is analysed; the rendered diagnostics (with code frames) and, for every fix
 * offered, the fixed text are compared with `<name>.expected`. A missing golden file fails; run
 * `node scripts/run-tests.mjs golden --update` to (re)write them, then review the diff.
 *
 * A fixture whose first line is `# settings: {...}` is analysed with those settings.
 *
 * Naming contract: `invalid*.yaml` must produce the folder's code; `valid*.yaml` must produce no
 * diagnostic of that code and no error at all. Every fix is applied and the result re-validated:
 * the text still parses, the fixed diagnostic is gone, and, for a safe fix, no new error appears.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace, applyEdits, fixesFor, type CalicoSettings, type Diagnostic } from '../server/src/core';
import { render, where } from './support/render';

const ROOT = join(__dirname, 'fixtures', 'rules');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

/**
 * A fixture may name settings on its first line, `# settings: {"maxDocumentSize": 300}`, for codes
 * that only show under a non-default setting.
 */
function settingsOf(text: string): CalicoSettings | undefined {
  const m = /^# settings: (\{[^\n]*\})/.exec(text);
  return m ? (JSON.parse(m[1]!) as CalicoSettings) : undefined;
}

function analyse(id: string, text: string) {
  const ws = new Workspace();
  const settings = settingsOf(text);
  if (settings) ws.settings = { ...settings, rules: settings.rules ?? {} };
  const file = ws.setFile(id, text);
  return { file, diagnostics: ws.diagnostics(id) };
}

function sameSpot(a: Diagnostic, b: Diagnostic): boolean {
  return a.code === b.code && a.message === b.message;
}

for (const code of existsSync(ROOT) ? readdirSync(ROOT).sort() : []) {
  const dir = join(ROOT, code);
  for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    test(`golden ${code}/${name}`, () => {
      const text = readFileSync(join(dir, name), 'utf8');
      const { file, diagnostics } = analyse(name, text);
      if (name.startsWith('invalid')) {
        assert.ok(diagnostics.some((d) => d.code === code), `${code}/${name} should report ${code}`);
      } else if (name.startsWith('valid')) {
        assert.deepEqual(diagnostics.filter((d) => d.code === code || d.severity === 'error').map((d) => `${where(text, d.start)} ${d.code}`), [], `${code}/${name} should be clean`);
      }
      let out = render(name, text, diagnostics);
      for (const d of diagnostics) {
        for (const fix of fixesFor(file, d, diagnostics)) {
          const fixed = applyEdits(text, fix.edits);
          out += `\n--- fix for ${d.code} at ${where(text, d.start)}: ${fix.title} (${fix.safe ? 'safe' : 'unsafe'})\n${fixed}`;
          if (!fixed.endsWith('\n')) out += '\n';
          const after = analyse(name, fixed).diagnostics;
          assert.ok(!after.some((x) => x.code === 'yaml-syntax'), `fix '${fix.title}' broke the YAML`);
          const before = diagnostics.filter((x) => sameSpot(x, d)).length;
          assert.ok(after.filter((x) => sameSpot(x, d)).length < before, `fix '${fix.title}' did not remove the ${d.code} diagnostic`);
          // The engine's contract (fixes/verify.ts): a safe fix adds no error; an unsafe one may
          // reveal errors its choice implies (a corrected kind exposes the checks it hid).
          if (!fix.safe) continue;
          const oldErrors = new Set(diagnostics.filter((x) => x.severity === 'error').map((x) => `${x.code}|${x.message}`));
          const newErrors = after.filter((x) => x.severity === 'error' && !oldErrors.has(`${x.code}|${x.message}`));
          assert.deepEqual(newErrors.map((x) => x.message), [], `fix '${fix.title}' introduced new errors`);
        }
      }
      const goldenPath = join(dir, name.replace(/\.ya?ml$/, '.expected'));
      if (UPDATE) {
        writeFileSync(goldenPath, out);
        return;
      }
      assert.ok(existsSync(goldenPath), `missing golden file ${goldenPath}; run with --update to create it`);
      assert.equal(out, readFileSync(goldenPath, 'utf8'));
    });
  }
}
