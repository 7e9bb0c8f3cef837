/**
 * `calico-lint` and duplicate resources: definitions apply in the order of the paths given (a
 * directory's files in walk order), so the definition in the path given last is the one that
 * takes effect, and the warning lands on it; the message names the other file as given.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { removeTree, runCli, tempTree } from '../support/cli';

const policy = (selector: string): string =>
  `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: allow-web\nspec:\n  selector: ${selector}\n  ingress:\n    - action: Allow\n`;

const root = tempTree({ 'x/p.yaml': policy("app == 'x'"), 'y/p.yaml': policy("app == 'y'") });
after(() => removeTree(root));

interface JsonReport {
  files: { path: string; diagnostics: { code: string; message: string }[] }[];
}

for (const order of [['x', 'y'], ['y', 'x']]) {
  test(`the duplicate in the path given last is the one reported (${order.join(', ')})`, async () => {
    const r = await runCli(['--format', 'json', ...order.map((d) => join(root, d))]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    const warned = report.files.filter((f) => f.diagnostics.some((d) => d.code === 'duplicate-resource'));
    assert.deepEqual(warned.map((f) => f.path), [join(root, order[1]!, 'p.yaml')]);
    assert.ok(warned[0]!.diagnostics[0]!.message.includes(JSON.stringify(join(root, order[0]!, 'p.yaml'))), warned[0]!.diagnostics[0]!.message);
  });
}
