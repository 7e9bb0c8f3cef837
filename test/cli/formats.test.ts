/**
 * The three output formats of `calico-lint`: text (location line and a code frame whose caret
 * underlines exactly the faulty key), json (exactly the documented shape, 0-based LSP ranges) and
 * SARIF 2.1.0 (checked against the specification's essentials: version, tool driver and rules
 * with help URIs, results with rule ids, levels, messages and 1-based regions, column kind).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { removeTree, runCli, tempTree } from '../support/cli';
import { CLEAN, HEP_TYPO, NOT_CALICO, WARNING_ONLY, find } from './fixtures';

const root = tempTree({
  'typo.yaml': HEP_TYPO,
  'clean.yaml': CLEAN,
  'warn.yaml': WARNING_ONLY,
  'deployment.yaml': NOT_CALICO,
  'crlf.yaml': HEP_TYPO.replace(/\n/g, '\r\n'),
});
after(() => removeTree(root));

test('text: file:line:col severity code message, then a code frame with a caret under the key', async () => {
  const r = await runCli(['typo.yaml'], { cwd: root });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  const lines = r.stdout.split('\n');
  const range = find(HEP_TYPO, 'interface');
  const head = lines.findIndex((l) => l.startsWith('typo.yaml:') && l.includes(' error unknown-field '));
  assert.ok(head >= 0, r.stdout);
  assert.match(lines[head]!, new RegExp(`^typo\\.yaml:${range.start.line + 1}:${range.start.character + 1} error unknown-field Unknown field 'interface'.*interfaceName`));
  // The frame: the line before, the faulty line marked with '>', the caret line, the line after.
  const frame = lines.slice(head + 1, head + 5);
  assert.match(frame[0]!, /^ {2}\s*\d+ \| spec:$/);
  assert.match(frame[1]!, /^> \s*\d+ \| {3}interface: eth0$/);
  const source = frame[1]!.indexOf('|') + 2;
  const caretLine = frame[2]!;
  assert.equal(caretLine.indexOf('^'), source + range.start.character, 'caret starts under the key');
  assert.equal(caretLine.trimEnd().length - caretLine.indexOf('^'), 'interface'.length, 'caret spans the key');
  assert.match(caretLine, /^\s+\| +\^+$/);
  assert.match(frame[3]!, /^ {2}\s*\d+ \| {3}node: memcached-node-1$/);
  assert.match(r.stdout, /1 file checked: 1 error, 1 information\.\n$/);
});

test('text: a clean file prints a summary only; colours only when asked', async () => {
  const clean = await runCli(['clean.yaml'], { cwd: root });
  assert.equal(clean.code, 0);
  assert.equal(clean.stdout, '1 file checked, no problems found.\n');
  const plain = await runCli(['typo.yaml'], { cwd: root });
  assert.ok(!plain.stdout.includes('\x1b['), 'no escape codes when not on a terminal');
  const coloured = await runCli(['--color', 'typo.yaml'], { cwd: root });
  assert.ok(coloured.stdout.includes('\x1b[31m'), 'errors in red with --color');
});

test('text: CRLF files get the same lines and columns as LF files', async () => {
  const lf = await runCli(['--format', 'json', 'typo.yaml'], { cwd: root });
  const crlf = await runCli(['--format', 'json', 'crlf.yaml'], { cwd: root });
  const strip = (s: string) => (JSON.parse(s) as { files: { diagnostics: unknown[] }[] }).files[0]!.diagnostics;
  assert.deepEqual(strip(crlf.stdout), strip(lf.stdout));
  const text = await runCli(['crlf.yaml'], { cwd: root });
  assert.ok(!text.stdout.includes('\r'), 'the code frame does not echo carriage returns');
});

test('json: exactly {"files":[{"path","diagnostics":[{"code","severity","message","range"}]}]} with 0-based ranges', async () => {
  // (Not clean.yaml: its reply rules would answer warn.yaml's policy, which selects the same hosts.)
  const r = await runCli(['--format', 'json', 'typo.yaml', 'deployment.yaml', 'warn.yaml'], { cwd: root });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(out), ['files']);
  const files = out['files'] as Record<string, unknown>[];
  assert.deepEqual(
    files.map((f) => f['path']),
    ['typo.yaml', 'deployment.yaml', 'warn.yaml'],
  );
  for (const f of files) {
    assert.deepEqual(Object.keys(f), ['path', 'diagnostics']);
    for (const d of f['diagnostics'] as Record<string, unknown>[]) {
      assert.deepEqual(Object.keys(d), ['code', 'severity', 'message', 'range']);
      assert.equal(typeof d['code'], 'string');
      assert.ok(['error', 'warning', 'information', 'hint'].includes(d['severity'] as string));
      assert.equal(typeof d['message'], 'string');
      const range = d['range'] as { start: Record<string, unknown>; end: Record<string, unknown> };
      assert.deepEqual(Object.keys(range), ['start', 'end']);
      for (const p of [range.start, range.end]) {
        assert.deepEqual(Object.keys(p), ['line', 'character']);
        assert.ok(Number.isInteger(p['line']) && Number.isInteger(p['character']));
      }
    }
  }
  const typo = (files[0]!['diagnostics'] as { code: string; severity: string; message: string; range: unknown }[]).filter((d) => d.severity === 'error');
  assert.deepEqual(
    typo.map(({ code, severity, range }) => ({ code, severity, range })),
    [{ code: 'unknown-field', severity: 'error', range: find(HEP_TYPO, 'interface') }],
  );
  assert.match(typo[0]!.message, /interfaceName/);
  assert.deepEqual(files[1]!['diagnostics'], []);
  assert.deepEqual(
    (files[2]!['diagnostics'] as { severity: string }[]).map((d) => d.severity),
    ['warning'],
  );
});

interface SarifLog {
  version: string;
  $schema?: string;
  runs: {
    tool: { driver: { name: string; version?: string; rules: { id: string; helpUri?: string; shortDescription?: { text: string } }[] } };
    columnKind?: string;
    results: {
      ruleId: string;
      ruleIndex?: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
    }[];
  }[];
}

test('sarif: a valid SARIF 2.1.0 log with rules, help URIs and 1-based regions', async () => {
  const r = await runCli(['--format', 'sarif', 'typo.yaml', 'warn.yaml', 'deployment.yaml'], { cwd: root });
  assert.equal(r.code, 1);
  const log = JSON.parse(r.stdout) as SarifLog;
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema ?? '', /sarif-2\.1\.0/);
  assert.equal(log.runs.length, 1);
  const run = log.runs[0]!;
  assert.equal(run.tool.driver.name, 'calico-lint');
  assert.match(run.tool.driver.version ?? '', /^\d+\.\d+\.\d+/);
  assert.equal(run.columnKind, 'utf16CodeUnits');
  const ruleIds = run.tool.driver.rules.map((x) => x.id);
  assert.equal(new Set(ruleIds).size, ruleIds.length, 'rule ids are unique');
  for (const rule of run.tool.driver.rules) {
    assert.ok(rule.helpUri, `rule ${rule.id} has a helpUri`);
    assert.doesNotThrow(() => new URL(rule.helpUri!), `helpUri of ${rule.id} is an absolute URI`);
    assert.ok(rule.helpUri!.endsWith(`/docs/rules/${rule.id}.md`));
    assert.ok(rule.shortDescription?.text);
  }
  const levels = new Set(['none', 'note', 'warning', 'error']);
  for (const result of run.results) {
    assert.ok(ruleIds.includes(result.ruleId), `result's rule ${result.ruleId} is listed`);
    if (result.ruleIndex !== undefined) assert.equal(ruleIds[result.ruleIndex], result.ruleId);
    assert.ok(levels.has(result.level));
    assert.ok(result.message.text.length > 0);
    assert.equal(result.locations.length, 1);
    const { artifactLocation, region } = result.locations[0]!.physicalLocation;
    assert.doesNotThrow(() => new URL(artifactLocation.uri, 'file:///base/'));
    assert.ok(region.startLine >= 1 && region.startColumn >= 1 && region.endLine >= region.startLine && region.endColumn >= 1);
  }
  const typo = run.results.find((x) => x.ruleId === 'unknown-field')!;
  const range = find(HEP_TYPO, 'interface');
  assert.equal(typo.level, 'error');
  assert.equal(typo.locations[0]!.physicalLocation.artifactLocation.uri, 'typo.yaml');
  assert.deepEqual(typo.locations[0]!.physicalLocation.region, {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  });
  assert.ok(run.results.some((x) => x.level === 'warning' && x.locations[0]!.physicalLocation.artifactLocation.uri === 'warn.yaml'));
  assert.ok(!run.results.some((x) => x.locations[0]!.physicalLocation.artifactLocation.uri === 'deployment.yaml'));
});

test('sarif: standard input and paths with spaces become valid URI references', async () => {
  const dir = tempTree({ 'my policies/typo file.yaml': HEP_TYPO });
  try {
    const r = await runCli(['--format', 'sarif', '-', join('my policies', 'typo file.yaml')], { cwd: dir, input: HEP_TYPO });
    const uris = new Set((JSON.parse(r.stdout) as SarifLog).runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri));
    assert.deepEqual([...uris].sort(), ['my%20policies/typo%20file.yaml', 'stdin']);
  } finally {
    removeTree(dir);
  }
});
