/**
 * The region re-split behind every edit (`resplitRange` in core/yaml/segments.ts, used by
 * `FileAnalysis.applyChange`): splitting only the edited range of documents, on its own, must give
 * exactly what `splitSegments` gives for the whole new text, and everything outside the range must
 * be unchanged (before it) or only shifted (after it).
 *
 * Texts are made of the lines that decide boundaries: `---` and `...` markers (bare, with a comment,
 * with content, tab after, CRLF), look-alikes (`----`, ` ---`, `...x`), comments, directives, blank
 * lines and content; edits land anywhere, insert or delete markers, newlines and content, and join
 * or split lines. The file model is checked too: its documents, per-document texts, `slice`,
 * `charCodeAt`, `length` and joined `text`, what it knows of the analyses (`hasCalico`, file-level
 * suppressions) against a fresh analysis, and that only documents in the range are re-analysed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resplitRange, splitSegments, type Segment } from '../../server/src/core/yaml/segments';
import { FileAnalysis, type TextChange } from '../../server/src/core/analysis/file';
import { analyzeSegment } from '../../server/src/core/analysis/segment';
import { random, type Rand } from '../support/random';


const LINES = [
  '---', '---', '--- # c', '--- !!map', '--- a: 1', '---\t', '...', '...', '... # end', '----', ' ---', '...x', '-- -',
  '# comment', '# comment', 'apiVersion: projectcalico.org/v3', '# calico-ignore-file', '# calico-ignore-file unknown-field', '%YAML 1.2', '%TAG ! tag:x,2000:', '', '', '  ', 'a: 1', 'kind: HostEndpoint', '  - x', '- y', 'key: |', '  ---',
];
const INSERTS = ['', '\n', '\r\n', '---\n', '\n---\n', '---', '...\n', '\n...', '...', '#', '# c\n', '%YAML 1.2\n', 'a', 'a: 1\n', '-', '.', ' ', '\t', '\r', 'x\n---\ny\n'];

function makeText(r: Rand): string {
  const n = r.int(0, 25);
  const eol = r.next() < 0.2 ? '\r\n' : '\n';
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(r.pick(LINES));
  let t = lines.join(eol);
  if (n > 0 && r.next() < 0.7) t += eol;
  return t;
}

function randomChange(r: Rand, text: string): TextChange {
  const start = r.int(0, text.length);
  const kind = r.next();
  const end = kind < 0.4 ? start : Math.min(text.length, start + (kind < 0.8 ? r.int(1, 5) : r.int(5, 60)));
  return { start, end, text: r.next() < 0.1 ? makeText(r) : r.pick(INSERTS) };
}

const apply = (text: string, c: TextChange): string => text.slice(0, c.start) + c.text + text.slice(c.end);

/** What the re-split of `resplitRange`'s range gives, assembled into a whole list of segments. */
function resplit(old: readonly Segment[], oldText: string, c: TextChange): Segment[] {
  const { first, last } = resplitRange(old, c.start, c.end);
  const base = old[first]!.start;
  const regionEnd = last < old.length ? old[last]!.start : oldText.length;
  const region = apply(oldText.slice(base, regionEnd), { start: c.start - base, end: c.end - base, text: c.text });
  const delta = c.text.length - (c.end - c.start);
  return [
    ...old.slice(0, first),
    ...splitSegments(region).map((s) => ({ start: s.start + base, end: s.end + base })),
    ...old.slice(last).map((s) => ({ start: s.start + delta, end: s.end + delta })),
  ];
}

test('re-splitting the range of an edit gives the split of the whole new text', () => {
  for (let seed = 1; seed <= 4000; seed++) {
    const r = random(seed);
    const text = makeText(r);
    const c = randomChange(r, text);
    const after = apply(text, c);
    const old = splitSegments(text);
    // An edit that empties the file leaves one empty segment, as splitSegments('') does: the range
    // then is the whole file, and it is never empty otherwise.
    const got = resplit(old, text, c);
    const want = splitSegments(after);
    assert.deepEqual(got, want, `seed ${seed}: ${JSON.stringify(text)} with ${JSON.stringify(c)} → ${JSON.stringify(after)}`);
  }
});

test('the file model follows random edits and re-analyses only the edited range', () => {
  for (let seed = 1; seed <= 400; seed++) {
    const r = random(seed * 7919);
    let text = makeText(r);
    const initial = text;
    let attached = 0;
    let detached = 0;
    const file = new FileAnalysis(text, { attached: () => attached++, detached: () => detached++ });
    file.analyzeAll();
    const log: string[] = [];
    const context = () => `seed ${seed}\ninitial: ${JSON.stringify(initial)}\n${log.join('\n')}\nnow: ${JSON.stringify(text)}`;
    const steps = r.int(1, 8);
    for (let step = 0; step < steps; step++) {
      const changes: TextChange[] = [];
      let t = text;
      for (let k = r.next() < 0.2 ? r.int(2, 3) : 1; k > 0; k--) {
        const c = randomChange(r, t);
        changes.push(c);
        t = apply(t, c);
      }
      log.push(`applyChanges(${JSON.stringify(changes)})`);
      // The documents an edit may re-analyse: those of each change's range, after the split.
      let bound = 0;
      let scratch = text;
      for (const c of changes) {
        const old = splitSegments(scratch);
        const { first, last } = resplitRange(old, c.start, c.end);
        const after = apply(scratch, c);
        bound += splitSegments(after).length - (old.length - (last - first));
        scratch = after;
      }
      const before = { attached, detached, count: file.documentCount };
      file.applyChanges(changes);
      text = t;
      file.analyzeAll();
      assert.ok(attached - before.attached <= bound, `re-analysed ${attached - before.attached} documents, at most ${bound} expected\n${context()}`);
      assert.equal(attached - detached, file.documentCount, `every document has exactly one live analysis\n${context()}`);

      const want = splitSegments(text);
      assert.deepEqual(file.documents(), want, `documents\n${context()}`);
      assert.equal(file.length, text.length, `length\n${context()}`);
      // Computed here from each document's own analysis, independently of the file model.
      const results = want.map((s) => analyzeSegment(text.slice(s.start, s.end)));
      assert.equal(file.hasCalico, results.some((x) => x.calico), `hasCalico\n${context()}`);
      let suppress: string[] | null | undefined;
      for (const x of results) {
        if (x.fileSuppress === undefined) continue;
        suppress = x.fileSuppress === null || suppress === null ? null : [...(suppress ?? []), ...x.fileSuppress];
      }
      assert.deepEqual(file.fileSuppression(), suppress, `fileSuppression\n${context()}`);
      for (const s of want) assert.equal(file.documentAt(s.start).text, text.slice(s.start, s.end), `document text at ${s.start}\n${context()}`);
      for (let i = -1; i <= text.length; i++) assert.equal(file.charCodeAt(i), text.charCodeAt(i), `charCodeAt(${i})\n${context()}`);
      for (let k = 0; k < 10; k++) {
        const a = r.int(0, text.length);
        const b = r.int(a, text.length);
        assert.equal(file.slice(a, b), text.slice(a, b), `slice(${a}, ${b})\n${context()}`);
      }
      if (r.next() < 0.5) {
        assert.equal(file.text, text, `text\n${context()}`);
        // The joined text is cached until the next change, and the accessors agree with it.
        assert.equal(file.charCodeAt(text.length - 1), text.charCodeAt(text.length - 1));
      }
    }
  }
});
