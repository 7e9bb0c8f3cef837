/**
 * Parity with Calico: every fixture under test/fixtures/parity/<family>/ is one resource and the
 * verdict Calico gives it (see that folder's README for the format and where verdicts come from).
 *
 * - `# parity: accept` ⇒ our analysis reports no error at all.
 * - `# parity: reject` ⇒ at least one error; when `# at: <path>` is given, one error lies on that
 *   path's key or value. The path is resolved in our tree; when its last steps do not exist (a
 *   missing required field), the deepest node that does exist stands in for it.
 *
 * Families whose rules are being written elsewhere are listed in PENDING_FAMILIES and skipped
 * with the reason, so the suite stays green while they are in progress.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace, type Diagnostic } from '../server/src/core';
import { parseSegment } from '../server/src/core/analysis/segment';
import type { YNode } from '../server/src/core/yaml/tree';
import { where } from './support/render';

const ROOT = join(__dirname, 'fixtures', 'parity');

/**
 * Families whose checks are not implemented yet, with the reason they are skipped. Empty now that
 * every family has its rules; add `['family', 'reason']` entries while a family is in progress.
 */
const PENDING_FAMILIES: ReadonlyMap<string, string> = new Map<string, string>([]);

interface Header {
  parity: 'accept' | 'reject';
  at?: string;
  why?: string;
}

function readHeader(text: string): Header {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^#\s*([a-z]+):\s?(.*)$/.exec(line);
    if (!m) break;
    fields[m[1]!] = m[2]!.trim();
  }
  const parity = fields['parity'];
  if (parity !== 'accept' && parity !== 'reject') throw new Error(`missing or bad '# parity:' header`);
  const h: Header = { parity };
  if (fields['at']) h.at = fields['at'];
  if (fields['why']) h.why = fields['why'];
  return h;
}

/** `spec.ingress[0].ports[1]` → ['spec', 'ingress', 0, 'ports', 1]. */
function pathSegments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) throw new Error(`bad path ${path}`);
    if (m[1]) out.push(m[1]);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

interface Target {
  key?: { start: number; end: number };
  value: { start: number; end: number };
  exact: boolean;
}

/** Resolves a path to the spans an error may lie on (the deepest existing node if incomplete). */
function resolve(root: YNode, path: string): Target {
  let node: YNode = root;
  let key: { start: number; end: number } | undefined;
  for (const seg of pathSegments(path)) {
    if (typeof seg === 'number') {
      if (node.kind !== 'seq' || !node.items[seg]) return { key, value: span(node), exact: false };
      node = node.items[seg]!;
      key = undefined;
    } else {
      const pair = node.kind === 'map' ? node.pairs.find((p) => p.keyText === seg) : undefined;
      if (!pair) return { key, value: span(node), exact: false };
      key = { start: pair.key.start, end: pair.key.end };
      if (!pair.value) return { key, value: key, exact: true };
      node = pair.value;
    }
  }
  return { key, value: span(node), exact: true };
}

function span(n: YNode): { start: number; end: number } {
  return n.via ?? { start: n.start, end: n.end };
}

const within = (d: Diagnostic, s: { start: number; end: number }): boolean => d.start >= s.start && d.end <= s.end;

function describe(text: string, diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `  ${where(text, d.start)} ${d.severity} ${d.code}: ${d.message}`).join('\n') || '  (none)';
}

const families = existsSync(ROOT) ? readdirSync(ROOT, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort() : [];

for (const family of families) {
  const dir = join(ROOT, family);
  const files = readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort();
  const pending = PENDING_FAMILIES.get(family);
  for (const name of files) {
    const title = `parity ${family}/${name}`;
    if (pending) {
      test.skip(`${title} (pending: ${pending})`, () => {});
      continue;
    }
    test(title, () => {
      const text = readFileSync(join(dir, name), 'utf8');
      const header = readHeader(text);
      const ws = new Workspace();
      ws.setFile(name, text);
      const diagnostics = ws.diagnostics(name);
      const errors = diagnostics.filter((d) => d.severity === 'error');
      if (header.parity === 'accept') {
        assert.equal(errors.length, 0, `Calico accepts this (${header.why ?? ''}) but we report:\n${describe(text, errors)}`);
        return;
      }
      assert.ok(errors.length > 0, `Calico rejects this (${header.why ?? ''}) but we report no error:\n${describe(text, diagnostics)}`);
      if (header.at) {
        const root = parseSegment(text).roots[0]?.root;
        assert.ok(root, 'fixture has no YAML content');
        const target = resolve(root, header.at);
        const hit = errors.some((d) => within(d, target.value) || (target.key !== undefined && within(d, target.key)));
        assert.ok(hit, `expected an error on '${header.at}'${target.exact ? '' : ' (or its deepest existing part)'}, got:\n${describe(text, errors)}`);
      }
    });
  }
}

test('the parity families that must not be pending are present', () => {
  if (!existsSync(ROOT)) return;
  for (const required of ['names', 'labels', 'policy-spec', 'rules-protocol-ports', 'rules-icmp', 'rules-nets', 'rules-entity', 'rules-services-http', 'tier', 'staged']) {
    assert.ok(families.includes(required), `missing parity family ${required}`);
    assert.ok(!PENDING_FAMILIES.has(required), `${required} must not be pending`);
  }
});
