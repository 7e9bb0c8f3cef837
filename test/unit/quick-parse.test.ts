/**
 * The quick path (`server/src/core/yaml/quick-parse.ts`) against the reference path
 * (`parseAllDocuments` + `buildTree`, `parseSegmentReference`).
 *
 * The contract: the quick path either declines (`undefined`) or returns exactly what the reference
 * returns, trees and problems alike (so a quick result never has problems). It is checked on:
 * - a table of texts the quick path must take (each also with CRLF line ends and without the final
 *   line break), dense in what decides spans: comments and blank lines after the last item of
 *   nested collections at every indentation, empty values, markers;
 * - the shared tables of the CST path's test (`test/support/yaml-differential.ts`), where it may
 *   decline;
 * - a seeded generator of random documents in and around the quick path's subset (structure,
 *   scalar styles, comment and blank lines at random indentation, markers, CRLF, BOM), unmutated
 *   and mutated;
 * - the generated Calico documents of the benchmark, all of which must take the quick path, and the
 *   shared corpus (those documents and every fixture) with random mutations.
 * A mismatch anywhere is a bug in the quick path, to be fixed by declining that case there.
 * QUICK_FUZZ_CASES and QUICK_FUZZ_SEED run a longer or different campaign by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSegmentQuick } from '../../server/src/core/yaml/quick-parse';
import { parseSegmentReference, type ParsedSegment } from '../../server/src/core/analysis/segment';
import { splitSegments } from '../../server/src/core/yaml/segments';
import { corpus, crlf, FAST, mutate, OTHER, prng } from '../support/yaml-differential';
import { scaled } from '../support/fuzz-scale';

const SEED = Number(process.env.QUICK_FUZZ_SEED ?? 20261127);
const CASES = Number(process.env.QUICK_FUZZ_CASES ?? scaled(4000));

/** Asserts the quick path agrees with the reference; returns whether it took the quick path. */
function agrees(text: string, label = JSON.stringify(text)): boolean {
  let quick: ParsedSegment | undefined;
  assert.doesNotThrow(() => (quick = parseSegmentQuick(text)), `quick path threw on ${label}`);
  if (quick === undefined) return false;
  assert.deepStrictEqual(quick, parseSegmentReference(text), `quick path differs from the reference on ${label}`);
  return true;
}

