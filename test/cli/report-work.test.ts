/**
 * The text report is linear in file size plus diagnostics. Its work is counted (line tables built,
 * source characters read), never timed: with N and then 4N diagnostics, a linear report does about
 * 4 times the work, a report that rescans the file (or prints a whole long line) per diagnostic
 * about 16 times. A line longer than MAX_FRAME_WIDTH is shown as an excerpt around the range.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_FRAME_WIDTH, formatJson, formatSarif, formatText, textReportWork, type ReportedFile } from '../../server/src/cli/report';
import { mapperFor, toRange } from '../../server/src/common/positions';
import { CLI_JS, removeTree, runCli, tempTree } from '../support/cli';

/** A policy whose `nets` holds `n` bad CIDRs on one line, and the span of each. */
function oneLongLine(n: number): { text: string; spans: { start: number; end: number }[] } {
  const head = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\nspec:\n  selector: all()\n  ingress:\n    - action: Allow\n      source: {nets: [';
  let text = head;
  const spans: { start: number; end: number }[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) text += ', ';
    const value = `"10.${i % 250}.${(i >> 8) % 250}.0/99"`;
    spans.push({ start: text.length, end: text.length + value.length });
    text += value;
  }
  return { text: text + ']}\n', spans };
}

/** The same mistakes, one per line. */
function manyLines(n: number): { text: string; spans: { start: number; end: number }[] } {
  let text = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\nspec:\n  selector: all()\n  ingress:\n    - action: Allow\n      source:\n        nets:\n';
  const spans: { start: number; end: number }[] = [];
  for (let i = 0; i < n; i++) {
    text += '          - ';
    spans.push({ start: text.length, end: text.length + 11 });
    text += `10.${i % 250}.0.0/99\n`;
  }
  return { text, spans };
}

function reported(path: string, text: string, spans: readonly { start: number; end: number }[]): ReportedFile {
  const mapper = mapperFor(text);
  return { path, text, diagnostics: spans.map((s) => ({ code: 'invalid-cidr', severity: 'error' as const, message: 'bad CIDR', range: toRange(mapper, s) })) };
}

function work(file: ReportedFile): { lineTables: number; charactersRead: number; output: number } {
  textReportWork.lineTables = 0;
  textReportWork.charactersRead = 0;
  const output = formatText([file], false).length;
  return { ...textReportWork, output };
}

for (const [name, make] of [
  ['one long line', oneLongLine],
  ['many lines', manyLines],
] as const) {
  test(`text report: work grows linearly with the diagnostics (${name})`, () => {
    const n = 1000;
    const small = make(n);
    const large = make(4 * n);
    const a = work(reported('f.yaml', small.text, small.spans));
    const b = work(reported('f.yaml', large.text, large.spans));
    assert.equal(a.lineTables, 1, 'one line table per file');
    assert.equal(b.lineTables, 1, 'one line table per file');
    // 4x the diagnostics (and 4x the text): about 4x the work, where a rescan per diagnostic is 16x.
    assert.ok(b.charactersRead / a.charactersRead < 4.6, `characters read grew ${(b.charactersRead / a.charactersRead).toFixed(1)}x`);
    assert.ok(b.output / a.output < 4.6, `output grew ${(b.output / a.output).toFixed(1)}x`);
    // And each diagnostic costs a bounded amount, whatever the length of its line.
    const perDiagnostic = (b.charactersRead - large.text.length) / (4 * n);
    assert.ok(perDiagnostic <= 3 * (MAX_FRAME_WIDTH + 2), `${perDiagnostic} characters read per diagnostic`);
    assert.ok(b.output / (4 * n) < 3 * MAX_FRAME_WIDTH + 200, `${b.output / (4 * n)} characters printed per diagnostic`);
  });
}

test('text report: a long line is shown as an excerpt around the range, aligned with its caret', () => {
  const { text, spans } = oneLongLine(500);
  const file = reported('f.yaml', text, [spans[0]!, spans[250]!, spans[499]!]);
  const out = formatText([file], false).split('\n');
  const lineStart = text.lastIndexOf('\n', spans[250]!.start) + 1;
  for (const span of [spans[0]!, spans[250]!, spans[499]!]) {
    const value = text.slice(span.start, span.end);
    const head = out.findIndex((l) => l.startsWith(`f.yaml:9:${span.start - lineStart + 1} `));
    assert.ok(head >= 0, `diagnostic at ${span.start}`);
    const source = out[head + 2]!;
    const caret = out[head + 3]!;
    assert.match(source, /^> +9 \| /);
    const body = source.slice(source.indexOf('| ') + 2);
    assert.ok(body.length <= MAX_FRAME_WIDTH + 6, `excerpt is ${body.length} characters`);
    const at = caret.indexOf('^');
    assert.equal(source.slice(at, at + value.length), value, 'the caret underlines the value');
    assert.equal(caret.trimEnd().length - at, value.length, 'and only the value');
    if (span === spans[0]) assert.ok(body.startsWith('      source:') && body.endsWith('...'), 'cut at the end only');
    else if (span === spans[499]) assert.ok(body.startsWith('...') && body.endsWith(']}'), 'cut at the start only');
    else assert.ok(body.startsWith('...') && body.endsWith('...'), 'cut at both ends');
    // The context lines show the same columns.
    if (span === spans[0]) assert.match(out[head + 1]!, /^ {2} *8 \| {5}- action: Allow$/, 'the line above, whole');
    else assert.match(out[head + 1]!, /^ {2} *8 \| \.\.\.$/, 'the short line above has nothing in those columns');
  }
});

test('text report: short lines are shown whole; a surrogate pair is never split', () => {
  const long = 'x'.repeat(39) + '😀'.repeat(300);
  const text = `a: 1\nb: ${long}\n`;
  const start = text.indexOf('😀') + 2 * 100;
  const file = reported('f.yaml', text, [{ start, end: start + 2 }, { start: 0, end: 1 }]);
  const out = formatText([file], false);
  assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(out), 'no lone surrogate in the report');
  assert.match(out, /^> 1 \| a: 1$/m);
});

