/**
 * The rules for Calico's non-policy kinds (server/src/core/rules/resources) as a whole: every code
 * has a docs page whose Invalid example produces it and whose Valid example produces no error, and
 * the rules survive malformed shapes without an internal error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace, type Diagnostic } from '../../server/src/core';
import { KIND_RULES } from '../../server/src/core/rules/resources';

const DOCS = join(__dirname, '..', '..', 'docs', 'rules');

function lint(text: string): Diagnostic[] {
  const ws = new Workspace();
  ws.setFile('t.yaml', text);
  return ws.diagnostics('t.yaml');
}

function yamlBlock(md: string, section: string): string {
  const at = md.indexOf(`## ${section}\n`);
  assert.ok(at !== -1, `missing section ${section}`);
  const m = /```yaml\n([\s\S]*?)```/.exec(md.slice(at));
  assert.ok(m, `no yaml block in ${section}`);
  return m[1]!;
}

for (const rule of KIND_RULES) {
  test(`docs page for ${rule.code}`, () => {
    const path = join(DOCS, `${rule.code}.md`);
    assert.ok(existsSync(path), `missing ${path}`);
    const md = readFileSync(path, 'utf8');
    assert.ok(md.startsWith(`# ${rule.code}\n`));
    assert.match(md, new RegExp(`^Severity: ${rule.severity} · Source: `, 'm'));
    for (const section of ['What it reports', 'Why', 'How to fix']) assert.ok(md.includes(`## ${section}\n`), `missing section ${section}`);
    const invalid = lint(yamlBlock(md, 'Invalid'));
    assert.ok(invalid.some((d) => d.code === rule.code), `Invalid example should report ${rule.code}: ${invalid.map((d) => d.code).join(', ')}`);
    const valid = lint(yamlBlock(md, 'Valid'));
    assert.deepEqual(valid.filter((d) => d.severity === 'error' || d.code === rule.code).map((d) => `${d.code}: ${d.message}`), []);
  });
}

test('codes of the resource rules are unique across the registry', async () => {
  const { RULES } = await import('../../server/src/core/rules/registry');
  for (const rule of KIND_RULES) {
    assert.equal(RULES.filter((r) => r.code === rule.code).length, 1, `${rule.code} is defined more than once`);
  }
});

/** Odd shapes in every field the rules read: none may throw (an internal-error diagnostic). */
const WEIRD: readonly unknown[] = [null, 7, true, 'text', [], [null], {}, { a: null }, [[1]], [{}]];

test('resource rules survive malformed shapes', () => {
  const kinds = [...new Set(KIND_RULES.flatMap((r) => r.kinds ?? []))];
  for (const kind of kinds) {
    for (const weird of WEIRD) {
      const w = JSON.stringify(weird);
      const specs = [
        `spec: ${w}`,
        `spec: {cidr: ${w}, nodeSelector: ${w}, ports: ${w}, nets: ${w}, peerIP: ${w}, communities: ${w}, prefixAdvertisements: ${w}, exportV4: ${w}, routeTableRanges: ${w}, routeTableRange: ${w}, controllers: ${w}, allowedUses: ${w}, expectedIPs: ${w}, interfaceName: ${w}, node: ${w}, healthTimeoutOverrides: ${w}, bpfLogFilters: ${w}}`,
        `spec: {controllers: {node: {hostEndpoint: {templates: ${w}}}}, exportV6: [${w}], prefixAdvertisements: [{communities: ${w}}], ports: [{name: ${w}, protocol: ${w}}]}`,
      ];
      for (const spec of specs) {
        const text = `apiVersion: projectcalico.org/v3\nkind: ${kind}\nmetadata:\n  name: default\n${spec}\n`;
        const internal = lint(text).filter((d) => d.code === 'internal-error');
        assert.deepEqual(internal.map((d) => d.message), [], `${kind} with ${spec}`);
      }
    }
  }
});