// Texts the quick path must handle itself (and get exactly right).
const QUICK: Record<string, string> = {
  'block map': 'a: b\nc: d\n',
  'nested block maps': 'a:\n  b:\n    c: d\n  e: f\ng: h\n',
  'indented sequence': 'a:\n  - x\n  - y\n',
  'indentless sequence': 'a:\n- x\n- y\nb: 1\n',
  'indentless sequence in a sequence item': '- a:\n  - x\n  b: 1\n- c\n',
  'sequence of maps': 'rules:\n  - action: Allow\n    protocol: TCP\n  - action: Deny\n',
  'extra space after the dash': '-   a: b\n    c: d\n-  e\n',
  'nested sequences': '- - a\n  - b\n- - c\n',
  'root sequence': '- a\n- b\n',
  'indented root': '  a: b\n  c: d\n',
  'no final newline': 'a: b',
  'trailing spaces': 'a: b   \nc:   \n  - x  \nd: "q"  \n',
  'spaces before the colon': 'a  : b\n"c" : d\n',
  'empty values': 'a:\nb:\nc: d\n',
  'empty value with comment': 'a: # nothing\nb: 1\n',
  'empty value at end': 'a: 1\nb:',
  'empty value at end with spaces': 'a: 1\nb:   ',
  'empty value then comments at the end': 'a:\n  b:   \n# t\n',
  'empty nested value then a less indented key': 'x:\n  a:\n    b:\n    # c\n  d: 1\n',
  'empty nested value with comment then a less indented key': 'x:\n  a:\n    b: # c\n\n  d: 1\n',
  'empty sequence items': '- \n-\n- a\n-',
  'empty item with comment': '- # c\n- a\n',
  'empty last item then comments': 'a:\n  -\n  # c\nb: 1\n',
  'empty last item then a comment at the end': 'a:\n  - x\n  -   \n      # c\n',
  'comments everywhere': '# head\na: b # trailing\n# between\nc:\n  # inside\n  d: e # t\n  # after\n# end\n',
  'comment lines in a sequence': 'a:\n  - x\n  # c\n  - y\n  # last\nb: 2\n',
  'comment after the last item': 'a:\n  b: c\n# tail\n',
  'comment at the item indentation after the last item': 'a:\n  b: c\n  # x\n\nd: 1',
  'comment at the item indentation at the end': 'a:\n  b: c\n  # x\n',
  'comment after the last sequence item': 'a:\n  - x\n  # c\n',
  'comment after the last nested item': 'a:\n  b:\n    - x\n    # c\n  # d\n',
  'comment after the last item of a root sequence': '- a\n  # c\n',
  'comment after a map in a sequence item': '- a: b\n  # c\n- d\n',
  'comment after a map in the last sequence item': '- a: b\n  # c\n',
  'comment between deeper and shallower items': 'x:\n  a:\n    b: c\n    # x\n  d: 1',
  'indented comment after the last item': 'a:\n  b: c\n    # deeper\n',
  'indented comments and blank lines after a value': 'a:\n  b: c\n\n    # deeper\n\n      # more\n\n  # same\n    # deeper again\n\nd: e\n',
  'comment after a flow collection': 'a: [b] # c\nd: {e: f} # g\n',
  'comment after an indentless sequence': 'a:\n- x\n# c\nb: 1\n',
  'blank lines': '\n\na: b\n\n\nc: d\n\n',
  'blank lines with spaces': '   \na: b\n     \n  \nc:\n    \n  - d\n   ',
  'flow map': 'a: {b: c, d: e}\n',
  'flow sequence': 'a: [1, 2, 3]\n',
  'nested flow in a map': 'x: {a: [1, {b: c}], d: []}\n',
  'empty flows': 'a: []\nb: {}\nc: [ ]\nd: { }\n',
  'flow trailing comma': 'a: [1, 2,]\nb: {c: d,}\n',
  'flow quoted items': 'a: ["x", \'y\', "z: w"]\n',
  'flow json style': 'a: {"b":"c", "d": [1,2]}\n',
  'flow in a sequence item': '- {name: p-80, port: 80}\n- [a, b]\n',
  'flow spacing': 'a: [ a , b ,c ]\nb: {c : d}\n',
  'quoted keys': '"a b": 1\n\'c\': 2\n"": 3\n',
  'colon in plain scalars': 'ports: ["1000:2000", 80:90]\nurl: http://x/y\n',
  'hash in plain scalars': 'a: b#c\nd: [e#f]\n',
  'flow characters in block plain scalars': 'a: b, c]\nd: e{f}\n',
  'quote escapes': 'a: "t\\tu\\u00e9x\\x41 \\"q\\" \\\\ \\/ \\0 \\e \\N \\_ \\L \\P \\ "\nb: \'it\'\'s\'\n',
  'quoted comment characters': 'a: "b # c"\nd: \'e # f\'\n',
  'unicode': 'név: érték\n名前: "値 😀"\nemoji: 😀 x\n',
  'unicode offsets': 'a: "😀😀"\nb: c\n',
  'doc start': '---\na: b\n',
  'doc start with comment': '--- # first\na: b\n',
  'doc start with spaces': '---   \na: b\n',
  'doc end': 'a: b\n...\n',
  'doc end with comment': 'a: b\n... # done\n',
  'several documents': 'a: 1\n---\nb: 2\n--- # c\n- x\n...\n---\nc: 3\n',
  'documents after a doc end': 'a: 1\n...\n# c\nb: 2\n...\n',
  'empty document': '---\n',
  'empty documents': '---\n---\n# c\n---\n',
  'empty document with a comment': '--- # c\n',
  'only comments': '# just a comment\n# another\n',
  'empty text': '',
  'only whitespace': '\n  \n\n',
  'only doc end after a doc': '---\n...\n',
  'comments before the doc start': '# a\n\n# b\n---\na: 1\n',
  'empty value before a doc end': 'a:\n# c\n...\n',
  'empty value at column 2 before a doc start': 'x:\n  a:\n  # c\n---\nb: 1\n',
  'comments at the end of a document before a doc start': 'a:\n  b: c\n  # x\n# y\n---\nd: 1\n',
  'plain scalar typing': 'a: yes\nb: ~\nc: 0x1F\nd: 1_000\ne: .inf\nf: 2024-01-02\ng: 0o17\nh: -0b101\ni: 1e3\nj: 012\nk: null\nl: 3.0\nm: +5\nn: .5\no: Off\n',
  'typed keys': 'true: 1\n1: 2\n~: 3\n0x10: 4\n',
  'words named like object members': 'constructor: toString\n__proto__: [valueOf, hasOwnProperty]\n',
  'quoted typing': 'a: "yes"\nb: \'1\'\nc: "~"\n',
  'plain scalars starting with indicators': 'a: -1\nb: -x\nc: ?x\nd: :x\n-e: 1\n',
  'key with spaces': 'my key: my value\n',
  'deep nesting': 'a:\n  b:\n    c:\n      d:\n        e:\n          - f:\n              g: [h, {i: j}]\n',
  'long key': `${'k'.repeat(900)}: v\n`,
  'many keys': Array.from({ length: 40 }, (_, i) => `k${i}: ${i}\n`).join(''),
  'many flow keys': `m: {${Array.from({ length: 40 }, (_, i) => `k${i}: ${i}`).join(', ')}}\n`,
  'byte order mark': '\ufeffa: b\n',
  'byte order mark before a comment': '\ufeff# c\n  a: b\n',
  'byte order mark before a doc start': '\ufeff---\na: b\n',
  'calico resource': `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: allow-dns # why
  labels: {team: net}
spec:
  order: 100
  selector: "role == 'db'"
  types: [Ingress, Egress]
  ingress:
    - action: Allow
      protocol: TCP
      source:
        nets: [10.0.0.0/8]
        selector: app == 'x'
      destination:
        ports: [80, "8000:8080"]
  egress:
  - action: Allow
    protocol: UDP
    destination:
      ports:
        - 53
`,
};

