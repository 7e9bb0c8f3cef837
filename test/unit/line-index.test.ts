/**
 * The line table that turns offsets into LSP positions (`LineIndex` in common/positions.ts) and the
 * open-document model built on it (lsp/document.ts) must answer exactly as
 * vscode-languageserver-textdocument does on the same text, through any sequence of edits.
 *
 * The oracle is a fresh `TextDocument` of the text after each edit (it computes its table from
 * scratch, so it is right by construction). Edits are applied by offset, anywhere: between the `\r`
 * and `\n` of a pair (splitting it), next to a lone `\r` or `\n` (joining them into a pair),
 * deleting what stands between a `\r` and a `\n`, at the very start and end, and whole pastes.
 * Half of the sequences read the text from a plain string, the other half from the analysis core
 * (a `FileAnalysis`, which holds the text per YAML document), as the language server does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, mapperFor, type TextSource } from '../../server/src/common/positions';
import { OpenDocument } from '../../server/src/lsp/document';
import { FileAnalysis } from '../../server/src/core/analysis/file';
import { random, type Rand } from '../support/random';


const PIECES = ['a', 'key: value', '---', '# é 🙂', ' ', '\n', '\r\n', '\r', '\n\r', '\r\r\n', '\n\n', '\r\r', 'x\ny', 'x\r\ny\rz'];
const INSERTS = ['', '', '\n', '\r', '\r\n', '\n\r', 'x', 'ab', '\r\nx', 'x\r', '\nx', 'x\n', 'a\r\nb\rc\nd', '🙂', '---\r\n', '\r\r\n\n'];

function makeText(r: Rand): string {
  let t = '';
  const n = r.int(0, 30);
  for (let i = 0; i < n; i++) t += r.pick(PIECES);
  return t;
}

/** Every answer of `mapper` against a fresh TextDocument of `text`. */
function compare(mapper: { positionAt: LineIndex['positionAt']; offsetAt: LineIndex['offsetAt'] }, text: string, context: () => string): void {
  const oracle = TextDocument.create('file:///oracle', 'yaml', 0, text);
  for (let offset = -2; offset <= text.length + 2; offset++) {
    assert.deepEqual(mapper.positionAt(offset), oracle.positionAt(offset), `positionAt(${offset})\n${context()}`);
  }
  const lines = oracle.lineCount;
  for (let line = -1; line <= lines + 1; line++) {
    const len = line >= 0 && line < lines ? oracle.offsetAt({ line: line + 1, character: 0 }) - oracle.offsetAt({ line, character: 0 }) : 2;
    for (let character = -1; character <= len + 2; character++) {
      const p = { line, character };
      assert.equal(mapper.offsetAt(p), oracle.offsetAt(p), `offsetAt(${JSON.stringify(p)})\n${context()}`);
    }
  }
}

function runSequence(seed: number): void {
  const r = random(seed);
  let text = makeText(r);
  const initial = text;
  // The text source: a holder of the current string, or the analysis core.
  const useCore = seed % 2 === 0;
  const holder = { text };
  const core = new FileAnalysis(text);
  const source: TextSource = useCore
    ? core
    : {
        get length() {
          return holder.text.length;
        },
        charCodeAt: (i: number) => holder.text.charCodeAt(i),
      };
  const index = new LineIndex(text, source);
  const log: string[] = [];
  const context = () => `seed ${seed} (${useCore ? 'core' : 'string'} source)\ninitial: ${JSON.stringify(initial)}\n${log.join('\n')}\nnow: ${JSON.stringify(text)}`;
  compare(index, text, context);
  const steps = r.int(1, 12);
  for (let step = 0; step < steps; step++) {
    if (r.next() < 0.05) {
      text = makeText(r);
      log.push(`reset(${JSON.stringify(text)})`);
      holder.text = text;
      core.setText(text);
      index.reset(text);
    } else {
      const start = r.int(0, text.length);
      const end = r.next() < 0.4 ? start : Math.min(text.length, start + r.int(0, 6));
      const inserted = r.next() < 0.1 ? makeText(r) : r.pick(INSERTS);
      log.push(`update(${start}, ${end}, ${JSON.stringify(inserted)})`);
      text = text.slice(0, start) + inserted + text.slice(end);
      holder.text = text;
      core.applyChanges([{ start, end, text: inserted }]);
      index.update(start, end, inserted);
    }
    assert.equal(index.lineCount, TextDocument.create('file:///o', 'yaml', 0, text).lineCount, `lineCount\n${context()}`);
    compare(index, text, context);
  }
}

test('the line index answers as vscode-languageserver-textdocument after random edits', () => {
  for (let seed = 1; seed <= 600; seed++) runSequence(seed);
});

test('edits that join and split CRLF pairs', () => {
  const cases: Array<[string, number, number, string]> = [
    ['a\r\nb', 2, 2, 'x'], // split: a line break after the \r appears
    ['a\rxb\nc', 2, 3, ''], // join: what stood between \r and \n is deleted
    ['a\r', 2, 2, '\nb'], // join: \n inserted after a lone \r
    ['a\nb', 1, 1, '\r'], // join: \r inserted before a lone \n
    ['a\r\nb', 1, 2, ''], // the \r of a pair deleted
    ['a\r\nb', 2, 3, ''], // the \n of a pair deleted
    ['\r\n', 0, 2, '\n\r'],
    ['', 0, 0, '\r\n\r\n'],
  ];
  for (const [before, start, end, inserted] of cases) {
    const after = before.slice(0, start) + inserted + before.slice(end);
    const holder = { text: before };
    const index = new LineIndex(before, { get length() { return holder.text.length; }, charCodeAt: (i) => holder.text.charCodeAt(i) });
    holder.text = after;
    index.update(start, end, inserted);
    compare(index, after, () => JSON.stringify({ before, start, end, inserted }));
  }
});

test('mapperFor answers as TextDocument on whole texts', () => {
  const r = random(7);
  for (let i = 0; i < 200; i++) {
    const text = makeText(r);
    compare(mapperFor(text), text, () => JSON.stringify(text));
  }
});

test('an open document reads its text from the core and follows its edits', () => {
  const text = 'apiVersion: projectcalico.org/v3\r\nkind: GlobalNetworkPolicy\r\n---\r\nkind: HostEndpoint\r\n';
  const file = new FileAnalysis(text);
  const doc = new OpenDocument('file:///x.yaml', 'yaml', 1, text, { get length() { return file.length; }, charCodeAt: (i) => file.charCodeAt(i), getText: () => file.text });
  let current = text;
  const edit = (range: { start: { line: number; character: number }; end: { line: number; character: number } }, inserted: string) => {
    const { start, end } = doc.offsetsOf(range);
    current = current.slice(0, start) + inserted + current.slice(end);
    file.applyChanges([{ start, end, text: inserted }]);
    doc.changed(start, end, inserted);
  };
  edit({ start: { line: 1, character: 4 }, end: { line: 1, character: 4 } }, '\r\n');
  // A reversed range is taken the other way round, as TextDocument.update does.
  edit({ start: { line: 3, character: 3 }, end: { line: 3, character: 0 } }, '--- # x');
  edit({ start: { line: 99, character: 0 }, end: { line: 99, character: 0 } }, 'spec: {}\n');
  assert.equal(doc.getText(), current);
  assert.equal(file.text, current);
  compare(doc, current, () => JSON.stringify(current));
  file.setText('a\rb');
  doc.replaced('a\rb');
  compare(doc, 'a\rb', () => 'after replaced()');
});
