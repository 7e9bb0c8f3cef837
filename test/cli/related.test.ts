/**
 * `calico-lint` shows where else a finding points (a diagnostic's related information): a note
 * line under the code frame in text, `related` in JSON, `relatedLocations` in SARIF, each with the
 * file as given and 1-based (text, SARIF) or 0-based LSP (JSON) positions.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeTree, runCli, tempTree } from '../support/cli';

const CANONICAL = readFileSync(join(__dirname, '..', '..', 'examples', 'memcached-untracked.yaml'), 'utf8');
// An earlier untracked policy that drops the replies to the memcached clients.
const BLOCKER = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: block-clients
spec:
  selector: has(memcached)
  order: 10
  applyOnForward: true
  doNotTrack: true
  egress:
    - action: Deny
      protocol: TCP
      destination:
        selector: memcached == 'client'
`;

const root = tempTree({ 'm.yaml': CANONICAL, 'b.yaml': BLOCKER });
after(() => removeTree(root));
const files = [join(root, 'm.yaml'), join(root, 'b.yaml')];

test('text: a note line names the Deny that drops the replies, in the other file', async () => {
  const r = await runCli(['--no-color', ...files]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`\\n  note: ${join(root, 'b.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:11:7 this Deny drops the replies\\n`));
});

test('json: related carries the path and the LSP range of the Deny', async () => {
  const r = await runCli(['--format', 'json', ...files]);
  const report = JSON.parse(r.stdout) as { files: { path: string; diagnostics: { code: string; related?: { path: string; range: { start: { line: number; character: number } }; message: string }[] }[] }[] };
  const d = report.files[0]!.diagnostics.find((x) => x.code === 'untracked-asymmetric')!;
  assert.deepEqual(d.related?.map((x) => [x.path, x.range.start, x.message]), [[join(root, 'b.yaml'), { line: 10, character: 6 }, 'this Deny drops the replies']]);
  // A diagnostic without related information has no `related` key at all.
  const clean = await runCli(['--format', 'json', join(root, 'm.yaml')]);
  assert.ok(!clean.stdout.includes('"related"'));
});

test('sarif: relatedLocations point at the Deny', async () => {
  const r = await runCli(['--format', 'sarif', ...files]);
  const log = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; relatedLocations?: { message: { text: string }; physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] };
  const res = log.runs[0]!.results.find((x) => x.ruleId === 'untracked-asymmetric')!;
  assert.equal(res.relatedLocations?.length, 1);
  assert.equal(res.relatedLocations![0]!.physicalLocation.region.startLine, 11);
  assert.equal(res.relatedLocations![0]!.physicalLocation.region.startColumn, 7);
  assert.ok(res.relatedLocations![0]!.physicalLocation.artifactLocation.uri.endsWith('b.yaml'));
});