// Texts the quick path must decline: each has a problem, or a construct it leaves to slower paths.
const DECLINE: Record<string, string> = {
  'duplicate keys': 'a: 1\nb: 2\na: 3\n',
  'duplicate keys across styles': 'a: 1\n"a": 2\n',
  'duplicate flow keys': 'x: {a: 1, a: 2}\n',
  'duplicate key among many': `${Array.from({ length: 40 }, (_, i) => `k${i}: ${i}\n`).join('')}"k3": x\n`,
  'duplicate flow key among many': `m: {${Array.from({ length: 40 }, (_, i) => `k${i}: ${i}`).join(', ')}, k39: x}\n`,
  'tab indentation': 'a:\n\tb: c\n',
  'tab before a comment': 'a: b\t# c\n',
  'anchor and alias': 'a: &x 1\nb: *x\n',
  'merge key': 'b:\n  <<: {p: 1}\n',
  'tag': 'a: !!str 1\n',
  'explicit key': '? a\n: b\n',
  'empty key': ': b\n',
  'directive': '%YAML 1.2\n---\na: b\n',
  'block scalar': 'a: |\n  x\n',
  'multi-line plain scalar': 'a: b\n  c\n',
  'multi-line double-quoted': 'a: "b\n  c"\n',
  'multi-line flow': 'a: [b,\n  c]\n',
  'unclosed flow': 'a: [b, c\n',
  'compact nested map': 'a: b: c\n',
  'sequence on the key line': 'a: - b\n',
  'bad indentation': 'a:\n  b: c\n d: e\n',
  'root scalar': 'hello\n',
  'root flow': '[a, b]\n',
  'flow key': '{a: b}: c\n',
  'comment without space after quote': 'a: "b"#c\n',
  'comment without space after flow': 'a: [b]#c\n',
  'value on the line after the dash': '-\n  a: b\n',
  'scalar on the line after the key': 'a:\n  b\n',
  'empty flow item': 'a: [b, , c]\n',
  'empty flow value': 'a: {b: , c: d}\n',
  'flow key without value': 'a: {b, c: d}\n',
  'pair in a flow sequence': 'a: [b: c]\n',
  'bad escape': 'a: "\\q"\n',
  'long escape': 'a: "\\U0001F600"\n',
  'control character': 'a: b\u0001c\n',
  'lone carriage return': 'a: b\rc: d\n',
  'line separator': 'a: x\u2028y\n',
  'byte order mark inside': 'a: b\n\ufeffc: d\n',
  'lone surrogate': 'a: \ud800\n',
  'doc end first': '...\na: b\n',
  'content on the doc start line': '--- a: b\n',
  'key over 1024 characters': `${'k'.repeat(1030)}: v\n`,
  'empty root map value and a comment before a doc start': 'a: 1\nb:\n\n# c\n---\nc: 2\n',
  'deeper than the limit': `${'- '.repeat(150)}x\n`,
};