test('json and sarif reports: linear in the diagnostics', () => {
  const sizes = [2000, 8000].map((n) => {
    const { text, spans } = oneLongLine(n);
    const f = reported('f.yaml', text, spans);
    return { json: formatJson([f]).length, sarif: formatSarif([f], '0.0.0', () => undefined).length };
  });
  assert.ok(sizes[1]!.json / sizes[0]!.json < 4.6);
  assert.ok(sizes[1]!.sarif / sizes[0]!.sarif < 4.6);
});

const root = tempTree();
after(() => removeTree(root));

test('calico-lint: thousands of diagnostics on one long line give a report of bounded size per diagnostic', async () => {
  const { text } = oneLongLine(3000);
  writeFileSync(join(root, 'long.yaml'), text);
  const r = await runCli(['long.yaml'], { cwd: root });
  assert.equal(r.code, 1);
  const count = r.stdout.split('\n').filter((l) => /^long\.yaml:\d+:\d+ /.test(l)).length;
  assert.ok(count >= 3000, `${count} diagnostics`);
  // Printing the 60 KB line under each diagnostic would make this about 180 MB.
  assert.ok(r.stdout.length < count * (3 * MAX_FRAME_WIDTH + 400), `${r.stdout.length} characters for ${count} diagnostics`);
});

test('calico-lint: a reader that stops early (| head) ends the report quietly, with the run\'s exit status', async () => {
  writeFileSync(join(root, 'many.yaml'), oneLongLine(500).text);
  const r = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_JS, 'many.yaml'], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    // Closed before the report is written, so writing it fails with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin.end();
  });
  assert.equal(r.stderr, '');
  assert.equal(r.code, 1, 'the file has errors');
});