test('the quick path takes the common constructs and agrees with the reference on them', () => {
  const declined: string[] = [];
  for (const [name, text] of Object.entries(QUICK)) {
    const variants: Array<[string, string]> = [['LF', text], ['CRLF', crlf(text)]];
    if (text.endsWith('\n')) variants.push(['no final line break', text.replace(/\n$/, '')]);
    for (const [variant, t] of variants) if (!agrees(t, `${name} (${variant})`)) declined.push(`${name} (${variant})`);
  }
  assert.deepEqual(declined, [], 'the quick path should have handled these');
});

test('the quick path declines what it leaves to the slower paths', () => {
  for (const [name, text] of Object.entries(DECLINE)) {
    assert.equal(parseSegmentQuick(text), undefined, name);
    assert.equal(parseSegmentQuick(crlf(text)), undefined, `${name} (CRLF)`);
  }
});

test('on the CST path tables the quick path declines or agrees', () => {
  for (const [name, text] of Object.entries({ ...FAST, ...OTHER })) {
    agrees(text, `${name} (LF)`);
    agrees(crlf(text), `${name} (CRLF)`);
  }
});

// --- A generator of random documents around the quick path's subset ----------------------------

const WORDS = ['a', 'b', 'name', 'spec', 'action', 'Allow', 'TCP', 'selector', 'ports', 'nets', 'x y', 'é', '名前', '😀'];
const PLAIN = [
  'a', 'Allow', 'TCP', 'value', '80', '-1', '+5', '0x1F', '1_000', '0o17', '012', '1e3', '3.0', '.5', '.inf', '-.Inf', '.nan',
  'yes', 'No', 'on', 'y', '~', 'null', 'true', 'False', 'a b', 'a  b', 'http://x:80/y', 'a#b', 'a:b', '10.0.0.0/8',
  'fd00::/64', "app == 'x'", 'a, b', 'a]b', 'a{b}', '2024-01-02', 'é', 'név', '😀 x', ':a', '?b', '-x', 'constructor',
  '80:90', '-0b101', '1.5e-3', '0', '00', '-', 'a\'b', 'a"b',
];
const FLOW_PLAIN = ['a', 'Allow', '80', '-1', 'yes', '~', 'a b', 'a:b', 'a#b', 'http://x', '10.0.0.0/8', 'é', '😀', '-x', '?b', '0x10'];
const DOUBLE = ['"x"', '"a b"', '"yes"', '""', '"\\t\\n"', '"\\"q\\""', '"\\\\"', '"\\x41"', '"\\u00e9"', '"\\/"', '"a # b"', '"k: v"', '"😀"', '"a, b"', '"[x]"'];
const SINGLE = ["'x'", "'it''s'", "''", "'a # b'", "'k: v'", "'\"'", "'1'"];
// Rare constructs and mistakes, so that the generated texts also probe where the quick path stops.
const ODD = [
  '&a x', '*a', '!!str x', '|', '>-', '"\\q"', '"\\U0001F600"', "'open", '"open', 'a: b', '[a', '{a', '%x', '@x', '`x', ',x', '- x', '? x',
  'x\ty', '<<', 'a\u0085b', 'a\u2028b', 'a\u0000b', 'a\u007fb', '\ud800', '"\ud83d"', 'a\ufeffb', '"\\ud800"', 'a\rb',
];

class Gen {
  /** How often blank and comment lines are put before a content line (varies per text). */
  private triviaRate = 0.18;

  constructor(private readonly rnd: () => number) {}

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.rnd() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)]!;
  }

  comment(): string {
    return this.pick([' # c', '  # note', ' #', ' #x', '    # spaced']);
  }

  trailing(): string {
    return (this.chance(0.15) ? this.comment() : '') + (this.chance(0.05) ? '  ' : '');
  }

  scalar(): string {
    const r = this.rnd();
    if (r < 0.02) return this.pick(ODD);
    if (r < 0.15) return this.pick(DOUBLE);
    if (r < 0.22) return this.pick(SINGLE);
    return this.pick(PLAIN);
  }

  flowScalar(): string {
    const r = this.rnd();
    if (r < 0.15) return this.pick(DOUBLE);
    if (r < 0.22) return this.pick(SINGLE);
    return this.pick(FLOW_PLAIN);
  }

  flow(depth: number): string {
    const isMap = this.chance(0.4);
    const n = this.int(0, 3);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      const v = depth < 3 && this.chance(0.2) ? this.flow(depth + 1) : this.flowScalar();
      const quoted = this.chance(0.2);
      const colon = quoted ? this.pick([': ', ':', ' : ', ':  ']) : this.pick([': ', ': ', ' : ', ':  ']);
      parts.push(isMap ? `${quoted ? `"k${i}"` : `k${i}`}${colon}${v}` : v);
    }
    const sep = this.pick([', ', ',', ' , ', ',  ']);
    const pad = this.chance(0.2) ? ' ' : '';
    const comma = n > 0 && this.chance(0.1) ? ',' : '';
    return `${isMap ? '{' : '['}${pad}${parts.join(sep)}${comma}${pad}${isMap ? '}' : ']'}`;
  }

  key(i: number): string {
    const r = this.rnd();
    if (r < 0.01) return this.pick(ODD);
    if (r < 0.08) return `"${this.pick(WORDS)}${i}"`;
    if (r < 0.11) return `'${this.pick(WORDS)}${i}'`;
    if (r < 0.14) return String(i + 10);
    if (r < 0.16) return ['true', 'null', '~', 'yes'][i % 4]!;
    // Around the composer's 1024-character limit for implicit keys.
    if (r < 0.165) return 'k'.repeat(this.int(960, 1040)) + i;
    return `${this.pick(WORDS)}${i}`;
  }

  /** Content lines of a block mapping at column `ind`: [indentation, text]. */
  map(ind: number, depth: number): Array<[number, string]> {
    const out: Array<[number, string]> = [];
    // Now and then a mapping large enough for the quick path's set of seen keys.
    const n = this.chance(0.04) ? this.int(5, 24) : this.int(1, 4);
    for (let i = 0; i < n; i++) {
      const key = this.key(i) + (this.chance(0.05) ? '  ' : '');
      const r = this.rnd();
      if (depth < 5 && r < 0.22) {
        out.push([ind, `${key}:${this.trailing()}`], ...this.map(ind + this.int(1, 4), depth + 1));
      } else if (depth < 5 && r < 0.38) {
        out.push([ind, `${key}:${this.trailing()}`], ...this.seq(this.chance(0.4) ? ind : ind + this.int(1, 3), depth + 1));
      } else if (r < 0.5) {
        out.push([ind, `${key}:${this.chance(0.2) ? ' ' : ''}${this.trailing()}`]);
      } else if (r < 0.6) {
        out.push([ind, `${key}: ${this.flow(0)}${this.trailing()}`]);
      } else {
        out.push([ind, `${key}: ${this.scalar()}${this.trailing()}`]);
      }
    }
    return out;
  }

  /** Content lines of a block sequence at column `ind`. */
  seq(ind: number, depth: number): Array<[number, string]> {
    const out: Array<[number, string]> = [];
    const n = this.int(1, 4);
    for (let i = 0; i < n; i++) {
      const r = this.rnd();
      if (depth < 5 && r < 0.3) {
        const extra = this.chance(0.1) ? 1 : 0;
        const m = this.map(ind + 2 + extra, depth + 1);
        out.push([ind, `-${' '.repeat(1 + extra)}${m[0]![1]}`], ...m.slice(1));
      } else if (depth < 5 && r < 0.36) {
        const s = this.seq(ind + 2, depth + 1);
        out.push([ind, `- ${s[0]![1]}`], ...s.slice(1));
      } else if (r < 0.45) {
        out.push([ind, `-${this.chance(0.3) ? ' ' : ''}${this.trailing()}`]);
      } else if (r < 0.55) {
        out.push([ind, `- ${this.flow(0)}${this.trailing()}`]);
      } else {
        out.push([ind, `-${this.chance(0.1) ? '   ' : ' '}${this.scalar()}${this.trailing()}`]);
      }
    }
    return out;
  }

  /** Blank and comment lines, at random indentation up to `max`. */
  trivia(max: number): string[] {
    const out: string[] = [];
    const n = this.int(1, 3);
    for (let i = 0; i < n; i++) {
      const r = this.rnd();
      if (r < 0.3) out.push(this.chance(0.3) ? ' '.repeat(this.int(1, max + 2)) : '');
      else out.push(`${' '.repeat(this.int(0, max + 2))}#${this.pick([' c', ' c', '', ' a\tb: [c'])}`);
    }
    return out;
  }

  document(first: boolean, needStart: boolean): string[] {
    const lines: string[] = [];
    if (this.chance(0.2)) lines.push(...this.trivia(0));
    const start = needStart || this.chance(0.4);
    if (start) lines.push(`---${this.pick(['', '', '', ' ', '   ', this.comment()])}`);
    const r = this.rnd();
    const rootInd = this.chance(0.05) ? this.int(1, 2) : 0;
    const content = r < 0.7 ? this.map(rootInd, 0) : r < 0.93 || !start ? this.seq(rootInd, 0) : [];
    for (const [ind, text] of content) {
      if (this.chance(this.triviaRate)) lines.push(...this.trivia(ind + 2));
      lines.push(' '.repeat(ind) + text);
    }
    if (this.chance(0.35)) lines.push(...this.trivia(6));
    if (!first && lines.length === 0) lines.push('---');
    return lines;
  }

  text(): string {
    const lines: string[] = [];
    this.triviaRate = this.pick([0, 0.1, 0.18, 0.5]);
    const docs = this.chance(0.75) ? 1 : this.int(2, 3);
    let ended = true;
    for (let d = 0; d < docs; d++) {
      lines.push(...this.document(d === 0, !ended));
      ended = this.chance(0.25);
      if (ended) lines.push(`...${this.chance(0.2) ? this.comment() : ''}`);
    }
    let text = lines.join('\n');
    if (this.chance(0.8)) text += '\n';
    if (this.chance(0.2)) text = crlf(text);
    if (this.chance(0.03)) text = '\ufeff' + text;
    return text;
  }
}

test('differential fuzz: generated documents around the subset', (t) => {
  const rnd = prng(SEED);
  const gen = new Gen(rnd);
  let quick = 0;
  let clean = 0;
  let quickClean = 0;
  let mutated = 0;
  let quickMutated = 0;
  for (let i = 0; i < CASES; i++) {
    const text = gen.text();
    const ok = agrees(text, `generated case ${i}: ${JSON.stringify(text)}`);
    if (ok) quick++;
    if (parseSegmentReference(text).problems.length === 0) {
      clean++;
      if (ok) quickClean++;
    }
    // The same text with one or two random mutations.
    let m = text;
    const k = 1 + Math.floor(rnd() * 2);
    for (let j = 0; j < k; j++) m = mutate(m, rnd);
    mutated++;
    if (agrees(m, `mutated generated case ${i}: ${JSON.stringify(m)}`)) quickMutated++;
  }
  t.diagnostic(`${CASES} generated texts (${clean} without problems): ${quick} on the quick path (${quickClean} of the clean ones); ${mutated} mutated, ${quickMutated} on the quick path; no mismatch`);
  // The generator stays inside the subset most of the time: most clean texts must be taken.
  assert.ok(quickClean >= clean * 0.8, `only ${quickClean} of ${clean} clean generated texts took the quick path`);
  assert.ok(quickMutated > mutated / 5, `only ${quickMutated} mutated texts took the quick path`);
});

test('every generated Calico document takes the quick path', async () => {
  const gen = (await import('../../bench/lib/calico-gen.mjs' as string)) as { generate(o: object): { text: string } };
  const text = gen.generate({ docs: 300, invalid: 0.1, semanticInvalid: 0.05, seed: 11 }).text;
  const declined: number[] = [];
  splitSegments(text).forEach((s, i) => {
    if (!agrees(text.slice(s.start, s.end), `generated Calico document ${i}`)) declined.push(i);
  });
  assert.deepEqual(declined, []);
  assert.ok(agrees(text, 'the whole generated file'), 'the whole file in one text');
});

test('differential fuzz: mutated Calico documents and fixtures', async (t) => {
  const texts = await corpus();
  const rnd = prng(SEED + 1);
  let quick = 0;
  for (let i = 0; i < CASES; i++) {
    let text = texts[Math.floor(rnd() * texts.length)]!;
    if (rnd() < 0.2) text = crlf(text);
    const n = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < n; k++) text = mutate(text, rnd);
    if (agrees(text, `fuzz case ${i}: ${JSON.stringify(text)}`)) quick++;
  }
  t.diagnostic(`${texts.length} documents, ${CASES} mutated cases, ${quick} on the quick path, no mismatch`);
  assert.ok(quick > CASES / 5, `only ${quick} mutated cases took the quick path`);
});
